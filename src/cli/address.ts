// Reading addresses as ipvsadm 1.31 does (spec §5): `host[:port]` for -t/-u/--sctp-service/-r,
// IPv4 netmasks, with glibc's inet_aton / inet_pton rules and its name lookups.
import { AF_INET, AF_INET6 } from '../model.js';
import { parseIPv6 } from '../format/inet.js';
import { type NameResolver, portProtocolOf } from '../resolve/resolver.js';
import { isCSpace, isDigit, stringToNumber } from './c-numbers.js';

/** Largest value of the last part of an inet_aton address with 1, 2, 3 or 4 parts. */
const LAST_PART_LIMIT = [0xffffffff, 0xffffff, 0xffff, 0xff];

function isHexDigit(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
}

/** strtoul(text + at, &end, 0) where text[at] is a digit; null when over 32 bits. */
function readCUnsigned(text: string, at: number): { value: number; end: number } | null {
  let base = 10;
  let i = at;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && isHexDigit(text[i + 2])) {
    base = 16;
    i += 2;
  } else if (text[i] === '0') {
    base = 8;
  }
  let value = 0;
  for (; i < text.length; i++) {
    const digit = parseInt(text[i]!, base);
    if (Number.isNaN(digit)) break;
    value = value * base + digit;
    if (value > 0xffffffff) value = Infinity; // keeps reading digits, then fails
  }
  return value === Infinity ? null : { value, end: i };
}

/**
 * glibc inet_aton(): 1 to 4 dot-separated parts, each decimal, octal (0…) or hex (0x…), the
 * last one filling the remaining bytes (`1.2` = 1.0.0.2). Anything after a white-space
 * character is ignored (`1.2.3.4 junk` is 1.2.3.4). Returns the 4 address bytes.
 */
export function inetAton(text: string): Uint8Array | null {
  const parts: number[] = [];
  let i = 0;
  let last: number;
  for (;;) {
    if (!isDigit(text[i])) return null;
    const part = readCUnsigned(text, i);
    if (part === null) return null;
    last = part.value;
    i = part.end;
    if (text[i] !== '.') break;
    if (parts.length > 2 || last > 0xff) return null;
    parts.push(last);
    i++;
  }
  if (i < text.length && !isCSpace(text[i])) return null;
  if (last > LAST_PART_LIMIT[parts.length]!) return null;
  const bytes = new Uint8Array(4);
  parts.forEach((p, k) => (bytes[k] = p));
  for (let k = 3; k >= parts.length; k--) {
    bytes[k] = last % 256;
    last = Math.floor(last / 256);
  }
  return bytes;
}

/** inet_aton, else gethostbyname (IPv4 only): the 4 bytes of an IPv4 host. */
function ipv4Host(text: string, resolver: NameResolver): Uint8Array | null {
  return inetAton(text) ?? resolver.hostToIPv4(text);
}

function padTo16(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out.set(bytes);
  return out;
}

export interface HostPort {
  af: number;
  /** 16 bytes, IPv4 in the first 4. */
  addr: Uint8Array;
  /** Undefined when the text had no port part (the caller decides the default). */
  port?: number;
}

/**
 * ipvsadm's parse_service(): `host[:port]`, `[ipv6]:port`, or an unbracketed IPv6 literal.
 * `protocol` (the service's, as known at this moment) picks the services-file protocol for
 * a named port. Null when ipvsadm would say the address is illegal.
 */
export function parseHostPort(text: string, protocol: number, resolver: NameResolver): HostPort | null {
  if (/^[0-9]*$/.test(text)) return null; // only digits, or empty
  let host = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') return null;
    host = text.slice(1, close);
    portText = text.slice(close + 2);
  }

  let result: HostPort;
  const v6 = parseIPv6(host);
  if (v6) {
    result = { af: AF_INET6, addr: v6 }; // an unbracketed literal has no port part
  } else {
    // Port separator = last ':' of the (bracket-stripped) text: `[1.2.3.4]:80` loses its port.
    const colon = host.lastIndexOf(':');
    portText = colon < 0 ? undefined : host.slice(colon + 1);
    if (colon >= 0) host = host.slice(0, colon);
    const v4 = ipv4Host(host, resolver);
    if (!v4) return null;
    result = { af: AF_INET, addr: padTo16(v4) };
  }

  if (portText !== undefined) {
    const port = stringToNumber(portText, 0, 65535) ?? servicePort(portText, protocol, resolver);
    if (port === null) return null;
    result.port = port;
  }
  return result;
}

function servicePort(name: string, protocol: number, resolver: NameResolver): number | null {
  const proto = portProtocolOf(protocol);
  return proto === null ? null : resolver.serviceToPort(name, proto);
}

/** ipvsadm's parse_netmask() for IPv4: inet_aton or a host name; the mask as a natural u32. */
export function parseIPv4Netmask(text: string, resolver: NameResolver): number | null {
  const bytes = ipv4Host(text, resolver);
  if (!bytes) return null;
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}
