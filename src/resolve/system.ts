// The NameResolver the way glibc answers ipvsadm: /etc/hosts first (first matching line; the
// official name is the first name on it; aliases work forwards; names match case-blind),
// then, for what the file does not know, the system's own lookup through nsswitch via
// getent(1); services from /etc/services (official name per port and protocol; aliases work
// for name -> port). Files are read once, lazily; every answer is cached.
import fs from 'node:fs';
import { AF_INET, AF_INET6 } from '../model.js';
import type { RawAddress } from '../model.js';
import { inetAton, inetNtop4, inetNtop6, inetPton6 } from '../libc/inet.js';
import { childProcess } from '../libc/unistd.js';
import type { NameResolver, PortProtocol } from './resolver.js';

export interface SystemResolverOptions {
  /** Default /etc/hosts. */
  hostsFile?: string;
  /** Default /etc/services. */
  servicesFile?: string;
  /**
   * Lookups beyond the hosts file (DNS and whatever nsswitch names). Default: getent(1) with
   * a timeout; pass `null` to use the files only.
   */
  fallback?: HostFallback | null;
}

/** Host lookups the files could not answer. */
export interface HostFallback {
  /** First IPv4 address of a name (gethostbyname), or null. */
  hostToIPv4(name: string): Uint8Array | null;
  /** Official name of an address (gethostbyaddr), or null. */
  addrToHost(af: number, text: string): string | null;
}

interface HostLine {
  af: number;
  /** 4 bytes for IPv4, 16 for IPv6. */
  addr: Uint8Array;
  /** Official name first, then aliases. */
  names: string[];
}

interface ServiceLine {
  name: string;
  port: number;
  proto: string;
  aliases: string[];
}

/** Fields of a config-file line, comments (`#` to the end) removed. */
function fieldsOf(line: string): string[] {
  const hash = line.indexOf('#');
  return (hash < 0 ? line : line.slice(0, hash)).split(/[ \t\r\v\f]+/).filter((f) => f !== '');
}

/** /etc/hosts lines, in file order: ADDRESS NAME [ALIASES...]. */
export function parseHostsFile(text: string): HostLine[] {
  const lines: HostLine[] = [];
  for (const line of text.split('\n')) {
    const [address, ...names] = fieldsOf(line);
    if (address === undefined || names.length === 0) continue;
    const v6 = inetPton6(address);
    if (v6) {
      lines.push({ af: AF_INET6, addr: v6, names });
      continue;
    }
    const v4 = inetAton(address);
    if (v4) lines.push({ af: AF_INET, addr: v4, names });
  }
  return lines;
}

/** /etc/services lines, in file order: NAME PORT/PROTO [ALIASES...]. */
export function parseServicesFile(text: string): ServiceLine[] {
  const lines: ServiceLine[] = [];
  for (const line of text.split('\n')) {
    const [name, portProto, ...aliases] = fieldsOf(line);
    const m = /^(\d+)\/(.+)$/.exec(portProto ?? '');
    if (name === undefined || !m) continue;
    const port = Number(m[1]);
    if (port > 65535) continue;
    lines.push({ name, port, proto: m[2]!, aliases });
  }
  return lines;
}

function readFileOrEmpty(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) answers IPv4 lookups too, as in glibc. */
function mappedIPv4(addr: Uint8Array): Uint8Array | null {
  for (let i = 0; i < 10; i++) if (addr[i] !== 0) return null;
  if (addr[10] !== 0xff || addr[11] !== 0xff) return null;
  return addr.slice(12, 16);
}

/** strcasecmp's idea of equal names: ASCII letters fold, nothing else does. */
function asciiLower(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** How long one getent call may take (a resolver that does not answer). */
const GETENT_TIMEOUT_MS = 10_000;

function getent(args: string[]): string | null {
  try {
    return childProcess().execFileSync('getent', args, {
      encoding: 'utf8',
      timeout: GETENT_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null; // not found (exit 2), no getent, or timed out
  }
}

/** getent(1): nsswitch's own answer, files and DNS alike. */
export const getentFallback: HostFallback = {
  hostToIPv4(name) {
    // `ahostsv4` is getaddrinfo(AF_INET); its first line carries the first address.
    const out = getent(['ahostsv4', '--', name]);
    const first = out?.split(/\s+/)[0];
    return first ? inetAton(first) : null;
  },
  addrToHost(_af, text) {
    // `hosts ADDRESS` is gethostbyaddr: "ADDRESS  NAME ALIASES...".
    const out = getent(['hosts', '--', text]);
    return out?.split('\n')[0]?.trim().split(/\s+/)[1] ?? null;
  },
};

/** Names gethostbyname answers from the text alone (numbers and IPv6 forms), never via DNS. */
function isNumericLooking(name: string): boolean {
  return name === '' || name.includes(':') || (/^[0-9]/.test(name) && /^[0-9.]+$/.test(name));
}

export function createSystemResolver(options: SystemResolverOptions = {}): NameResolver {
  const hostsFile = options.hostsFile ?? '/etc/hosts';
  const servicesFile = options.servicesFile ?? '/etc/services';
  const fallback = options.fallback === undefined ? getentFallback : options.fallback;

  let hosts: HostLine[] | undefined;
  let services: ServiceLine[] | undefined;
  const hostsLines = () => (hosts ??= parseHostsFile(readFileOrEmpty(hostsFile)));
  const servicesLines = () => (services ??= parseServicesFile(readFileOrEmpty(servicesFile)));

  const forward = new Map<string, Uint8Array | null>();
  const reverse = new Map<string, string | null>();

  function hostToIPv4(name: string): Uint8Array | null {
    const cached = forward.get(name);
    if (cached !== undefined) return cached?.slice() ?? null;
    let found: Uint8Array | null = null;
    const wanted = asciiLower(name);
    for (const line of hostsLines()) {
      if (!line.names.some((n) => asciiLower(n) === wanted)) continue;
      const v4 = line.af === AF_INET ? line.addr : mappedIPv4(line.addr);
      if (v4) {
        found = v4.slice();
        break;
      }
    }
    if (!found && fallback && !isNumericLooking(name)) found = fallback.hostToIPv4(name);
    forward.set(name, found);
    return found?.slice() ?? null;
  }

  function addrToHost(af: number, addr: RawAddress): string | null {
    const size = af === AF_INET ? 4 : af === AF_INET6 ? 16 : 0;
    if (size === 0) return null;
    const key = af === AF_INET ? inetNtop4(addr) : inetNtop6(addr);
    const cached = reverse.get(key);
    if (cached !== undefined) return cached;
    const wanted = addr.subarray(0, size);
    let found = hostsLines().find((line) => line.af === af && sameBytes(line.addr, wanted))?.names[0] ?? null;
    if (found === null && fallback) found = fallback.addrToHost(af, key);
    reverse.set(key, found);
    return found;
  }

  function serviceToPort(name: string, proto: PortProtocol): number | null {
    const line = servicesLines().find((s) => s.proto === proto && (s.name === name || s.aliases.includes(name)));
    return line ? line.port : null;
  }

  function portToService(port: number, proto: PortProtocol): string | null {
    return servicesLines().find((s) => s.proto === proto && s.port === port)?.name ?? null;
  }

  return { hostToIPv4, serviceToPort, addrToHost, portToService };
}
