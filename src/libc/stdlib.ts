// <stdlib.h> number readers with glibc's rules on a 64-bit Linux: leading white space, one
// sign, an optional 0x / 0 prefix by base, and saturation on overflow (ERANGE).
import { digitValue, isspace } from './ctype.js';

export const LONG_MAX = (1n << 63n) - 1n;
export const LONG_MIN = -(1n << 63n);
export const ULONG_MAX = (1n << 64n) - 1n;

export interface Converted {
  /** The C result: saturated for strtol, saturated or wrapped (negation) for strtoul. */
  value: bigint;
  /** Index of the first character not read (C's *endptr); 0 when nothing was converted. */
  end: number;
  /** errno would be ERANGE. */
  overflow: boolean;
}

/** Sign, magnitude and end of the number at the start of `text` (strto*l's common part). */
function scanMagnitude(text: string, base: number): { negative: boolean; magnitude: bigint; end: number } | null {
  let i = 0;
  while (isspace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  if ((base === 0 || base === 16) && text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && digitValue(text[i + 2]) < 16) {
    i += 2;
    base = 16;
  } else if (base === 0) {
    base = text[i] === '0' ? 8 : 10;
  }
  const start = i;
  let magnitude = 0n;
  const b = BigInt(base);
  for (; digitValue(text[i]) < base; i++) magnitude = magnitude * b + BigInt(digitValue(text[i]));
  if (i === start) return null;
  return { negative, magnitude, end: i };
}

/** strtol(text, &end, base), base 0 or 2..36. */
export function strtol(text: string, base: number): Converted {
  const m = scanMagnitude(text, base);
  if (!m) return { value: 0n, end: 0, overflow: false };
  const value = m.negative ? -m.magnitude : m.magnitude;
  if (value > LONG_MAX) return { value: LONG_MAX, end: m.end, overflow: true };
  if (value < LONG_MIN) return { value: LONG_MIN, end: m.end, overflow: true };
  return { value, end: m.end, overflow: false };
}

/** strtoul(text, &end, base): a magnitude over ULONG_MAX saturates; a '-' negates modulo 2^64. */
export function strtoul(text: string, base: number): Converted {
  const m = scanMagnitude(text, base);
  if (!m) return { value: 0n, end: 0, overflow: false };
  if (m.magnitude > ULONG_MAX) return { value: ULONG_MAX, end: m.end, overflow: true };
  return { value: m.negative ? BigInt.asUintN(64, -m.magnitude) : m.magnitude, end: m.end, overflow: false };
}

/** atoi(): strtol's value cast to a 32-bit int (so out-of-range text wraps). */
export function atoi(text: string): number {
  return Number(BigInt.asIntN(32, strtol(text, 10).value));
}
