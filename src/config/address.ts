// Addresses from outside the ipvsadm grammar (JSON documents, keepalived.conf), checked and
// converted by the ip-address package: numeric IPv4 or IPv6 text, nothing else (no prefix,
// no zone, no name).
import { Address4, Address6 } from 'ip-address';
import { AF_INET, AF_INET6, type RawAddress, rawAddress } from '../model.js';

/** The kernel form of a numeric address of family `af`, or null when `text` is not one. */
export function parseAddress(af: number, text: string): RawAddress | null {
  if (af === AF_INET) {
    if (!Address4.isValid(text) || text.includes('/')) return null;
    return rawAddress(Uint8Array.from(new Address4(text).toArray()));
  }
  if (af === AF_INET6) {
    if (!Address6.isValid(text) || /[/%]/.test(text)) return null;
    const bytes = new Address6(text).toUnsignedByteArray();
    const addr = new Uint8Array(16);
    addr.set(bytes.slice(-16), 16 - Math.min(16, bytes.length)); // big-integer bytes may drop leading zeros
    return addr;
  }
  return null;
}

/** The family of numeric address text: AF_INET, AF_INET6, or null when it is neither. */
export function addressFamily(text: string): number | null {
  if (parseAddress(AF_INET, text)) return AF_INET;
  if (parseAddress(AF_INET6, text)) return AF_INET6;
  return null;
}
