// <stdio.h> as ipvsadm reads /proc/net/ip_vs_conn: fgets() into a 256-byte buffer (so a longer
// line arrives in 255-character pieces), then sscanf("%s %s %hX %s %hX %s %hX %s %d %s %s").
import { isspace } from './ctype.js';
import { strtol, strtoul } from './stdlib.js';

/** ipvsadm's fgets buffer is 256 bytes: at most 255 characters per read. */
export const FGETS_PIECE_MAX = 255;

/**
 * Splits text (whole, or in arbitrary chunks) into what successive fgets() calls return:
 * up to and including '\n', or 255 characters, whichever comes first; the last piece may
 * lack a '\n'. Characters are counted as UTF-16 units (the kernel file is ASCII).
 */
export function* fgetsPieces(source: string | Iterable<string>, max = FGETS_PIECE_MAX): Generator<string> {
  let pending = '';
  for (const chunk of typeof source === 'string' ? [source] : source) {
    pending += chunk;
    let start = 0;
    for (;;) {
      const nl = pending.indexOf('\n', start);
      const available = nl === -1 ? pending.length - start : nl + 1 - start;
      if (nl === -1 && available < max) break; // wait for more text
      const len = Math.min(available, max);
      yield pending.slice(start, start + len);
      start += len;
    }
    pending = pending.slice(start);
  }
  for (let start = 0; start < pending.length; start += max) yield pending.slice(start, start + max);
}

/** What sscanf stored: how many conversions succeeded (-1 = nothing but blanks) and the values. */
export interface ScannedConn {
  count: number;
  protocol: string;
  client: string;
  clientPort: number;
  virtual: string;
  virtualPort: number;
  dest: string;
  destPort: number;
  state: string;
  /** Seconds, as the unsigned int ipvsadm keeps (`%d` into an unsigned). */
  expires: number;
  peName: string;
  peData: string;
}

/** scanf's conversions over one string: blanks skipped before each, numbers read as strto*l. */
class Scanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** Skips blanks; false when the input is exhausted. */
  private skipSpace(): boolean {
    while (this.pos < this.text.length && isspace(this.text[this.pos])) this.pos++;
    return this.pos < this.text.length;
  }

  /** %s */
  word(): string | null {
    if (!this.skipSpace()) return null;
    const start = this.pos;
    while (this.pos < this.text.length && !isspace(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A number by `read`; null = input or matching failure. */
  private integer(read: typeof strtol, base: number): bigint | null {
    if (!this.skipSpace()) return null;
    const r = read(this.text.slice(this.pos), base);
    if (r.end === 0) return null;
    this.pos += r.end;
    return r.value;
  }

  /** %hX: strtoul (saturating at ULONG_MAX, negation wraps) stored into an unsigned short. */
  hex16(): number | null {
    const v = this.integer(strtoul, 16);
    return v === null ? null : Number(v & 0xffffn);
  }

  /** %d: strtol (saturating at the long range) stored into an int, read back as unsigned. */
  decimal32(): number | null {
    const v = this.integer(strtol, 10);
    return v === null ? null : Number(BigInt.asUintN(32, v));
  }
}

/** sscanf of one piece; fields that were not converted are left empty/zero. */
export function scanConnLine(piece: string): ScannedConn {
  const out: ScannedConn = {
    count: 0, protocol: '', client: '', clientPort: 0, virtual: '', virtualPort: 0,
    dest: '', destPort: 0, state: '', expires: 0, peName: '', peData: '',
  };
  const sc = new Scanner(piece);
  const take = <T>(value: T | null, store: (v: T) => void): boolean => {
    if (value === null) return false;
    store(value);
    return true;
  };
  const conversions: Array<() => boolean> = [
    () => take(sc.word(), (v) => (out.protocol = v)),
    () => take(sc.word(), (v) => (out.client = v)),
    () => take(sc.hex16(), (v) => (out.clientPort = v)),
    () => take(sc.word(), (v) => (out.virtual = v)),
    () => take(sc.hex16(), (v) => (out.virtualPort = v)),
    () => take(sc.word(), (v) => (out.dest = v)),
    () => take(sc.hex16(), (v) => (out.destPort = v)),
    () => take(sc.word(), (v) => (out.state = v)),
    () => take(sc.decimal32(), (v) => (out.expires = v)),
    () => take(sc.word(), (v) => (out.peName = v)),
    () => take(sc.word(), (v) => (out.peData = v)),
  ];
  for (const convert of conversions) {
    if (!convert()) break;
    out.count++;
  }
  // scanf answers EOF (-1) when the input ends before the first conversion (a blank piece).
  if (out.count === 0) out.count = -1;
  return out;
}
