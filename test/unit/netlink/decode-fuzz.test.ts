// Decoder fuzzing: mutated and truncated versions of the kernel replies recorded in
// test/fixtures/rich-listings.json go through the real receive path (IpvsClient, its
// transport, the codec) via a socket that answers each request with them. Every case must
// end in a model or a MalformedReplyError: never another exception, never a request that
// stays unanswered.
//
// What is mutated: the generic-netlink payload of data messages (genl header, attributes,
// nests) and the framing by truncation (a message or the whole datagram cut short). The
// nlmsghdr type/flags/seq/pid of the kernel's ACK/DONE/error frames are left alone: a frame
// that says "error 13" is the kernel's answer, not a malformed one.
//
// Reproduce: IPVS_DECODE_FUZZ_SEED=<seed> [IPVS_DECODE_FUZZ_COUNT=<n>] npx vitest run --project unit decode-fuzz
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AF_INET } from '../../../src/model.js';
import { IpvsClient } from '../../../src/netlink/client.js';
import { encodeDaemonAttrs, decodeService } from '../../../src/netlink/codec.js';
import * as C from '../../../src/netlink/constants.js';
import { MalformedReplyError } from '../../../src/netlink/schema.js';
import type { DatagramSocket, SocketError } from '../../../src/netlink/transport.js';
import { indexAttrs } from '../../../src/netlink/wire.js';
import { attr, cstr, le16, le32, nest } from './bytes.js';

const SEED = Number(process.env.IPVS_DECODE_FUZZ_SEED ?? 0x1f05ed);
const COUNT = Number(process.env.IPVS_DECODE_FUZZ_COUNT ?? 100_000);

// ---- deterministic randomness (mulberry32) ----

function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
type Rng = ReturnType<typeof rng>;

// ---- the corpus: recorded datagrams, as messages ----

interface Msg {
  /** nlmsghdr (16 bytes); nlmsg_len is recomputed from the payload when serialised. */
  hdr: Buffer;
  payload: Buffer;
}

type Call = 'info' | 'services' | 'service' | 'dests' | 'timeouts' | 'daemons' | 'family';
interface Seed {
  call: Call;
  /** The reply datagrams, each a list of messages. */
  datagrams: Msg[][];
  /** For dests: the service family the client passes. */
  af?: number;
}

function splitDatagram(buf: Buffer): Msg[] {
  const out: Msg[] = [];
  for (let off = 0; off + 16 <= buf.length; ) {
    const len = buf.readUInt32LE(off);
    out.push({ hdr: Buffer.from(buf.subarray(off, off + 16)), payload: Buffer.from(buf.subarray(off + 16, off + len)) });
    off += (len + 3) & ~3;
  }
  return out;
}

function header(type: number, flags: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16LE(type, 4);
  h.writeUInt16LE(flags, 6);
  return h;
}
const genl = (cmd: number): Buffer => Buffer.from([cmd, 1, 0, 0]);
const ackMsg = (): Msg => ({ hdr: header(C.NLMSG_ERROR, 0x100), payload: Buffer.concat([le32(0), Buffer.alloc(16)]) });
const doneMsg = (): Msg => ({ hdr: header(C.NLMSG_DONE, C.NLM_F_MULTI), payload: le32(0) });

function loadCorpus(): Seed[] {
  const fixture = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/rich-listings.json'), 'utf8')) as {
    records: { replies: { info: string[]; services: string[]; dests: string[][]; timeouts: string[]; daemons: string[] } }[];
  };
  const seen = new Set<string>();
  const seeds: Seed[] = [];
  const add = (call: Call, hex: string[], af?: number): void => {
    const k = `${call}:${af}:${hex.join(',')}`;
    if (seen.has(k)) return;
    seen.add(k);
    seeds.push({ call, af, datagrams: hex.map((h) => splitDatagram(Buffer.from(h, 'hex'))) });
  };
  for (const { replies: r } of fixture.records) {
    add('info', r.info);
    add('timeouts', r.timeouts);
    add('daemons', r.daemons);
    add('services', r.services);
    const services = r.services.flatMap((h) => splitDatagram(Buffer.from(h, 'hex'))).filter((m) => m.hdr.readUInt16LE(4) >= 16);
    services.forEach((m, i) => {
      // The do-form (GET_SERVICE of one service): that service's message alone, then an ACK.
      const one = { hdr: Buffer.from(m.hdr), payload: m.payload };
      one.hdr.writeUInt16LE(0, 6);
      seeds.push({ call: 'service', datagrams: [[one], [ackMsg()]] });
      const span = indexAttrs(m.payload, 4, m.payload.length)[C.IPVS_CMD_ATTR_SERVICE]!;
      const af = decodeService(m.payload, span.off, span.off + span.len).af;
      if (r.dests[i]) add('dests', r.dests[i]!, af);
    });
  }
  // Not in the recordings (no daemon ran there): kernel-shaped replies built from the spec.
  const daemon = (state: number, ifn: string, id: number): Msg => ({
    hdr: header(0x20, C.NLM_F_MULTI),
    payload: Buffer.concat([genl(C.IPVS_CMD_NEW_DAEMON), nest(C.IPVS_CMD_ATTR_DAEMON,
      encodeDaemonAttrs({ state, mcastIfn: ifn, syncId: id, syncMaxlen: 1472, mcastPort: 8848, mcastTtl: 1, mcastGroup: '224.0.0.81' }))]),
  });
  seeds.push({ call: 'daemons', datagrams: [[daemon(1, 'eth0', 7), daemon(2, 'eth1', 9)], [doneMsg()]] });
  const family: Msg = {
    hdr: header(C.GENL_ID_CTRL, 0),
    payload: Buffer.concat([genl(1 /* CTRL_CMD_NEWFAMILY */), attr(C.CTRL_ATTR_FAMILY_ID, le16(FAMILY_ID)),
      attr(C.CTRL_ATTR_FAMILY_NAME, cstr('IPVS')), attr(3, le32(1)), attr(4, le32(0)), attr(5, le32(9))]),
  };
  seeds.push({ call: 'family', datagrams: [[family], [ackMsg()]] });
  return seeds;
}

const FAMILY_ID = 0x21;

// ---- mutations ----

/** Attributes of a payload (after the 4-byte genl header), nests included: offset and depth. */
function attrOffsets(b: Buffer, start: number, end: number, depth = 0, out: { off: number; depth: number }[] = []) {
  let off = start;
  while (off + 4 <= end) {
    const len = b.readUInt16LE(off);
    if (len < 4 || off + len > end) break;
    out.push({ off, depth });
    if (len > 8 && depth < 3) attrOffsets(b, off + 4, off + len, depth + 1, out);
    off += (len + 3) & ~3;
  }
  return out;
}

const INTERESTING16 = [0, 1, 3, 4, 5, 7, 8, 0x7fff, 0x8000, 0xffff];
const INTERESTING8 = [0, 1, 0x7f, 0x80, 0xff];

/** One mutation of one data message's payload; returns a short description. */
function mutatePayload(r: Rng, m: Msg): string {
  const p = m.payload;
  const attrs = attrOffsets(p, 4, p.length);
  switch (r.int(10)) {
    case 0: {
      const n = 1 + r.int(8);
      for (let i = 0; i < n && p.length > 0; i++) p[r.int(p.length)]! ^= 1 << r.int(8);
      return `flip ${n} bits`;
    }
    case 1: {
      if (p.length === 0) return 'noop';
      const at = r.int(p.length);
      p[at] = r.pick(INTERESTING8);
      return `byte ${at}=${p[at]}`;
    }
    case 2:
    case 3: {
      if (attrs.length === 0) return 'noop';
      const a = r.pick(attrs);
      const old = p.readUInt16LE(a.off);
      const v = r.next() < 0.5 ? r.pick(INTERESTING16) : Math.max(0, old + r.int(9) - 4);
      p.writeUInt16LE(v, a.off);
      return `nla_len@${a.off} ${old}->${v}`;
    }
    case 4: {
      if (attrs.length === 0) return 'noop';
      const a = r.pick(attrs);
      const v = r.pick([0, 1, 2, 11, 12, 31, 32, 0x3fff, 0x8000 | r.int(16), r.int(16)]);
      p.writeUInt16LE(v, a.off + 2);
      return `nla_type@${a.off}=${v}`;
    }
    case 5: {
      const at = r.int(p.length + 1);
      m.payload = p.subarray(0, at);
      return `cut message at ${at}/${p.length}`;
    }
    case 6: {
      // Remove one attribute, fixing every enclosing nest length (a required one goes missing).
      if (attrs.length === 0) return 'noop';
      const a = r.pick(attrs);
      const len = (p.readUInt16LE(a.off) + 3) & ~3;
      for (const o of attrs) if (o.off < a.off && o.off + p.readUInt16LE(o.off) > a.off) p.writeUInt16LE(p.readUInt16LE(o.off) - len, o.off);
      m.payload = Buffer.concat([p.subarray(0, a.off), p.subarray(Math.min(p.length, a.off + len))]);
      return `drop attr@${a.off}`;
    }
    case 7: {
      // Shrink one attribute's payload by k bytes (lengths of the nests around it kept consistent).
      if (attrs.length === 0) return 'noop';
      const a = r.pick(attrs);
      const len = p.readUInt16LE(a.off);
      const k = Math.min(len - 4, 1 + r.int(8));
      for (const o of attrs) if (o.off <= a.off && o.off + p.readUInt16LE(o.off) >= a.off + len) p.writeUInt16LE(p.readUInt16LE(o.off) - k, o.off);
      m.payload = Buffer.concat([p.subarray(0, a.off + len - k), p.subarray(a.off + len)]);
      return `shrink attr@${a.off} by ${k}`;
    }
    case 8: {
      const at = r.int(p.length + 1);
      const junk = Buffer.from(Array.from({ length: 1 + r.int(12) }, () => r.int(256)));
      m.payload = Buffer.concat([p.subarray(0, at), junk, p.subarray(at)]);
      return `insert ${junk.length} bytes at ${at}`;
    }
    default: {
      // Duplicate an attribute (a repeated type: the last one wins).
      if (attrs.length === 0) return 'noop';
      const a = r.pick(attrs);
      const span = p.subarray(a.off, a.off + ((p.readUInt16LE(a.off) + 3) & ~3));
      m.payload = Buffer.concat([p.subarray(0, a.off), span, p.subarray(a.off)]);
      return `duplicate attr@${a.off}`;
    }
  }
}

function serialise(msgs: Msg[], seq: number, pid: number): Buffer {
  const parts: Buffer[] = [];
  for (const m of msgs) {
    const hdr = Buffer.from(m.hdr);
    hdr.writeUInt32LE(16 + m.payload.length, 0);
    hdr.writeUInt32LE(seq, 8);
    hdr.writeUInt32LE(pid, 12);
    const pad = Buffer.alloc(((m.payload.length + 3) & ~3) - m.payload.length);
    parts.push(hdr, m.payload, pad);
  }
  return Buffer.concat(parts);
}

const isData = (m: Msg): boolean => m.hdr.readUInt16LE(4) >= 16;

/** Mutated copies of a seed's datagrams for request `seq`, and what was done. */
function mutate(r: Rng, seed: Seed, seq: number, pid: number): { datagrams: Buffer[]; what: string[]; cutInside: boolean } {
  const dgs = seed.datagrams.map((d) => d.map((m) => ({ hdr: m.hdr, payload: Buffer.from(m.payload) })));
  const data = dgs.flat().filter(isData);
  const what: string[] = [];
  const n = 1 + r.int(3);
  for (let i = 0; i < n && data.length > 0; i++) {
    const k = r.int(data.length);
    what.push(`msg ${k}: ${mutatePayload(r, data[k]!)}`);
  }
  if (r.next() < 0.05) {
    // An ACK or error frame cut to its header: no error code.
    const ctl = dgs.flat().find((m) => m.hdr.readUInt16LE(4) === C.NLMSG_ERROR);
    if (ctl) {
      ctl.payload = ctl.payload.subarray(0, r.int(4));
      what.push('error frame without its code');
    }
  }
  const out = dgs.map((d) => serialise(d, seq, pid));
  let cutInside = false;
  if (r.next() < 0.2) {
    // The datagram itself cut short: its last message then runs past its end.
    const d = r.int(out.length);
    const at = r.int(out[d]!.length);
    for (let off = 0; off < at; off += (out[d]!.readUInt32LE(off) + 3) & ~3) {
      if (at < off + out[d]!.readUInt32LE(off)) cutInside = true;
    }
    out[d] = out[d]!.subarray(0, at);
    what.push(`cut datagram ${d} at ${at}${cutInside ? ' (inside a message)' : ''}`);
  }
  return { datagrams: out, what, cutInside };
}

// ---- a socket that answers from the case ----

class ReplaySocket implements DatagramSocket {
  readonly port = 4343;
  private h!: { message: (b: Buffer) => void; truncated: () => void; error: (e: SocketError) => void };
  /** Filled by send(): the datagrams of the answer last given, for the failure report. */
  answered: Buffer[] = [];

  constructor(private readonly answer: (type: number, flags: number, seq: number) => { datagrams: Buffer[]; terminator: Buffer }) {}

  listen(h: ReplaySocket['h']): void {
    this.h = h;
  }
  ref(): void {}
  unref(): void {}
  close(): void {}

  send(datagram: Buffer, done: (err?: SocketError) => void): void {
    const out: Buffer[] = [];
    for (let off = 0; off + 16 <= datagram.length; ) {
      const len = datagram.readUInt32LE(off);
      const { datagrams, terminator } = this.answer(datagram.readUInt16LE(off + 4), datagram.readUInt16LE(off + 6), datagram.readUInt32LE(off + 8));
      this.answered = datagrams;
      // Whatever the mutation did to the frames, the request is ended once: a second ending is a stray.
      out.push(...datagrams, terminator);
      off += (len + 3) & ~3;
    }
    setImmediate(() => {
      done();
      for (const d of out) this.h.message(d);
    });
  }
}

function terminator(dump: boolean, seq: number, pid: number): Buffer {
  return serialise([dump ? doneMsg() : ackMsg()], seq, pid);
}

async function runCase(
  r: Rng,
  seed: Seed,
  family: Seed,
): Promise<{ outcome: 'hang' | { value: unknown } | { error: unknown }; what: string[]; replies: Buffer[]; cutInside: boolean }> {
  let what: string[] = [];
  let cutInside = false;
  const socket = new ReplaySocket((type, flags, seq) => {
    const dump = (flags & C.NLM_F_DUMP) === C.NLM_F_DUMP;
    const s = type === C.GENL_ID_CTRL ? family : seed;
    if (s !== seed && seed.call !== 'family') {
      return { datagrams: s.datagrams.map((d) => serialise(d, seq, 4343)), terminator: terminator(dump, seq, 4343) };
    }
    const m = mutate(r, s, seq, 4343);
    what = m.what;
    cutInside ||= m.cutInside;
    return { datagrams: m.datagrams, terminator: terminator(dump, seq, 4343) };
  });
  const key = { af: seed.af ?? AF_INET, protocol: 6, addr: new Uint8Array(16), port: 80, fwmark: 0 };
  const counters = r.next() < 0.5;
  const work = (async () => {
    const client = await IpvsClient.open({ socket });
    try {
      switch (seed.call) {
        case 'family':
        case 'info':
          return await client.getInfo();
        case 'timeouts':
          return await client.getTimeouts();
        case 'daemons':
          return await client.getDaemons();
        case 'services':
          return await client.getServices({ counters });
        case 'service':
          return await client.getService(key, { counters });
        case 'dests':
          return await client.getDests(key, { counters });
      }
    } finally {
      client.close();
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((res) => (timer = setTimeout(() => res('hang'), 10_000)));
  const outcome = await Promise.race([work.then((v) => ({ value: v }), (e: unknown) => ({ error: e })), hang]);
  clearTimeout(timer);
  return { outcome, what, replies: socket.answered, cutInside };
}

// The family seed answers the lookup of every other case intact, and is itself fuzzed.
const corpus = loadCorpus();
const familySeed = corpus.find((s) => s.call === 'family')!;

describe('decoder fuzzing', () => {
  it('has a corpus of recorded replies of every kind', () => {
    const calls = new Set(corpus.map((s) => s.call));
    expect([...calls].sort()).toEqual(['daemons', 'dests', 'family', 'info', 'service', 'services', 'timeouts']);
    expect(corpus.length).toBeGreaterThan(20);
  });

  it(`${COUNT} mutated and truncated replies give a model or MalformedReplyError (seed ${SEED})`, async () => {
    console.log(`decoder fuzz: seed ${SEED} (IPVS_DECODE_FUZZ_SEED), ${COUNT} cases (IPVS_DECODE_FUZZ_COUNT)`);
    const r = rng(SEED);
    const tally = { model: 0, malformed: 0 };
    for (let i = 0; i < COUNT; i++) {
      const seed = corpus[r.int(corpus.length)]!;
      const { outcome, what, replies, cutInside } = await runCase(r, seed, familySeed);
      const bad =
        outcome === 'hang' ? 'no answer within 10 s'
        : 'error' in outcome && !(outcome.error instanceof MalformedReplyError) ? `threw ${String((outcome.error as Error)?.stack ?? outcome.error)}`
        : 'value' in outcome && cutInside ? 'a datagram cut inside a message still gave a model (entries silently lost)'
        : undefined;
      if (bad) {
        throw new Error(
          `decoder fuzz case ${i} (seed ${SEED}, ${seed.call}): ${bad}\n  mutations: ${what.join('; ')}\n` +
            `  replies: ${replies.map((b) => b.toString('hex')).join(' | ')}`,
        );
      }
      if (outcome !== 'hang' && 'error' in outcome) tally.malformed++;
      else tally.model++;
    }
    console.log(`decoder fuzz: ${tally.model} models, ${tally.malformed} MalformedReplyError`);
    // Both outcomes are common: a fuzzer that only ever broke (or never broke) the replies tests little.
    expect(tally.model).toBeGreaterThan(COUNT / 10);
    expect(tally.malformed).toBeGreaterThan(COUNT / 10);
  }, 120_000);
});
