// ipvsadm's own number checks on top of the C library's strtol: string_to_number() and the
// acceptance rule of parse_fwmark().
import { strtol } from '../libc/stdlib.js';

/** strtol(text, &end, 10) read back as a whole-string integer; null when ipvsadm refuses it. */
function wholeLong(text: string): bigint | null {
  const r = strtol(text, 10);
  if (r.end === 0 || r.end !== text.length || r.overflow) return null;
  return r.value;
}

/**
 * The value of 1 to 15 plain decimal digits (no blank, no sign: what rule files hold), else
 * -1. strtol reads such text whole and exactly, so the big-integer path is not needed.
 */
function plainDecimal(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** ipvsadm's string_to_number(): a whole-string base-10 integer in [min, max], else null. */
export function stringToNumber(text: string, min: number, max: number): number | null {
  const plain = plainDecimal(text);
  if (plain >= 0) return plain >= min && plain <= max ? plain : null;
  const v = wholeLong(text);
  if (v === null || v < BigInt(min) || v > BigInt(max)) return null;
  return Number(v);
}

/** ipvsadm's parse_fwmark() acceptance: a whole-string integer in 1 .. 4294967295. */
export function parseFwmarkNumber(text: string): number | null {
  const v = wholeLong(text);
  // The C code keeps strtol's long in an unsigned long: negatives become huge and fail.
  if (v === null || v <= 0n || v > 0xffffffffn) return null;
  return Number(v);
}
