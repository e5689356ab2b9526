// Address helpers for library users: text <-> the kernel's 16-byte address union.
// The CLI does not use these: it parses addresses with glibc's exact rules (src/cli/address.ts).
import { addressFamily, parseAddress as parseFamilyAddress } from './config/address.js';
import type { RawAddress } from './model.js';
import { numericText } from './format/address.js';

/** `'10.0.0.1'` or `'2001:db8::1'` as { af, addr }; throws on anything else. */
export function parseAddress(text: string): { af: number; addr: RawAddress } {
  const af = addressFamily(text);
  if (af === null) throw new TypeError(`not an IPv4 or IPv6 address: ${text}`);
  return { af, addr: parseFamilyAddress(af, text)! };
}

/** The text of a raw address (glibc inet_ntop form, without brackets). */
export function addressText(af: number, addr: RawAddress): string {
  return numericText(af, addr);
}
