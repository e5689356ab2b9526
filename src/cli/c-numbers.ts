// The C library's number readers as ipvsadm uses them: strtol (base 10) and atoi, with their
// exact acceptance rules (leading white space, one sign, whole-string checks, overflow).

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** C isspace() in the "C" locale. */
export function isCSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
}

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

interface Strtol {
  /** Clamped to the 64-bit long range, as strtol does. */
  value: bigint;
  /** Some digits were read (strtol's end != start). */
  converted: boolean;
  /** Nothing follows the number. */
  wholeString: boolean;
  /** ERANGE. */
  overflow: boolean;
}

/** C strtol(text, &end, 10). */
export function strtol10(text: string): Strtol {
  let i = 0;
  while (isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  const start = i;
  while (isDigit(text[i])) i++;
  if (i === start) return { value: 0n, converted: false, wholeString: false, overflow: false };
  let value = BigInt(text.slice(start, i));
  if (negative) value = -value;
  let overflow = false;
  if (value > LONG_MAX) {
    value = LONG_MAX;
    overflow = true;
  } else if (value < LONG_MIN) {
    value = LONG_MIN;
    overflow = true;
  }
  return { value, converted: true, wholeString: i === text.length, overflow };
}

/** ipvsadm's string_to_number(): a whole-string base-10 integer in [min, max], else null. */
export function stringToNumber(text: string, min: number, max: number): number | null {
  const r = strtol10(text);
  if (!r.converted || !r.wholeString || r.overflow) return null;
  if (r.value < BigInt(min) || r.value > BigInt(max)) return null;
  return Number(r.value);
}

/** C atoi(): strtol's value cast to a 32-bit int (so out-of-range text wraps). */
export function atoi(text: string): number {
  return Number(BigInt.asIntN(32, strtol10(text).value));
}

/** ipvsadm's parse_fwmark() acceptance: a whole-string integer in 1 .. 4294967295. */
export function parseFwmarkNumber(text: string): number | null {
  const r = strtol10(text);
  if (!r.converted || !r.wholeString || r.overflow) return null;
  // The C code keeps strtol's long in an unsigned long: negatives become huge and fail.
  if (r.value <= 0n || r.value > 0xffffffffn) return null;
  return Number(r.value);
}
