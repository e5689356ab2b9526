// Low-level byte handling: a growable writer for netlink TLVs, the one walker of messages and
// attributes, and a reader that indexes the attributes of one nest. Knows nothing about IPVS.
import { endianness } from 'node:os';
import { NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK, NLMSG_HDRLEN } from './constants.js';

/** Netlink integers without a "be" in their name travel in the CPU's own byte order. */
export const HOST_LE = endianness() === 'LE';

export function align4(n: number): number {
  return (n + 3) & ~3;
}

/** A Buffer view of any Uint8Array, without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Appends netlink attributes (and whole messages) to a growing buffer. Every byte of the
 * output is written explicitly (padding included), so the backing store may start dirty.
 * Writes go straight to the bytes: this is the hot path of a big restore.
 */
export class NlWriter {
  buf: Buffer;
  len = 0;

  constructor(capacity = 256) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** A copy of the bytes written so far, exactly sized (from Node's buffer pool: cheap). */
  copy(): Buffer {
    const out = Buffer.allocUnsafe(this.len);
    this.buf.copy(out, 0, 0, this.len);
    return out;
  }

  reset(): void {
    this.len = 0;
  }

  private ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
  }

  u16(v: number): void {
    this.ensure(2);
    this.put16(this.len, v, HOST_LE);
    this.len += 2;
  }

  u16be(v: number): void {
    this.ensure(2);
    this.put16(this.len, v, false);
    this.len += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.put32(this.len, v, HOST_LE);
    this.len += 4;
  }

  u32be(v: number): void {
    this.ensure(4);
    this.put32(this.len, v, false);
    this.len += 4;
  }

  u64(v: bigint): void {
    const x = BigInt.asUintN(64, v);
    const lo = Number(x & 0xffffffffn);
    const hi = Number(x >> 32n);
    this.u32(HOST_LE ? lo : hi);
    this.u32(HOST_LE ? hi : lo);
  }

  /** `bytes` followed by zeros up to `width` bytes (longer input is cut). */
  fixed(bytes: Uint8Array, width: number): void {
    this.ensure(width);
    const b = this.buf;
    const n = Math.min(bytes.length, width);
    let at = this.len;
    for (let i = 0; i < n; i++) b[at++] = bytes[i]!;
    for (let i = n; i < width; i++) b[at++] = 0;
    this.len = at;
  }

  raw(bytes: Uint8Array): void {
    this.fixed(bytes, bytes.length);
  }

  /** A C string: UTF-8 bytes and the terminating NUL. */
  cstring(s: string): void {
    let ascii = true;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) ascii = false;
    if (!ascii) {
      this.raw(Buffer.from(s, 'utf8'));
      this.u8(0);
      return;
    }
    this.ensure(s.length + 1);
    const b = this.buf;
    let at = this.len;
    for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
    b[at++] = 0;
    this.len = at;
  }

  zeros(n: number): void {
    this.ensure(n);
    for (let i = 0; i < n; i++) this.buf[this.len++] = 0;
  }

  /** Zero-pads to the next multiple of 4. */
  pad(): void {
    this.zeros(align4(this.len) - this.len);
  }

  /** Starts an attribute; returns the mark to pass to {@link endAttr}. */
  beginAttr(type: number): number {
    const mark = this.len;
    this.ensure(NLA_HDRLEN);
    this.put16(mark + 2, type, HOST_LE); // nla_len is patched by endAttr
    this.len += NLA_HDRLEN;
    return mark;
  }

  /** Ends an attribute: nla_len = header + payload (unpadded), then pads to 4. */
  endAttr(mark: number): void {
    this.put16(mark, this.len - mark, HOST_LE);
    this.pad();
  }

  beginNest(type: number): number {
    return this.beginAttr(type | NLA_F_NESTED);
  }

  endNest(mark: number): void {
    this.endAttr(mark);
  }

  patchU16(at: number, v: number): void {
    this.put16(at, v, HOST_LE);
  }

  patchU32(at: number, v: number): void {
    this.put32(at, v, HOST_LE);
  }

  private put16(at: number, v: number, le: boolean): void {
    const b = this.buf;
    if (le) {
      b[at] = v & 0xff;
      b[at + 1] = (v >>> 8) & 0xff;
    } else {
      b[at] = (v >>> 8) & 0xff;
      b[at + 1] = v & 0xff;
    }
  }

  private put32(at: number, v: number, le: boolean): void {
    const b = this.buf;
    if (le) {
      b[at] = v & 0xff;
      b[at + 1] = (v >>> 8) & 0xff;
      b[at + 2] = (v >>> 16) & 0xff;
      b[at + 3] = (v >>> 24) & 0xff;
    } else {
      b[at] = (v >>> 24) & 0xff;
      b[at + 1] = (v >>> 16) & 0xff;
      b[at + 2] = (v >>> 8) & 0xff;
      b[at + 3] = v & 0xff;
    }
  }
}

// ---- reading ----

// Direct byte reads on any Uint8Array: no Buffer bounds-check layer on the decode hot path.
// Callers check lengths first.

export function getU16(b: Uint8Array, o: number): number {
  return HOST_LE ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
}

export function getU16be(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function getU32(b: Uint8Array, o: number): number {
  return HOST_LE
    ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
    : getU32be(b, o);
}

export function getI32(b: Uint8Array, o: number): number {
  return getU32(b, o) | 0;
}

export function getU32be(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function getU64(b: Uint8Array, o: number): bigint {
  const lo = HOST_LE ? getU32(b, o) : getU32(b, o + 4);
  const hi = HOST_LE ? getU32(b, o + 4) : getU32(b, o);
  // Counters mostly fit 32 bits: one BigInt instead of three.
  return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

/** A NUL-terminated (or attribute-length bounded) UTF-8 string. */
export function getCString(b: Uint8Array, off: number, len: number): string {
  let end = off;
  const limit = off + len;
  let ascii = true;
  while (end < limit && b[end] !== 0) {
    if (b[end]! >= 0x80) ascii = false;
    end++;
  }
  if (!ascii) return asBuffer(b).toString('utf8', off, end);
  let s = '';
  for (let i = off; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Where one attribute's payload lies inside a buffer. */
export interface AttrSpan {
  off: number;
  len: number;
}

/**
 * The one walker of netlink's length-prefixed records: calls visit(off, len) for each whole
 * record in buf[start, end) — messages (u32 nlmsg_len, 16-byte header) or attributes (u16
 * nla_len, 4-byte header); `len` counts the header, not the padding. Stops at a record whose
 * length is below its header or runs past `end`, and returns its offset then (-1 when every
 * record was whole). Transport, decoder and tests all read bytes through it.
 */
export function forEachRecord(
  buf: Uint8Array,
  start: number,
  end: number,
  kind: 'message' | 'attr',
  visit: (off: number, len: number) => void,
): number {
  const header = kind === 'message' ? NLMSG_HDRLEN : NLA_HDRLEN;
  let off = start;
  while (off + header <= end) {
    const len = kind === 'message' ? getU32(buf, off) : getU16(buf, off);
    if (len < header || off + len > end) return off;
    visit(off, len);
    off += align4(len);
  }
  return -1;
}

/** An attribute's type without the NESTED / BYTEORDER bits. */
export function attrType(buf: Uint8Array, off: number): number {
  return getU16(buf, off + 2) & NLA_TYPE_MASK;
}

/**
 * Where the attribute of one type lies in buf[start, end), as indexAttrs(...)[type] would say
 * (the last occurrence; a TLV running past the end throws the same RangeError) but without
 * indexing the others: each reply message of a dump is looked into for one nest.
 */
export function findAttr(buf: Uint8Array, start: number, end: number, type: number): AttrSpan | undefined {
  let found: AttrSpan | undefined;
  const bad = forEachRecord(buf, start, end, 'attr', (off, len) => {
    if (attrType(buf, off) === type) found = { off: off + NLA_HDRLEN, len: len - NLA_HDRLEN };
  });
  if (bad >= 0) throw new RangeError(`bad attribute length ${getU16(buf, bad)} at ${bad}`);
  return found;
}

/**
 * Indexes the attributes in buf[start, end) by type (NESTED/BYTEORDER bits masked off).
 * A repeated type keeps its last occurrence, as the kernel's nla_parse does.
 * Throws on a TLV that runs past the end.
 */
export function indexAttrs(buf: Uint8Array, start: number, end: number): (AttrSpan | undefined)[] {
  const spans: (AttrSpan | undefined)[] = [];
  const bad = forEachRecord(buf, start, end, 'attr', (off, len) => {
    spans[attrType(buf, off)] = { off: off + NLA_HDRLEN, len: len - NLA_HDRLEN };
  });
  if (bad >= 0) throw new RangeError(`bad attribute length ${getU16(buf, bad)} at ${bad}`);
  return spans;
}
