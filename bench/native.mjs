#!/usr/bin/env node
// Native user-space timing of the big operations, without an IPVS kernel: runs the built
// dist/ (runIpvsadm, as bin/ipvsadm does) against a fast fake netlink socket that answers like
// the kernel (ACKs for changes; dumps packed into ~32 KiB datagrams with DONE in the last one)
// but does no kernel work. What it measures is ours alone: parsing, encoding, decoding,
// sorting, formatting. Output goes to a counting sink, not a terminal.
//   node bench/native.mjs [restore|list|save|json|text-only|json-only|all] [services=10000] [runs=5]
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/native.mjs restore 10000 1
import { performance } from 'node:perf_hooks';
import { runIpvsadm } from '../dist/main.js';
import { IpvsClient } from '../dist/netlink/client.js';
import * as C from '../dist/netlink/constants.js';
import { encodeAttrs } from '../dist/netlink/schema.js';
import { DEST_SCHEMA, INFO_SCHEMA, SERVICE_SCHEMA } from '../dist/netlink/tables.js';
import { NlWriter, forEachRecord } from '../dist/netlink/wire.js';
import { rules } from './rules.mjs';

const [what = 'all', nArg = '10000', runsArg = '5'] = process.argv.slice(2);
const N = Number(nArg);
const RUNS = Number(runsArg);
const FAMILY = 0x20;
const MAX_DATAGRAM = 32768;


const ROLES = ['id', 'cfg', 'out'];
function nest(schema, obj, nla) {
  const w = new NlWriter();
  const m = w.beginNest(nla);
  encodeAttrs(w, schema, obj, ROLES);
  w.endNest(m);
  return w.copy();
}
const zeroStats = () => ({ conns: 0n, inpkts: 0n, outpkts: 0n, inbytes: 0n, outbytes: 0n, cps: 0n, inpps: 0n, outpps: 0n, inbps: 0n, outbps: 0n });

/** The table the rule file makes, as the kernel's dump messages (service nest, dest nests). */
function table(n) {
  const services = [];
  for (let s = 0; s < n; s++) {
    const addr = new Uint8Array(16);
    addr.set([10, (s >> 16) & 255, (s >> 8) & 255, s & 255]);
    const svc = { af: 2, protocol: 6, addr, port: 80, fwmark: 0, scheduler: 'wlc', pe: '', flags: 0, timeout: 0, netmask: 0xffffffff, stats: zeroStats(), stats64: zeroStats() };
    const dests = [];
    for (let d = 3; d >= 0; d--) {
      const da = new Uint8Array(16);
      da.set([192, 168, d, (s % 250) + 2]);
      dests.push(nest(DEST_SCHEMA, {
        af: 2, addr: da, port: 8080, fwdMethod: 0, weight: 1, uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0,
        activeConns: 0, inactConns: 0, persistConns: 0, stats: zeroStats(), stats64: zeroStats(),
      }, C.IPVS_CMD_ATTR_DEST));
    }
    // Reverse kernel order: hashed, not sorted (ours must sort).
    services.push({ key: `${s}`, msg: nest(SERVICE_SCHEMA, svc, C.IPVS_CMD_ATTR_SERVICE), dests });
  }
  return services;
}

function header(b, off, len, type, flags, seq, pid) {
  b.writeUInt32LE(len, off);
  b.writeUInt16LE(type, off + 4);
  b.writeUInt16LE(flags, off + 6);
  b.writeUInt32LE(seq, off + 8);
  b.writeUInt32LE(pid, off + 12);
}

/** The datagrams of a dump (seq/pid 0), cached per payload list: the fake should cost little. */
const packedCache = new WeakMap();
function packed(cmd, payloads, flags) {
  let out = packedCache.get(payloads);
  if (out) return out;
  out = [];
  let cur = Buffer.alloc(MAX_DATAGRAM);
  let at = 0;
  const flush = () => {
    out.push(Buffer.from(cur.subarray(0, at)));
    at = 0;
  };
  for (const p of payloads) {
    const len = 20 + p.length;
    if (at + len > MAX_DATAGRAM) flush();
    header(cur, at, len, FAMILY, flags, 0, 0);
    cur[at + 16] = cmd; cur[at + 17] = 1; cur[at + 18] = 0; cur[at + 19] = 0;
    p.copy(cur, at + 20);
    at += (len + 3) & ~3;
  }
  if (flags === 2) {
    if (at + 20 > MAX_DATAGRAM) flush();
    header(cur, at, 20, 3, 2, 0, 0);
    cur.writeInt32LE(0, at + 16);
    at += 20;
  }
  flush();
  packedCache.set(payloads, out);
  return out;
}

/** A fake NETLINK_GENERIC socket: answers arrive a turn later, up to 32 datagrams per turn. */
class FastKernel {
  port = 4242;
  outbox = [];
  scheduled = false;
  constructor(services) {
    this.services = services;
    // GET_DEST requests carry the service identity nest: its address keys the service.
    if (services && !services.byIdentity) {
      services.byIdentity = new Map(services.map((s) => [addrKey(s.msg), s]));
      services.msgs = services.map((s) => s.msg);
    }
  }
  listen(h) { this.h = h; }
  ref() {}
  unref() {}
  close() { this.closed = true; }
  send(dgram, done) {
    forEachRecord(dgram, 0, dgram.length, 'message', (off, len) => this.handle(dgram, off, len));
    setImmediate(done);
    this.deliverSoon();
  }
  ack(dgram, off, errno = 0) {
    const b = Buffer.allocUnsafe(36);
    header(b, 0, 36, 2, 0x100, dgram.readUInt32LE(off + 8), dgram.readUInt32LE(off + 12));
    b.writeInt32LE(-errno, 16);
    dgram.copy(b, 20, off, off + 16);
    return b;
  }
  /** Data messages (each an attribute payload) packed as the kernel packs a dump, DONE last. */
  dump(dgram, off, cmd, payloads, flags = 2) {
    const seq = dgram.readUInt32LE(off + 8);
    const pid = dgram.readUInt32LE(off + 12);
    for (const d of packed(cmd, payloads, flags)) {
      // A copy per answer with this request's seq and pid, as the kernel's.
      const b = Buffer.from(d);
      forEachRecord(b, 0, b.length, 'message', (o) => {
        b.writeUInt32LE(seq, o + 8);
        b.writeUInt32LE(pid, o + 12);
      });
      this.outbox.push(b);
    }
  }
  handle(dgram, off, len) {
    const type = dgram.readUInt16LE(off + 4);
    const flags = dgram.readUInt16LE(off + 6);
    const cmd = dgram[off + 16];
    if (type === 16) {
      const id = Buffer.from([6, 0, 1, 0, FAMILY, 0, 0, 0]);
      this.dump(dgram, off, 1, [id], 0);
      this.outbox.push(this.ack(dgram, off));
      return;
    }
    switch (cmd) {
      case C.IPVS_CMD_GET_INFO: {
        const w = new NlWriter();
        encodeAttrs(w, INFO_SCHEMA, { version: 0x010201, connTabSize: 4096 }, ROLES);
        this.dump(dgram, off, cmd, [w.copy()], 0);
        this.outbox.push(this.ack(dgram, off));
        return;
      }
      case C.IPVS_CMD_GET_SERVICE:
        return this.dump(dgram, off, cmd, this.services?.msgs ?? []);
      case C.IPVS_CMD_GET_DEST: {
        // Request: nest SERVICE{AF, PROTOCOL, ADDR, PORT}; find ADDR (type 3).
        const s = this.services?.byIdentity.get(addrKey(dgram.subarray(off + 20, off + len)));
        return this.dump(dgram, off, cmd, s ? s.dests : []);
      }
      default:
        // A change: answered only when it asks for an ACK (it always succeeds here).
        if (flags & 4) this.outbox.push(this.ack(dgram, off));
    }
  }
  deliverSoon() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (let i = 0; i < 32 && this.outbox.length && !this.closed; i++) this.h.message(this.outbox.shift());
      if (this.outbox.length) this.deliverSoon();
    });
  }
}

/** The 4 IPv4 bytes of the ADDR attribute (type 3) inside a SERVICE nest (type 1), as a key. */
function addrKey(attrs) {
  let key = '';
  forEachRecord(attrs, 0, attrs.length, 'attr', (o, l) => {
    if ((attrs.readUInt16LE(o + 2) & 0x3fff) !== C.IPVS_CMD_ATTR_SERVICE) return;
    forEachRecord(attrs, o + 4, o + l, 'attr', (p) => {
      if ((attrs.readUInt16LE(p + 2) & 0x3fff) === C.IPVS_SVC_ATTR_ADDR) key = `${attrs[p + 4]}.${attrs[p + 5]}.${attrs[p + 6]}.${attrs[p + 7]}`;
    });
  });
  return key;
}

/** Counts stdout; with NATIVE_KEEP=1 also keeps it (for comparing outputs before/after a change). */
function io(stdin = '') {
  let bytes = 0;
  const kept = [];
  // As the CLI's stdout: strings, and bytes for a JSON document.
  const sink = {
    write: (s) => { bytes += s.length; if (process.env.NATIVE_KEEP) kept.push(s); return true; },
    writeBytes: (b) => { bytes += b.length; if (process.env.NATIVE_KEEP) kept.push(Buffer.from(b).toString('utf8')); return true; },
  };
  const stderr = { write: (s) => { process.stderr.write(s); return true; } };
  return { io: { argv0: 'ipvsadm', env: {}, isTTY: false, stdin: async () => Buffer.from(stdin, 'latin1'), stdout: sink, stderr }, bytes: () => bytes, text: () => kept.join('') };
}

const resolver = { hostByName: () => undefined, serviceByName: () => undefined, hostByAddr: () => undefined, serviceByPort: () => undefined };

async function time(name, args, kernel, stdin) {
  const samples = [];
  let out = 0;
  for (let i = 0; i < RUNS; i++) {
    const { io: x, bytes, text } = io(stdin);
    const t0 = performance.now();
    const code = await runIpvsadm(args, x, { openClient: () => IpvsClient.open({ socket: kernel() }), loadModule: () => false });
    samples.push(performance.now() - t0);
    if (code !== 0) throw new Error(`${name}: exit ${code}`);
    out = bytes();
    if (process.env.NATIVE_KEEP && i === RUNS - 1) (await import('node:fs')).writeFileSync(`${process.env.NATIVE_KEEP}.${args.join('')}`, text());
  }
  samples.sort((a, b) => a - b);
  console.log(`${name}: median ${samples[samples.length >> 1].toFixed(0)} ms (min ${samples[0].toFixed(0)}, ${RUNS} runs, ${out} bytes out)`);
}

if (what === 'restore' || what === 'all') await time(`restore ${N}x4`, ['-R'], () => new FastKernel(), rules(N));
if (what === 'text-only' || what === 'json-only') {
  const services = table(N);
  const args = what === 'json-only' ? ['-L', '-n', '--json'] : ['-L', '-n'];
  await time(`${args.join(' ')} ${N}x4`, args, () => new FastKernel(services));
}
if (what === 'json') {
  const services = table(N);
  await time(`-L -n ${N}x4`, ['-L', '-n'], () => new FastKernel(services));
  await time(`-L -n --json ${N}x4`, ['-L', '-n', '--json'], () => new FastKernel(services));
}
if (what === 'list' || what === 'save' || what === 'all') {
  const services = table(N);
  if (what !== 'save') await time(`-L -n ${N}x4`, ['-L', '-n'], () => new FastKernel(services));
  if (what !== 'list') await time(`-S -n ${N}x4`, ['-S', '-n'], () => new FastKernel(services));
}
