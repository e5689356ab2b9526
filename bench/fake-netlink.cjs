// Preload for timing the shipped bin/* natively, without an IPVS kernel:
//   FAKE_IPVS_SERVICES=10000 node -r ./bench/fake-netlink.cjs bin/ipvsadm -L -n
// It puts a fake in require's cache under netlink/dist/raw.js (the only netlink module the
// transport loads), so the ESM import of it gets the fake's RawNetlinkSocket, and one under the
// netlink addon's file, which the bundles' own copy of raw.js loads. The fake answers
// like the kernel: the family lookup, GET_INFO, ACKs for changes (always success), and for
// dumps the table of bench/inside.mjs's rule file (N services -A -t 10.x.y.z:80 -s wlc, each
// with 4 real servers 192.168.d.(s%250+2):8080 -m -w 1), packed into datagrams of up to
// 32 KiB with DONE in the last, as the kernel packs them. It does no kernel work, and costs
// little itself (answers are templates with a few bytes patched), so what is timed is ours.
'use strict';
const { EventEmitter } = require('node:events');
const path = require('node:path');

const FAMILY = 0x20;
const MAX_DATAGRAM = 32768;
const N = Number(process.env.FAKE_IPVS_SERVICES ?? 3);
// For tests: FAKE_IPVS_RECORD=FILE writes every request received (seq, pid and flags zeroed:
// how requests share datagrams and ACKs is timing) to FILE at exit; FAKE_IPVS_FAIL_EVERY=K
// answers every K-th change with EEXIST.
const RECORD = process.env.FAKE_IPVS_RECORD;
const FAIL_EVERY = Number(process.env.FAKE_IPVS_FAIL_EVERY ?? 0);
const recorded = [];
let changes = 0;
if (RECORD && require('node:worker_threads').isMainThread) {
  process.on('exit', () => require('node:fs').writeFileSync(RECORD, Buffer.concat(recorded)));
}

function header(b, at, len, type, flags, seq, pid) {
  b.writeUInt32LE(len, at);
  b.writeUInt16LE(type, at + 4);
  b.writeUInt16LE(flags, at + 6);
  b.writeUInt32LE(seq, at + 8);
  b.writeUInt32LE(pid, at + 12);
}

function attr(type, payload) {
  const len = 4 + payload.length;
  const b = Buffer.alloc((len + 3) & ~3);
  b.writeUInt16LE(len, 0);
  b.writeUInt16LE(type, 2);
  payload.copy(b, 4);
  return b;
}
const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
const u16be = (v) => { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b; };
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
const u64 = () => Buffer.alloc(8);
const nest = (type, parts) => attr(type | 0x8000, Buffer.concat(parts));
const stats = (type, wide) => nest(type, Array.from({ length: 10 }, (_, i) => attr(i + 1, wide || i === 3 || i === 4 ? u64() : u32(0))));
const addr16 = (bytes) => { const b = Buffer.alloc(16); b.set(bytes); return b; };

/** One service message's attributes (nest SERVICE), the kernel's layout; address 0.0.0.0. */
const SERVICE = nest(1, [
  attr(1, u16(2)), attr(2, u16(6)), attr(3, addr16([10, 0, 0, 0])), attr(4, u16be(80)),
  attr(6, Buffer.from('wlc\0')), attr(7, Buffer.concat([u32(0), u32(0xffffffff)])), attr(8, u32(0)),
  attr(9, Buffer.from([255, 255, 255, 255])), stats(10, false), stats(12, true),
]);
/** Where the 4 IPv4 bytes of ADDR sit in SERVICE (after nest header, AF, PROTOCOL, ADDR header). */
const SERVICE_ADDR_AT = SERVICE.indexOf(Buffer.from([20, 0, 3, 0])) + 4;
const DEST = nest(2, [
  attr(11, u16(2)), attr(1, addr16([192, 168, 0, 0])), attr(2, u16be(8080)), attr(3, u32(0)), attr(4, u32(1)),
  attr(12, Buffer.from([0])), attr(13, u16be(0)), attr(14, u16(0)), attr(5, u32(0)), attr(6, u32(0)), attr(7, u32(0)),
  attr(8, u32(0)), attr(9, u32(0)), stats(10, false), stats(15, true),
]);
const DEST_ADDR_AT = DEST.indexOf(Buffer.from([20, 0, 1, 0])) + 4;

const SCRATCH = Buffer.alloc(MAX_DATAGRAM);

/** Messages (cmd + attribute payloads) packed into datagrams, DONE at the end of the last. */
function pack(cmd, payloads, seq, pid, multi = true) {
  const out = [];
  const cur = SCRATCH;
  let at = 0;
  // Exactly sized copies, as the native layer hands out (the fake must not add GC load).
  const flush = () => { out.push(Buffer.from(cur.subarray(0, at))); at = 0; };
  for (const p of payloads) {
    const len = 20 + p.length;
    if (at + len > MAX_DATAGRAM) flush();
    header(cur, at, len, FAMILY, multi ? 2 : 0, seq, pid);
    cur.writeUInt32LE(cmd | (1 << 8), at + 16);
    p.copy(cur, at + 20);
    at += (len + 3) & ~3;
  }
  if (multi) {
    if (at + 20 > MAX_DATAGRAM) flush();
    header(cur, at, 20, 3, 2, seq, pid);
    cur.writeInt32LE(0, at + 16);
    at += 20;
  }
  if (at > 0) flush();
  return out;
}

function ack(req, off, seq, pid) {
  const b = Buffer.allocUnsafe(36);
  header(b, 0, 36, 2, 0x100, seq, pid);
  b.writeInt32LE(0, 16);
  req.copy(b, 20, off, off + 16);
  return b;
}

/** The index of the service a GET_DEST request names (its ADDR bytes 2..3 are s >> 8, s). */
function serviceIndex(req, off, len) {
  const at = req.indexOf(Buffer.from([20, 0, 3, 0]), off + 20);
  if (at < 0 || at > off + len) return -1;
  return (req[at + 5] << 16) | (req[at + 6] << 8) | req[at + 7];
}

class RawNetlinkSocket extends EventEmitter {
  constructor(_protocol, _opts, services = N) {
    super();
    this.n = services;
    this.port = 4242;
    this.outbox = [];
    this.scheduled = false;
    this.closed = false;
    // Keeps the process alive while referenced, as the native socket's poll handle does.
    this.timer = setInterval(() => {}, 1 << 30);
  }
  address() { return { port: this.port, groups: 0 }; }
  ref() { this.timer.ref(); }
  unref() { this.timer.unref(); }
  close() { this.closed = true; clearInterval(this.timer); }
  send(dgram, _addr, done) {
    let off = 0;
    while (off + 16 <= dgram.length) {
      const len = dgram.readUInt32LE(off);
      this.handle(dgram, off, len);
      off += (len + 3) & ~3;
    }
    setImmediate(() => done?.());
    this.deliverSoon();
  }
  handle(req, off, len) {
    const type = req.readUInt16LE(off + 4);
    const flags = req.readUInt16LE(off + 6);
    const seq = req.readUInt32LE(off + 8);
    const pid = req.readUInt32LE(off + 12);
    const cmd = req[off + 16];
    const push = (ds) => { for (const d of ds) this.outbox.push(d); };
    if (RECORD) {
      const copy = Buffer.from(req.subarray(off, off + len));
      copy.fill(0, 6, 16);
      recorded.push(copy);
    }
    if (type === 16) {
      push(pack(1, [attr(1, u16(FAMILY))], seq, pid, false));
      return this.outbox.push(ack(req, off, seq, pid));
    }
    if (cmd === 15) { // GET_INFO
      push(pack(cmd, [Buffer.concat([attr(1, u32(0x010201)), attr(2, u32(4096))])], seq, pid, false));
      return this.outbox.push(ack(req, off, seq, pid));
    }
    if (cmd === 4 && (flags & 0x300) === 0x300) { // GET_SERVICE dump, in an unsorted (hash-like) order
      const msgs = [];
      for (let k = 0; k < this.n; k++) {
        const s = (k * 7919) % this.n;
        const m = Buffer.from(SERVICE);
        m[SERVICE_ADDR_AT + 1] = (s >> 16) & 255; m[SERVICE_ADDR_AT + 2] = (s >> 8) & 255; m[SERVICE_ADDR_AT + 3] = s & 255;
        msgs.push(m);
      }
      return push(pack(cmd, msgs, seq, pid));
    }
    if (cmd === 8) { // GET_DEST dump: newest first, as the kernel lists them
      const s = serviceIndex(req, off, len);
      const msgs = [];
      if (s >= 0 && s < this.n) {
        for (let d = 3; d >= 0; d--) {
          const m = Buffer.from(DEST);
          m[DEST_ADDR_AT + 2] = d; m[DEST_ADDR_AT + 3] = (s % 250) + 2;
          msgs.push(m);
        }
      }
      return push(pack(cmd, msgs, seq, pid));
    }
    if (FAIL_EVERY > 0 && ++changes % FAIL_EVERY === 0) {
      const e = ack(req, off, seq, pid);
      e.writeInt32LE(-17, 16);
      return this.outbox.push(e);
    }
    if (flags & 4) this.outbox.push(ack(req, off, seq, pid));
  }
  deliverSoon() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (let i = 0; i < 32 && this.outbox.length > 0 && !this.closed; i++) this.emit('message', this.outbox.shift());
      if (this.outbox.length > 0) this.deliverSoon();
    });
  }
}

/** The addon's NativeNetlink over the fake: what the bundled raw.js wraps. */
class NativeNetlink {
  constructor(_protocol, _msgBuffer, onMessage) {
    this.sock = new RawNetlinkSocket();
    this.sock.on('message', (msg) => onMessage(msg, { truncated: false }));
  }
  bind() {}
  address() { return this.sock.address(); }
  send(_port, _groups, msg, done) { this.sock.send(msg, null, done); }
  ref() { this.sock.ref(); }
  unref() { this.sock.unref(); }
  close() { this.sock.close(); }
  setRecvBufferSize() {}
  setSendBufferSize() {}
  getRecvBufferSize() { return 1 << 20; }
  getSendBufferSize() { return 1 << 20; }
}

module.exports = { RawNetlinkSocket };

// In require's cache under the real file's name: importing it (CJS from ESM, or require) takes
// these exports. Only as a preload with FAKE_IPVS_SERVICES set, so a test can require this file
// for the class alone.
function cacheAs(file, exports) {
  const mod = new (require('node:module'))(file);
  mod.filename = file;
  mod.loaded = true;
  mod.exports = exports;
  require.cache[file] = mod;
}

if (process.env.FAKE_IPVS_SERVICES !== undefined) {
  const raw = require.resolve('netlink/dist/raw.js', { paths: [path.join(__dirname, '..')] });
  cacheAs(raw, { RawNetlinkSocket, generateLocalPort: () => 4242 });
  const pkg = path.dirname(path.dirname(raw));
  for (const addon of [path.join(pkg, 'build', 'Release', 'netlink_binding.node'), path.join(pkg, 'prebuilds', `linux-${process.arch}`, 'node.napi.node')]) {
    cacheAs(addon, { NativeNetlink });
  }
}
