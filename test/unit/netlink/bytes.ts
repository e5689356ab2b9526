// Byte builders for tests, written independently of src/netlink so that tests do not check
// the encoder against itself. Integers marked "le" are host order on the x86/arm64 hosts
// these tests run on.

/** Bytes from spec-style hex text: every pair of hex digits, everything else ignored. */
export function hex(text: string): Buffer {
  const pairs = text.match(/[0-9a-fA-F]{2}/g) ?? [];
  return Buffer.from(pairs.join(''), 'hex');
}

/** Spaced lower-case hex, for readable diffs. */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();
}

export const zeros = (n: number): string => ' 00'.repeat(n);

export function le16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
}

export function le32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}

export function le64(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
}

export function be16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
}

export function cstr(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.alloc(1)]);
}

/** 16-byte address union from dotted IPv4. */
export function v4(text: string): Buffer {
  const b = Buffer.alloc(16);
  text.split('.').forEach((p, i) => (b[i] = Number(p)));
  return b;
}

/** One TLV: nla_len = 4 + payload (unpadded), then zero padding to 4. */
export function attr(type: number, payload: Uint8Array): Buffer {
  const len = 4 + payload.length;
  const out = Buffer.alloc((len + 3) & ~3);
  out.writeUInt16LE(len, 0);
  out.writeUInt16LE(type, 2);
  out.set(payload, 4);
  return out;
}

export function nest(type: number, ...children: Buffer[]): Buffer {
  return attr(type, Buffer.concat(children));
}

/** A whole netlink message: nlmsghdr + genlmsghdr(cmd, version 1) + attributes. */
export function genlMessage(h: { type: number; flags: number; seq: number; pid: number; cmd: number }, ...attrs: Buffer[]): Buffer {
  const body = Buffer.concat(attrs);
  const out = Buffer.alloc(20 + body.length);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt16LE(h.type, 4);
  out.writeUInt16LE(h.flags, 6);
  out.writeUInt32LE(h.seq, 8);
  out.writeUInt32LE(h.pid, 12);
  out[16] = h.cmd;
  out[17] = 1;
  body.copy(out, 20);
  return out;
}
