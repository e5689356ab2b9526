// <arpa/inet.h> as glibc 2.36 does it: inet_aton, inet_pton and inet_ntop. ipvsadm reads its
// arguments and /proc lines with these and prints every address with inet_ntop, so their
// exact acceptance rules and text are part of its behaviour.
import { AF_INET, AF_INET6 } from './socket.js';
import { isdigit, isspace, xdigitValue } from './ctype.js';
import { strtoul } from './stdlib.js';

/** Largest value of the last part of an inet_aton address with 1, 2, 3 or 4 parts. */
const LAST_PART_LIMIT = [0xffffffff, 0xffffff, 0xffff, 0xff];

/**
 * inet_aton(): 1 to 4 dot-separated parts, each read by strtoul(…, 0) (decimal, octal 0…,
 * hex 0x…), the last one filling the remaining bytes (`1.2` = 1.0.0.2). Anything after a
 * white-space character is ignored (`1.2.3.4 junk` is 1.2.3.4). The 4 address bytes, or null.
 */
export function inetAton(text: string): Uint8Array | null {
  // The common spelling, four plain decimal parts, reads the same under both functions;
  // inet_pton's loop is far cheaper than strtoul's (big integers) for every -R line.
  const plain = inetPton4(text);
  if (plain) return plain;
  const parts: number[] = [];
  let i = 0;
  let last: number;
  for (;;) {
    if (!isdigit(text[i])) return null;
    const part = strtoul(text.slice(i), 0);
    if (part.overflow || part.value > 0xffffffffn) return null;
    last = Number(part.value);
    i += part.end;
    if (text[i] !== '.') break;
    if (parts.length > 2 || last > 0xff) return null;
    parts.push(last);
    i++;
  }
  if (i < text.length && !isspace(text[i])) return null;
  if (last > LAST_PART_LIMIT[parts.length]!) return null;
  const bytes = new Uint8Array(4);
  parts.forEach((p, k) => (bytes[k] = p));
  for (let k = 3; k >= parts.length; k--) {
    bytes[k] = last % 256;
    last = Math.floor(last / 256);
  }
  return bytes;
}

/** inet_pton(AF_INET): exactly four decimal parts 0..255, no leading zeros. 4 bytes, or null. */
export function inetPton4(text: string): Uint8Array | null {
  const out = new Uint8Array(4);
  return pton4Into(text, out, 0) ? out : null;
}

function pton4Into(text: string, out: Uint8Array, at: number): boolean {
  let octets = 0;
  let sawDigit = false;
  let cur = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (sawDigit && cur === 0) return false; // leading zero
      cur = cur * 10 + (code - 48);
      if (cur > 255) return false;
      if (!sawDigit) {
        if (++octets > 4) return false;
        sawDigit = true;
      }
      out[at + octets - 1] = cur;
    } else if (code === 46 && sawDigit) {
      if (octets === 4) return false;
      sawDigit = false;
      cur = 0;
    } else {
      return false;
    }
  }
  return octets === 4;
}

/** inet_pton(AF_INET6), including a trailing dotted quad. 16 bytes, or null. */
export function inetPton6(text: string): Uint8Array | null {
  const tmp = new Uint8Array(16);
  let tp = 0;
  let colonAt = -1;
  let pos = 0;
  if (text.length === 0) return null;
  if (text[0] === ':') {
    pos = 1;
    if (pos === text.length || text[pos] !== ':') return null;
  }
  let tokenStart = pos;
  let digits = 0;
  let val = 0;
  let sawIPv4 = false;
  while (pos < text.length) {
    const ch = text[pos++]!;
    const d = xdigitValue(ch);
    if (d >= 0) {
      if (digits === 4) return null;
      val = (val << 4) | d;
      digits++;
      continue;
    }
    if (ch === ':') {
      tokenStart = pos;
      if (digits === 0) {
        if (colonAt >= 0) return null;
        colonAt = tp;
        continue;
      } else if (pos === text.length) {
        return null;
      }
      if (tp + 2 > 16) return null;
      tmp[tp++] = (val >> 8) & 0xff;
      tmp[tp++] = val & 0xff;
      digits = 0;
      val = 0;
      continue;
    }
    if (ch === '.' && tp + 4 <= 16 && pton4Into(text.slice(tokenStart), tmp, tp)) {
      tp += 4;
      digits = 0;
      sawIPv4 = true;
      break;
    }
    return null;
  }
  if (!sawIPv4 && digits > 0) {
    if (tp + 2 > 16) return null;
    tmp[tp++] = (val >> 8) & 0xff;
    tmp[tp++] = val & 0xff;
  }
  if (colonAt >= 0) {
    if (tp === 16) return null; // `::` would stand for nothing
    const n = tp - colonAt;
    tmp.copyWithin(16 - n, colonAt, tp);
    tmp.fill(0, colonAt, 16 - n);
    tp = 16;
  }
  if (tp !== 16) return null;
  return tmp;
}

/** inet_ntop(AF_INET): the dotted quad of the first 4 bytes. */
export function inetNtop4(addr: Uint8Array): string {
  return `${addr[0] ?? 0}.${addr[1] ?? 0}.${addr[2] ?? 0}.${addr[3] ?? 0}`;
}

function word16(addr: Uint8Array, i: number): number {
  return (((addr[2 * i] ?? 0) << 8) | (addr[2 * i + 1] ?? 0)) >>> 0;
}

/**
 * inet_ntop(AF_INET6): lowercase hex without leading zeros; the *first* longest run of at
 * least two zero groups becomes `::`; `::a.b.c.d` when exactly the first six groups are zero
 * (IPv4-compatible), `::ffff:a.b.c.d` when the first five are zero and the sixth is ffff
 * (IPv4-mapped). `::2` stays `::2` (seven zero groups are not the compatible form).
 */
export function inetNtop6(addr: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(word16(addr, i));

  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i <= 8; i++) {
    if (i < 8 && words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 0;
      }
      curLen++;
    } else if (curBase >= 0) {
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (bestLen < 2) bestBase = -1;

  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      return out + inetNtop4(addr.subarray(12, 16));
    }
    out += words[i]!.toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** inet_ntop(af, addr): null for a family other than AF_INET / AF_INET6 (C: NULL, EAFNOSUPPORT). */
export function inetNtop(af: number, addr: Uint8Array): string | null {
  if (af === AF_INET) return inetNtop4(addr);
  if (af === AF_INET6) return inetNtop6(addr);
  return null;
}

/** inet_pton(af, text): 4 bytes for AF_INET, 16 for AF_INET6; null when not an address (or family). */
export function inetPton(af: number, text: string): Uint8Array | null {
  if (af === AF_INET) return inetPton4(text);
  if (af === AF_INET6) return inetPton6(text);
  return null;
}
