// The values of keepalived keywords: unsigned numbers in a range, IP addresses (numeric only,
// as keepalived's inet_pton), ports. Each reader names the keyword in its message.
import { Address4, Address6 } from 'ip-address';
import { AF_INET, AF_INET6, rawAddress, type RawAddress } from '../model.js';
import type { Word } from './keepalived-blocks.js';
import { ConfigError } from './keepalived-error.js';

export interface IpAddress {
  af: number;
  /** 4 or 16 bytes. */
  bytes: Uint8Array;
}

/** A decimal unsigned number in [min, max] (keepalived's read_unsigned, strict). */
export function readUnsigned(w: Word, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(w.text)) throw new ConfigError(w.pos, `${what}: expected a number, got "${w.text}"`);
  const n = Number(w.text);
  if (n < min || n > max) throw new ConfigError(w.pos, `${what}: ${w.text} is outside [${min}, ${max}]`);
  return n;
}

const DOTTED = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

/** An IPv4 dotted quad or an IPv6 address (a `:` decides which, as in keepalived), or null. */
export function parseIp(text: string): IpAddress | null {
  if (text.includes(':')) {
    // ip-address also takes a prefix and a zone, which an address here may not carry.
    if (/[/%]/.test(text) || !Address6.isValid(text)) return null;
    const groups = new Address6(text).canonicalForm().split(':');
    const bytes = new Uint8Array(16);
    groups.forEach((g, i) => {
      const v = parseInt(g, 16);
      bytes[2 * i] = v >> 8;
      bytes[2 * i + 1] = v & 0xff;
    });
    return { af: AF_INET6, bytes };
  }
  if (!DOTTED.test(text) || !Address4.isValid(text)) return null;
  return { af: AF_INET, bytes: Uint8Array.from(new Address4(text).toArray()) };
}

export function readIp(w: Word, what: string): IpAddress {
  const ip = parseIp(w.text);
  if (!ip) throw new ConfigError(w.pos, `${what}: invalid IP address "${w.text}"`);
  return ip;
}

/** A port 0..65535; keepalived takes 0 (or absence) as "no port". */
export function readPort(w: Word | undefined, what: string): number {
  return w ? readUnsigned(w, `${what} port`, 0, 65535) : 0;
}

export function raw(ip: IpAddress): RawAddress {
  return rawAddress(ip.bytes);
}

/** The IPv4 address as a u32 in natural order (network order read as a number). */
export function ipv4Number(bytes: Uint8Array): number {
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

export function ipv4Bytes(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

export function familyName(af: number): string {
  return af === AF_INET6 ? 'IPv6' : 'IPv4';
}
