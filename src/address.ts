// Address helpers for library users: text <-> the kernel's 16-byte address union.
// The CLI does not use these: it parses addresses with glibc's exact rules (src/cli/address.ts).
import { Address4, Address6 } from 'ip-address';
import { AF_INET, AF_INET6, type RawAddress } from './model.js';
import { numericText } from './format/address.js';

/** `'10.0.0.1'` or `'2001:db8::1'` as { af, addr }; throws on anything else. */
export function parseAddress(text: string): { af: number; addr: RawAddress } {
  const addr = new Uint8Array(16);
  if (Address4.isValid(text)) {
    addr.set(new Address4(text).toArray(), 0);
    return { af: AF_INET, addr };
  }
  if (Address6.isValid(text)) {
    const bytes = new Address6(text).toUnsignedByteArray();
    addr.set(bytes, 16 - bytes.length); // big-integer bytes drop leading zeros
    return { af: AF_INET6, addr };
  }
  throw new TypeError(`not an IPv4 or IPv6 address: ${text}`);
}

/** The text of a raw address (glibc inet_ntop form, without brackets). */
export function addressText(af: number, addr: RawAddress): string {
  return numericText(af, addr);
}
