// Small value readers of ipvsadm's options: fixed-size name fields, tunnel types, multicast
// groups and scheduler flags.
import { SCHED_FLAG_WORDS, TUN_TYPE_GRE, TUN_TYPE_GUE, TUN_TYPE_IPIP } from '../model.js';
import { inetNtop4, inetNtop6, inetPton4, inetPton6 } from '../libc/inet.js';
import type { TunnelTypeName } from './compat.js';

/**
 * The first `maxBytes` bytes of a UTF-8 string, as a C strncpy into a fixed field keeps
 * them; a character cut in the middle is dropped whole (a JS string cannot hold half of it).
 */
export function truncateBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // back to a character start
  return bytes.subarray(0, end).toString('utf8');
}

export const TUNNEL_TYPES: Readonly<Record<TunnelTypeName, number>> = {
  ipip: TUN_TYPE_IPIP,
  gue: TUN_TYPE_GUE,
  gre: TUN_TYPE_GRE,
};

export function tunnelTypeName(type: number): TunnelTypeName {
  return (Object.keys(TUNNEL_TYPES) as TunnelTypeName[]).find((name) => TUNNEL_TYPES[name] === type) ?? 'ipip';
}

/** `--tun-type`: exactly `ipip`, `gue` or `gre`. */
export function parseTunnelType(text: string): number | null {
  return Object.hasOwn(TUNNEL_TYPES, text) ? TUNNEL_TYPES[text as TunnelTypeName] : null;
}

/**
 * `--mcast-group`: with a ':' an IPv6 multicast address (ff00::/8), else a strict dotted quad
 * in 224.0.0.0/4. Returns the address as inet_ntop text, or the error message.
 */
export function parseMcastGroup(text: string): { group: string } | { error: string } {
  if (text.includes(':')) {
    const v6 = inetPton6(text);
    if (!v6 || v6[0] !== 0xff) return { error: `invalid IPv6 mcast-group \`${text}'` };
    return { group: inetNtop6(v6) };
  }
  const v4 = inetPton4(text);
  if (!v4 || (v4[0]! & 0xf0) !== 0xe0) return { error: `invalid IPv4 mcast-group \`${text}'` };
  return { group: inetNtop4(v4) };
}

export { SCHED_FLAG_WORDS };

/**
 * The `-b` list checked against the scheduler of the same command line: empty words are
 * skipped, the first bad word (left to right) is reported.
 */
export function parseSchedFlags(list: string, scheduler: string): { flags: number } | { error: string } {
  let flags = 0;
  for (const word of list.split(',')) {
    if (word === '') continue;
    const known = Object.hasOwn(SCHED_FLAG_WORDS, word) ? SCHED_FLAG_WORDS[word] : undefined;
    if (!known) return { error: `invalid scheduler flag \`${word}'` };
    flags |= known.bit;
    if (known.scheduler !== undefined && known.scheduler !== scheduler) {
      return { error: `incompatible scheduler flag \`${word}'` };
    }
  }
  return { flags };
}
