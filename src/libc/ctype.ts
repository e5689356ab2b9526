// <ctype.h> in the "C" locale: the character classes ipvsadm's parsers and glibc's readers use.

/** isspace(): space, \t, \n, \v, \f, \r. */
export function isspace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
}

/** isdigit(): 0-9. */
export function isdigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Value of a digit in bases up to 36 (0-9, a-z, A-Z), or 99 for anything else. */
export function digitValue(ch: string | undefined): number {
  if (ch === undefined || ch.length !== 1) return 99;
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
}

/** Value of a hex digit (0-9, a-f, A-F), or -1. */
export function xdigitValue(ch: string | undefined): number {
  const d = digitValue(ch);
  return d < 16 ? d : -1;
}
