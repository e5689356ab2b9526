// `host:port` text as ipvsadm prints it in listings, saves and -c: numeric or through the
// name resolver, IPv6 in brackets (also when it is a name), and ipvsadm's length cuts.
import { AF_INET, AF_INET6 } from '../model.js';
import type { RawAddress } from '../model.js';
import { type NameResolver, portProtocolOf } from '../resolve/resolver.js';
import { inetNtop } from '../libc/inet.js';

/** How addresses and ports are shown: `-n` or names via the resolver. */
export interface Naming {
  numeric: boolean;
  resolver: NameResolver;
}

/** ipvsadm formats `host:port` into a 60-byte buffer: anything longer is cut to 59 characters. */
export const ADDRPORT_MAX = 59;
/** Listings cut an IPv4 service's `PROTO ADDR` to this many characters (never IPv6). */
export const SERVICE_NAME_MAX = 33;
/** Listings cut an IPv4 real server's `ADDR` to this many characters (never IPv6). */
export const DEST_NAME_MAX = 28;

/** The services-database protocol for a service protocol, or null (fwmark, protocol 0, others). */
export const portProtocol = portProtocolOf;

/** Port as decimal, or the official service name for the protocol when not numeric. */
export function portText(port: number, protocol: number, naming: Naming): string {
  const p = port & 0xffff;
  if (naming.numeric || p === 0) return String(p);
  const proto = portProtocol(protocol);
  const name = proto ? naming.resolver.portToService(p, proto) : null;
  return name ?? String(p);
}

/** inet_ntop text; ipvsadm printf()s inet_ntop's NULL for a family it does not know. */
export function numericText(af: number, addr: RawAddress): string {
  return inetNtop(af, addr) ?? '(null)';
}

/** Host part: inet_ntop text, or the reverse-lookup name when not numeric (text if none). */
export function hostText(af: number, addr: RawAddress, naming: Naming): string {
  if (!naming.numeric) {
    const name = naming.resolver.addrToHost(af, addr);
    if (name !== null) return name;
  }
  return numericText(af, addr);
}

/** `host:port`, `[v6]:port` (every family but IPv4 gets brackets), capped at 59 characters. */
export function addrPortText(af: number, addr: RawAddress, port: number, protocol: number, naming: Naming): string {
  const host = hostText(af, addr, naming);
  const text = af === AF_INET ? `${host}:${portText(port, protocol, naming)}` : `[${host}]:${portText(port, protocol, naming)}`;
  return text.length > ADDRPORT_MAX ? text.slice(0, ADDRPORT_MAX) : text;
}

/** Listing cut: IPv4 (anything not IPv6) text longer than `max` is cut; IPv6 never. */
export function cutUnlessIPv6(text: string, af: number, max: number): string {
  return af !== AF_INET6 && text.length > max ? text.slice(0, max) : text;
}
