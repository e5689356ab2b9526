// The addresses of a scanned /proc/net/ip_vs_conn line, decided the way ipvsadm's
// list_conn() does: by which of inet_pton's families (or the kernel's hex) accepts the text.
import { AF_INET, AF_INET6, rawAddress } from '../model.js';
import { inetPton4, inetPton6 } from '../libc/inet.js';
import { strtoul } from '../libc/stdlib.js';

/** An address in ipvsadm's union: family and 16 bytes (IPv4 in the first 4). */
export interface ConnAddress {
  af: number;
  addr: Uint8Array;
}

/** strtoul(text, NULL, 16) cast to u32, in network byte order, in a 16-byte union. */
function hexIPv4(text: string): Uint8Array {
  const u = Number(strtoul(text, 16).value & 0xffffffffn);
  return rawAddress(new Uint8Array([u >>> 24, (u >>> 16) & 255, (u >>> 8) & 255, u & 255]));
}

/** inet_pton(AF_INET) into a 16-byte union. */
function pton4(text: string): Uint8Array | null {
  const v4 = inetPton4(text);
  return v4 && rawAddress(v4);
}

/**
 * Client and virtual addresses share one family, decided by the client text: IPv6 text, else
 * IPv4 text, else the kernel's 8 hex digits. (An unparsable virtual address reads as zeros.)
 */
export function connPairAddresses(client: string, virtual: string): [ConnAddress, ConnAddress] {
  const c6 = inetPton6(client);
  if (c6) return [{ af: AF_INET6, addr: c6 }, { af: AF_INET6, addr: inetPton6(virtual) ?? new Uint8Array(16) }];
  const c4 = pton4(client);
  if (c4) return [{ af: AF_INET, addr: c4 }, { af: AF_INET, addr: pton4(virtual) ?? new Uint8Array(16) }];
  return [{ af: AF_INET, addr: hexIPv4(client) }, { af: AF_INET, addr: hexIPv4(virtual) }];
}

/** The destination's family is detected on its own (mixed-family tunnels). */
export function connDestAddress(text: string): ConnAddress {
  const d6 = inetPton6(text);
  if (d6) return { af: AF_INET6, addr: d6 };
  return { af: AF_INET, addr: pton4(text) ?? hexIPv4(text) };
}
