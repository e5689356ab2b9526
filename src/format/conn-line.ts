// Reading /proc/net/ip_vs_conn the way ipvsadm does: fgets() into a 256-byte buffer (so a
// longer line arrives in 255-character pieces), then sscanf("%s %s %hX %s %hX %s %hX %s %d %s %s").
import { AF_INET, AF_INET6 } from '../model.js';
import { parseIPv4, parseIPv6 } from './inet.js';

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

const isSpace = (ch: string | undefined): boolean =>
  ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';

const U64_MAX = (1n << 64n) - 1n;

/** A tiny scanner with scanf's whitespace and number rules. */
class Scanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** Skips blanks; false when the input is exhausted. */
  private skipSpace(): boolean {
    while (this.pos < this.text.length && isSpace(this.text[this.pos])) this.pos++;
    return this.pos < this.text.length;
  }

  word(): string | null {
    if (!this.skipSpace()) return null;
    const start = this.pos;
    while (this.pos < this.text.length && !isSpace(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Optional sign then digits of the base (hex may start with 0x). null = input or matching failure. */
  private integer(base: 10 | 16): bigint | null {
    if (!this.skipSpace()) return null;
    let p = this.pos;
    let negative = false;
    if (this.text[p] === '+' || this.text[p] === '-') negative = this.text[p++] === '-';
    const digitRe = base === 16 ? /[0-9a-fA-F]/ : /[0-9]/;
    if (base === 16 && this.text[p] === '0' && (this.text[p + 1] === 'x' || this.text[p + 1] === 'X') && digitRe.test(this.text[p + 2] ?? '')) p += 2;
    const start = p;
    while (p < this.text.length && digitRe.test(this.text[p]!)) p++;
    if (p === start) return null;
    this.pos = p;
    const magnitude = BigInt(base === 16 ? `0x${this.text.slice(start, p)}` : this.text.slice(start, p));
    return negative ? -magnitude : magnitude;
  }

  /** %hX: strtoul (saturating at ULONG_MAX, negation wraps) stored into an unsigned short. */
  hex16(): number | null {
    const v = this.integer(16);
    if (v === null) return null;
    const sat = v > U64_MAX ? U64_MAX : v < -U64_MAX ? U64_MAX : BigInt.asUintN(64, v);
    return Number(sat & 0xffffn);
  }

  /** %d: strtol (saturating at the long range) stored into an int, read back as unsigned. */
  decimal32(): number | null {
    const v = this.integer(10);
    if (v === null) return null;
    const max = (1n << 63n) - 1n;
    const min = -(1n << 63n);
    const sat = v > max ? max : v < min ? min : v;
    return Number(BigInt.asUintN(32, sat));
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

/** An address in ipvsadm's union: family and 16 bytes (IPv4 in the first 4). */
export interface ConnAddress {
  af: number;
  addr: Uint8Array;
}

/** strtoul(text, NULL, 16) cast to u32, in network byte order. */
function hexIPv4(text: string): Uint8Array {
  const m = /^\s*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]*)/.exec(text)!;
  let v = m[2] ? BigInt(`0x${m[2]}`) : 0n;
  if (v > U64_MAX) v = U64_MAX;
  else if (m[1] === '-') v = BigInt.asUintN(64, -v);
  const u = Number(v & 0xffffffffn);
  const out = new Uint8Array(16);
  out[0] = u >>> 24;
  out[1] = (u >>> 16) & 255;
  out[2] = (u >>> 8) & 255;
  out[3] = u & 255;
  return out;
}

/**
 * Client and virtual addresses share one family, decided by the client text: IPv6 text, else
 * IPv4 text, else the kernel's 8 hex digits. (An unparsable virtual address reads as zeros.)
 */
export function connPairAddresses(client: string, virtual: string): [ConnAddress, ConnAddress] {
  const c6 = parseIPv6(client);
  if (c6) return [{ af: AF_INET6, addr: c6 }, { af: AF_INET6, addr: parseIPv6(virtual) ?? new Uint8Array(16) }];
  const c4 = parseIPv4(client);
  if (c4) return [{ af: AF_INET, addr: c4 }, { af: AF_INET, addr: parseIPv4(virtual) ?? new Uint8Array(16) }];
  return [{ af: AF_INET, addr: hexIPv4(client) }, { af: AF_INET, addr: hexIPv4(virtual) }];
}

/** The destination's family is detected on its own (mixed-family tunnels). */
export function connDestAddress(text: string): ConnAddress {
  const d6 = parseIPv6(text);
  if (d6) return { af: AF_INET6, addr: d6 };
  return { af: AF_INET, addr: parseIPv4(text) ?? hexIPv4(text) };
}
