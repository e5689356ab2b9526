// The virtual_server and virtual_server_group blocks read into plain records, one keyword
// handler per keyword (keepalived's check_parser.c lists them). Keywords keepalived knows but
// that never reach IPVS are listed and skipped with any block they have; anything else is an
// error. Settings are kept as keepalived keeps them while parsing: order matters where it
// matters to keepalived (a real server takes the forwarding method set before it).
import {
  AF_INET, AF_INET6, FWD_DROUTE, FWD_MASQ, FWD_TUNNEL, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP,
  SCHED_FLAG_WORDS, SVC_F_ONEPACKET, TUN_FLAG_CSUM, TUN_FLAG_NOCSUM,
  TUN_FLAG_REMCSUM, TUN_TYPE_GRE, TUN_TYPE_GUE, TUN_TYPE_IPIP, type SourcePosition,
} from '../model.js';
import type { Statement, Word } from './keepalived-blocks.js';
import { ConfigError } from './keepalived-error.js';
import { parseIp, readIp, readPort, readUnsigned, type IpAddress, ipv4Number } from './keepalived-values.js';

export interface Forwarding {
  method: number;
  tunType: number;
  tunPort: number;
  tunFlags: number;
}

export interface RealServer {
  pos: SourcePosition;
  ip: IpAddress;
  port: number;
  /** Undefined until set here or taken from the virtual server. */
  fwd?: Forwarding;
  weight?: number;
  uThreshold: number;
  lThreshold: number;
  inhibit: boolean;
}

export interface VirtualServer {
  pos: SourcePosition;
  kind: 'address' | 'fwmark' | 'group';
  ip?: IpAddress;
  port: number;
  fwmark: number;
  group?: Word;
  /** 0 while keepalived does not know it yet. */
  af: number;
  protocol: number;
  scheduler: string;
  flags: number;
  /** Where `ops` was given, to point at it if it cannot apply. */
  opsPos?: SourcePosition;
  timeout: number;
  /** IPv4: u32 mask in natural order; IPv6: prefix length; undefined when not given. */
  granularity?: number;
  pe: string;
  fwd?: Forwarding;
  weight: number;
  quorum: number;
  hysteresis: number;
  real: RealServer[];
  sorry?: RealServer;
}

export type GroupEntry =
  | { kind: 'address'; pos: SourcePosition; af: number; first: Uint8Array; count: number; port: number }
  | { kind: 'fwmark'; pos: SourcePosition; fwmark: number; af: number };

export interface Group {
  name: Word;
  entries: GroupEntry[];
}

/** IPVS_SVC_PERSISTENT_TIMEOUT: persistence_timeout without a value, or implied. */
export const DEFAULT_PERSISTENCE = 360;
const MAX_TIMEOUT = 86400 * 31;
const WEIGHT_MAX = 0x7fffffff;
const U32_MAX = 0xffffffff;
/** A range expanding to more services than this is refused (a /8 would be 16 million). */
export const MAX_RANGE = 65536;

const SCHEDULERS = new Set(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'sh', 'mh', 'dh', 'fo', 'ovf', 'lblcr', 'sed', 'nq', 'twos']);
const METHODS: Record<string, number> = { NAT: FWD_MASQ, DR: FWD_DROUTE, TUN: FWD_TUNNEL };
const PROTOCOLS: Record<string, number> = { tcp: IPPROTO_TCP, udp: IPPROTO_UDP, sctp: IPPROTO_SCTP };
const TUN_TYPES: Record<string, number> = { ipip: TUN_TYPE_IPIP, gue: TUN_TYPE_GUE, gre: TUN_TYPE_GRE };
const CHECKSUMS: Record<string, number> = { nocsum: TUN_FLAG_NOCSUM, csum: TUN_FLAG_CSUM, remcsum: TUN_FLAG_REMCSUM };
const FAMILIES: Record<string, number> = { inet: AF_INET, inet6: AF_INET6 };
const TRUTH: Record<string, boolean> = { true: true, on: true, yes: true, false: false, off: false, no: false };


/** Health checkers and other real_server keywords that only decide when a server is up. */
const CHECKERS = ['TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'MISC_CHECK', 'SMTP_CHECK', 'DNS_CHECK', 'BFD_CHECK',
  'UDP_CHECK', 'PING_CHECK', 'FILE_CHECK'];
const TIMING = ['retry', 'delay_before_retry', 'warmup', 'connect_timeout', 'delay_loop', 'smtp_alert',
  'virtualhost', 'snmp_name', 'alpha'];
const VS_IGNORED = new Set([...TIMING, 'inhibit_on_failure', 'ha_suspend', 'omega', 'quorum_up', 'quorum_down', 'hashed']);
const RS_IGNORED = new Set([...TIMING, ...CHECKERS, 'notify_up', 'notify_down']);

// ---- statement helpers ----

function keyword(st: Statement): Word {
  return st.words[0]!;
}

/** The values of `st` after its keyword, checked to be between min and max in number. */
function values(st: Statement, min: number, max: number, block = false): Word[] {
  const kw = keyword(st);
  const rest = st.words.slice(1);
  if (rest.length < min) throw new ConfigError(kw.pos, `${kw.text}: missing value`);
  if (rest.length > max) throw new ConfigError(rest[max]!.pos, `${kw.text}: unexpected "${rest[max]!.text}"`);
  if (!block && st.block) throw new ConfigError(st.open!, `${kw.text} takes no block`);
  return rest;
}

function lookup<T>(table: Record<string, T>, w: Word, what: string, expected: string, key = w.text): T {
  const v = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  if (v === undefined) throw new ConfigError(w.pos, `${what}: expected ${expected}, got "${w.text}"`);
  return v;
}

function bodyOf(st: Statement): Statement[] {
  if (!st.block) throw new ConfigError(keyword(st).pos, `${keyword(st).text}: expected "{"`);
  return st.block;
}

// ---- forwarding (lb_kind, lvs_method, sorry_server_lvs_method) ----

/** `NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]` as keepalived reads it. */
function readForwarding(st: Statement): Forwarding {
  const kw = keyword(st).text;
  const [m, ...opts] = values(st, 1, 6);
  const f: Forwarding = { method: lookup(METHODS, m!, kw, 'NAT, DR or TUN'), tunType: TUN_TYPE_IPIP, tunPort: 0, tunFlags: TUN_FLAG_NOCSUM };
  if (opts.length && f.method !== FWD_TUNNEL) throw new ConfigError(opts[0]!.pos, `${kw}: tunnel options need TUN, got "${opts[0]!.text}"`);
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i]!;
    const arg = opts[i + 1];
    if (o.text === 'type' || o.text === 'port') {
      if (!arg) throw new ConfigError(o.pos, `${kw}: ${o.text} needs a value`);
      if (o.text === 'type') f.tunType = lookup(TUN_TYPES, arg, `${kw} type`, 'ipip, gue or gre');
      else f.tunPort = readUnsigned(arg, `${kw} port`, 1, 65535);
      i++;
    } else f.tunFlags = lookup(CHECKSUMS, o, kw, 'type, port, nocsum, csum or remcsum');
  }
  const at = keyword(st).pos;
  if ((f.tunType === TUN_TYPE_GUE) !== (f.tunPort !== 0)) throw new ConfigError(at, `${kw}: a gue tunnel needs a port, and only gue takes one`);
  if (f.tunType === TUN_TYPE_IPIP && f.tunFlags !== TUN_FLAG_NOCSUM) throw new ConfigError(at, `${kw}: ipip tunnels take no checksum option`);
  if (f.tunType === TUN_TYPE_GRE && f.tunFlags === TUN_FLAG_REMCSUM) throw new ConfigError(at, `${kw}: gre tunnels do not support remcsum`);
  return f;
}

// ---- real_server / sorry_server ----

function newServer(vs: VirtualServer, st: Statement, what: string): RealServer {
  const [ip, port] = values(st, 1, 2, true);
  return {
    pos: keyword(st).pos,
    ip: readIp(ip!, what),
    port: readPort(port, what),
    fwd: vs.fwd && { ...vs.fwd },
    uThreshold: 0,
    lThreshold: 0,
    inhibit: false,
  };
}

/** keepalived's rs_end_handler: a server not tunnelled fixes, or must match, the family. */
function checkFamily(vs: VirtualServer, rs: RealServer, what: string): void {
  if (rs.fwd?.method === FWD_TUNNEL) return;
  if (vs.af === 0) vs.af = rs.ip.af;
  else if (vs.af !== rs.ip.af) throw new ConfigError(rs.pos, `${what}: address family differs from the virtual server's (only TUN servers may differ)`);
}

type RsHandler = (rs: RealServer, st: Statement) => void;

const RS_KEYWORDS: Record<string, RsHandler> = {
  weight: (rs, st) => { rs.weight = readUnsigned(values(st, 1, 1)[0]!, 'weight', 0, WEIGHT_MAX); },
  uthreshold: (rs, st) => { rs.uThreshold = readUnsigned(values(st, 1, 1)[0]!, 'uthreshold', 0, U32_MAX); },
  lthreshold: (rs, st) => { rs.lThreshold = readUnsigned(values(st, 1, 1)[0]!, 'lthreshold', 0, U32_MAX); },
  lvs_method: (rs, st) => { rs.fwd = readForwarding(st); },
  inhibit_on_failure: (rs, st) => {
    const [v] = values(st, 0, 1);
    rs.inhibit = v ? lookup(TRUTH, v, 'inhibit_on_failure', 'yes/no, on/off or true/false') : true;
  },
};

function readRealServer(vs: VirtualServer, st: Statement): RealServer {
  const rs = newServer(vs, st, 'real_server');
  for (const s of bodyOf(st)) {
    const kw = keyword(s);
    const handler = Object.prototype.hasOwnProperty.call(RS_KEYWORDS, kw.text) ? RS_KEYWORDS[kw.text] : undefined;
    if (handler) handler(rs, s);
    else if (!RS_IGNORED.has(kw.text)) throw new ConfigError(kw.pos, `unknown keyword "${kw.text}" in real_server`);
  }
  checkFamily(vs, rs, 'real_server');
  return rs;
}

// ---- virtual_server ----

type VsHandler = (vs: VirtualServer, st: Statement) => void;

function needSorry(vs: VirtualServer, st: Statement): RealServer {
  if (!vs.sorry) throw new ConfigError(keyword(st).pos, `${keyword(st).text}: needs a sorry_server before it`);
  return vs.sorry;
}

function setFlag(vs: VirtualServer, st: Statement): void {
  values(st, 0, 0);
  const kw = keyword(st);
  const flag = SCHED_FLAG_WORDS[kw.text]!;
  if (flag.scheduler && vs.scheduler !== flag.scheduler) throw new ConfigError(kw.pos, `${kw.text}: needs "lb_algo ${flag.scheduler}" before it`);
  vs.flags |= flag.bit;
}

const VS_KEYWORDS: Record<string, VsHandler> = {
  lb_algo: (vs, st) => {
    const [w] = values(st, 1, 1);
    if (!SCHEDULERS.has(w!.text)) throw new ConfigError(w!.pos, `${keyword(st).text}: unknown scheduler "${w!.text}"`);
    vs.scheduler = w!.text;
  },
  lb_kind: (vs, st) => { vs.fwd = readForwarding(st); },
  protocol: (vs, st) => {
    const [w] = values(st, 1, 1);
    vs.protocol = lookup(PROTOCOLS, w!, 'protocol', 'TCP, UDP or SCTP', w!.text.toLowerCase());
  },
  ops: (vs, st) => { values(st, 0, 0); vs.flags |= SVC_F_ONEPACKET; vs.opsPos = keyword(st).pos; },
  persistence_timeout: (vs, st) => {
    const [w] = values(st, 0, 1);
    vs.timeout = w ? readUnsigned(w, 'persistence_timeout', 1, MAX_TIMEOUT) : DEFAULT_PERSISTENCE;
  },
  persistence_granularity: (vs, st) => {
    const [w] = values(st, 1, 1);
    // The family is the virtual server's if known, else a dot means IPv4 (as keepalived).
    const af = vs.af || (w!.text.includes('.') ? AF_INET : AF_INET6);
    if (af === AF_INET6) vs.granularity = readUnsigned(w!, 'persistence_granularity (IPv6 prefix length)', 1, 128);
    else {
      const ip = parseIp(w!.text);
      if (!ip || ip.af !== AF_INET) throw new ConfigError(w!.pos, `persistence_granularity: expected an IPv4 netmask, got "${w!.text}"`);
      vs.granularity = ipv4Number(ip.bytes);
    }
    vs.af ||= af;
    vs.timeout ||= DEFAULT_PERSISTENCE;
  },
  persistence_engine: (vs, st) => {
    const [w] = values(st, 1, 1);
    // IP_VS_PENAME_MAXLEN is 16 with its NUL; keepalived would truncate.
    if (w!.text.length > 15) throw new ConfigError(w!.pos, `persistence_engine: name "${w!.text}" is longer than 15 characters`);
    vs.pe = w!.text;
  },
  ip_family: (vs, st) => {
    const [w] = values(st, 1, 1);
    const af = lookup(FAMILIES, w!, 'ip_family', 'inet or inet6');
    if (vs.af && vs.af !== af) throw new ConfigError(w!.pos, `ip_family: ${w!.text} conflicts with the virtual server's addresses`);
    vs.af = af;
  },
  weight: (vs, st) => { vs.weight = readUnsigned(values(st, 1, 1)[0]!, 'weight', 1, WEIGHT_MAX); },
  quorum: (vs, st) => { vs.quorum = readUnsigned(values(st, 1, 1)[0]!, 'quorum', 1, U32_MAX); },
  hysteresis: (vs, st) => { vs.hysteresis = readUnsigned(values(st, 1, 1)[0]!, 'hysteresis', 0, U32_MAX); },
  real_server: (vs, st) => { vs.real.push(readRealServer(vs, st)); },
  sorry_server: (vs, st) => { vs.sorry = { ...newServer(vs, st, 'sorry_server'), weight: 1 }; },
  sorry_server_inhibit: (vs, st) => { values(st, 0, 0); needSorry(vs, st).inhibit = true; },
  sorry_server_lvs_method: (vs, st) => { needSorry(vs, st).fwd = readForwarding(st); },
};
VS_KEYWORDS.lvs_sched = VS_KEYWORDS.lb_algo!;
VS_KEYWORDS.lvs_method = VS_KEYWORDS.lb_kind!;
// The scheduler flags are keywords of their own, named as ipvsadm's -b words.
for (const k of Object.keys(SCHED_FLAG_WORDS)) VS_KEYWORDS[k] = setFlag;

function newVirtualServer(st: Statement): VirtualServer {
  const kw = keyword(st);
  const [a, b] = values(st, 1, 2, true);
  const vs: VirtualServer = {
    pos: kw.pos, kind: 'address', port: 0, fwmark: 0, af: 0, protocol: 0, scheduler: '', flags: 0,
    timeout: 0, pe: '', weight: 1, quorum: 1, hysteresis: 0, real: [],
  };
  if (a!.text === 'group' || a!.text === 'fwmark') {
    if (!b) throw new ConfigError(a!.pos, `virtual_server ${a!.text}: missing ${a!.text === 'group' ? 'name' : 'mark'}`);
    if (a!.text === 'group') { vs.kind = 'group'; vs.group = b; } else { vs.kind = 'fwmark'; vs.fwmark = readUnsigned(b, 'virtual_server fwmark', 0, U32_MAX); }
    return vs;
  }
  vs.ip = readIp(a!, 'virtual_server');
  vs.af = vs.ip.af;
  vs.port = readPort(b, 'virtual_server');
  return vs;
}

export function readVirtualServer(st: Statement): VirtualServer {
  const vs = newVirtualServer(st);
  for (const s of bodyOf(st)) {
    const kw = keyword(s);
    const handler = Object.prototype.hasOwnProperty.call(VS_KEYWORDS, kw.text) ? VS_KEYWORDS[kw.text] : undefined;
    if (handler) handler(vs, s);
    else if (!VS_IGNORED.has(kw.text)) throw new ConfigError(kw.pos, `unknown keyword "${kw.text}" in virtual_server`);
    else if (s.block) throw new ConfigError(s.open!, `${kw.text} takes no block`);
  }
  if (vs.real.length === 0) throw new ConfigError(vs.pos, 'virtual_server has no real_server (keepalived ignores such a virtual server)');
  if (vs.sorry) checkFamily(vs, vs.sorry, 'sorry_server');
  return vs;
}

// ---- virtual_server_group ----

/** `fwmark N [inet|inet6]`. */
function fwmarkEntry(st: Statement): GroupEntry {
  const [n, fam] = values(st, 1, 2);
  return { kind: 'fwmark', pos: keyword(st).pos, fwmark: readUnsigned(n!, 'fwmark', 0, U32_MAX), af: fam ? lookup(FAMILIES, fam, 'fwmark family', 'inet or inet6') : 0 };
}

/** The last 16 bits of an address as a number: what keepalived's ranges step through. */
function tail16(b: Uint8Array): number {
  return (b[b.length - 2]! << 8) | b[b.length - 1]!;
}

/**
 * `IP`, `IP-LAST` (last byte of IPv4, last group in hex of IPv6), `IP-IP` or `IP/PREFIX`, then
 * an optional port. keepalived steps IPv4 ranges through the whole address and IPv6 ranges
 * through the last 16-bit group only; both are reproduced.
 */
function addressEntry(st: Statement): GroupEntry {
  const [p] = values(st, 0, 1);
  const w = keyword(st);
  const text = w.text;
  const bad = (why: string): never => { throw new ConfigError(w.pos, `virtual_server_group: ${why} "${text}"`); };
  const cut = text.search(/[-/]/);
  const first = parseIp(cut < 0 ? text : text.slice(0, cut)) ?? bad('invalid IP address in');
  const v6 = first.af === AF_INET6;
  const start = v6 ? tail16(first.bytes) : ipv4Number(first.bytes);
  let count = 1;
  if (cut >= 0 && text[cut] === '/') {
    const bits = v6 ? 128 : 32;
    const m = /^\d+$/.test(text.slice(cut + 1)) ? Number(text.slice(cut + 1)) : NaN;
    if (!(m >= 1 && m <= bits)) bad('invalid prefix length in');
    const host = first.bytes.slice();
    // Host bits must be clear; the range runs over them.
    for (let bit = m; bit < bits; bit++) if (host[bit >> 3]! & (0x80 >> (bit & 7))) bad('address has host bits set in');
    if (v6) count = m >= 112 ? 2 ** (128 - m) : 65536;
    else count = 2 ** (32 - m);
  } else if (cut >= 0) {
    const end = text.slice(cut + 1);
    if (end.includes(v6 ? ':' : '.')) {
      const last = parseIp(end);
      if (!last || last.af !== first.af) bad('invalid range end in');
      const stop = v6 ? tail16(last!.bytes) : ipv4Number(last!.bytes);
      if (v6) {
        if (Buffer.compare(Buffer.from(last!.bytes), Buffer.from(first.bytes)) < 0) bad('range ends before it starts in');
        count = ((stop - start) & 0xffff) + 1;
      } else {
        if (stop < start) bad('range ends before it starts in');
        count = stop - start + 1;
      }
    } else {
      const re = v6 ? /^[0-9a-fA-F]{1,4}$/ : /^\d{1,3}$/;
      const stop = re.test(end) ? parseInt(end, v6 ? 16 : 10) : NaN;
      if (!(stop <= (v6 ? 0xffff : 255))) bad('invalid range end in');
      const low = v6 ? start : start & 0xff;
      if (stop <= low) bad('range end is not above its start in');
      count = stop - low + 1;
    }
  }
  if (count > MAX_RANGE) bad(`range of more than ${MAX_RANGE} addresses in`);
  return { kind: 'address', pos: w.pos, af: first.af, first: first.bytes, count, port: readPort(p, 'virtual_server_group') };
}

export function readGroup(st: Statement): Group {
  const [name] = values(st, 1, 1, true);
  const entries = bodyOf(st).map((s) => {
    if (s.block) throw new ConfigError(s.open!, 'virtual_server_group entries take no block');
    return keyword(s).text === 'fwmark' ? fwmarkEntry(s) : addressEntry(s);
  });
  if (entries.length === 0) throw new ConfigError(keyword(st).pos, `virtual_server_group ${name!.text} has no entries`);
  return { name: name!, entries };
}
