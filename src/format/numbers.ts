// Number text as ipvsadm's printf formats produce it.

/** printf `%d` of a C int. */
export function signed32(n: number): string {
  return String(n | 0);
}

/** printf `%u` of a C unsigned int. */
export function unsigned32(n: number): string {
  return String(n >>> 0);
}

/**
 * The --stats/--rate counter column (its own leading spaces separate it from the previous one).
 * Scaled: < 1e8 as `%9llu`; then `%8llu` of v/1e3 + K (from 1e8), v/1e6 + M (from 1e9),
 * v/1e9 + G (from 1e11), v/1e12 + T (from 1e14).
 * Exact (--exact): right-justified in 9, or in digits+1 when longer than 8 digits.
 */
export function largeNumber(value: bigint, exact: boolean): string {
  const v = BigInt.asUintN(64, value);
  if (exact) {
    const digits = v.toString();
    return digits.padStart(digits.length <= 8 ? 9 : digits.length + 1);
  }
  if (v < 100_000_000n) return v.toString().padStart(9);
  if (v < 1_000_000_000n) return `${(v / 1_000n).toString().padStart(8)}K`;
  if (v < 100_000_000_000n) return `${(v / 1_000_000n).toString().padStart(8)}M`;
  if (v < 100_000_000_000_000n) return `${(v / 1_000_000_000n).toString().padStart(8)}G`;
  return `${(v / 1_000_000_000_000n).toString().padStart(8)}T`;
}
