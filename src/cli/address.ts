// Reading addresses as ipvsadm 1.31 does (spec §5): `host[:port]` for -t/-u/--sctp-service/-r,
// IPv4 netmasks, with glibc's inet_aton / inet_pton rules and its name lookups.
import { AF_INET, AF_INET6, rawAddress } from '../model.js';
import { inetAton, inetPton6 } from '../libc/inet.js';
import { type NameResolver, portProtocolOf } from '../resolve/resolver.js';
import { stringToNumber } from './c-numbers.js';

/** inet_aton, else gethostbyname (IPv4 only): the 4 bytes of an IPv4 host. */
function ipv4Host(text: string, resolver: NameResolver): Uint8Array | null {
  return inetAton(text) ?? resolver.hostToIPv4(text);
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
  const v6 = inetPton6(host);
  if (v6) {
    result = { af: AF_INET6, addr: v6 }; // an unbracketed literal has no port part
  } else {
    // Port separator = last ':' of the (bracket-stripped) text: `[1.2.3.4]:80` loses its port.
    const colon = host.lastIndexOf(':');
    portText = colon < 0 ? undefined : host.slice(colon + 1);
    if (colon >= 0) host = host.slice(0, colon);
    const v4 = ipv4Host(host, resolver);
    if (!v4) return null;
    result = { af: AF_INET, addr: rawAddress(v4) };
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
