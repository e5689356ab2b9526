// From the parsed virtual servers to the table keepalived programs at start-up once every
// checker has succeeded: keepalived's defaults and corrections (check_data.c), the services a
// group expands to and the real-server ports it sends (ipvswrapper.c), and when the sorry
// server stands in (ipwrapper.c's quorum).
import {
  AF_INET, AF_INET6, FWD_MASQ, FWD_TUNNEL, IPPROTO_UDP, SVC_F_ONEPACKET, SVC_F_PERSISTENT, TUN_FLAG_NOCSUM, TUN_TYPE_IPIP,
  type DestConfig, type ServiceConfig, type ServiceRules, type SourcePosition,
} from '../model.js';
import { ConfigError } from './keepalived-error.js';
import { DEFAULT_PERSISTENCE, type Forwarding, type Group, type GroupEntry, type RealServer, type VirtualServer } from './keepalived-servers.js';
import { familyName, ipv4Bytes, ipv4Number, raw } from './keepalived-values.js';

const DEFAULT_SCHEDULER = 'wlc';
const NAT: Forwarding = { method: FWD_MASQ, tunType: TUN_TYPE_IPIP, tunPort: 0, tunFlags: TUN_FLAG_NOCSUM };

/** One IPVS service of a virtual server, before its settings are filled in. */
interface Target {
  af: number;
  addr: Uint8Array;
  port: number;
  fwmark: number;
  /** Address services of a group get the default mask, whatever persistence_granularity said. */
  fromGroup: boolean;
}

function defaultMask(af: number): number {
  return af === AF_INET6 ? 128 : 0xffffffff;
}

/** The addresses of a group entry, in order. */
function entryTargets(e: GroupEntry, vsAf: number): Target[] {
  if (e.kind === 'fwmark') return [{ af: e.af || vsAf || AF_INET, addr: new Uint8Array(16), port: 0, fwmark: e.fwmark, fromGroup: true }];
  const out: Target[] = [];
  for (let i = 0; i < e.count; i++) {
    let bytes: Uint8Array;
    if (e.af === AF_INET6) {
      bytes = e.first.slice();
      const last = (((bytes[14]! << 8) | bytes[15]!) + i) & 0xffff;
      bytes[14] = last >> 8;
      bytes[15] = last & 0xff;
    } else bytes = ipv4Bytes((ipv4Number(e.first) + i) >>> 0);
    out.push({ af: e.af, addr: raw({ af: e.af, bytes }), port: e.port, fwmark: 0, fromGroup: true });
  }
  return out;
}

/** The services of a virtual server: its address or mark, or every entry of its group (addresses first, as keepalived). */
function targets(vs: VirtualServer, groups: Map<string, Group>): { list: Target[]; hasAddress: boolean } {
  if (vs.kind === 'address') return { list: [{ af: vs.af, addr: raw(vs.ip!), port: vs.port, fwmark: 0, fromGroup: false }], hasAddress: true };
  if (vs.kind === 'fwmark') {
    // keepalived takes a fwmark service's family from its servers when nothing set it, IPv4 if mixed.
    const fams = new Set([vs.sorry, ...vs.real].filter((s) => s).map((s) => s!.ip.af));
    const af = vs.af || (fams.size === 1 ? [...fams][0]! : AF_INET);
    return { list: [{ af, addr: new Uint8Array(16), port: 0, fwmark: vs.fwmark, fromGroup: false }], hasAddress: false };
  }
  const g = groups.get(vs.group!.text);
  if (!g) throw new ConfigError(vs.group!.pos, `virtual_server group: no virtual_server_group "${vs.group!.text}"`);
  const addresses = g.entries.filter((e) => e.kind === 'address');
  const marks = g.entries.filter((e) => e.kind === 'fwmark');
  return { list: [...addresses, ...marks].flatMap((e) => entryTargets(e, vs.af)), hasAddress: addresses.length > 0 };
}

function serviceConfig(vs: VirtualServer, t: Target, protocol: number, timeout: number): ServiceConfig {
  const persistent = timeout > 0;
  const mask = !persistent || t.fromGroup || vs.granularity === undefined ? defaultMask(t.af) : vs.granularity;
  return {
    af: t.af,
    protocol: t.fwmark ? 0 : protocol,
    addr: t.addr,
    port: t.port,
    fwmark: t.fwmark,
    scheduler: vs.scheduler || DEFAULT_SCHEDULER,
    pe: persistent ? vs.pe : '',
    flags: (vs.flags & (t.fwmark || protocol === IPPROTO_UDP ? ~0 : ~SVC_F_ONEPACKET)) | (persistent ? SVC_F_PERSISTENT : 0),
    timeout,
    netmask: mask,
  };
}

/** A server as sent for service `t`: ports as keepalived sends them (NAT keeps its own). */
function destConfig(s: RealServer, fwd: Forwarding, weight: number, vs: VirtualServer, t: Target): DestConfig {
  let port = s.port;
  if (fwd.method !== FWD_MASQ) port = t.port;
  else if (vs.kind === 'address' && port === 0) port = t.port;
  return {
    af: s.ip.af, addr: raw(s.ip), port, fwdMethod: fwd.method, weight, uThreshold: s.uThreshold, lThreshold: s.lThreshold,
    tunType: fwd.tunType, tunPort: fwd.tunPort, tunFlags: fwd.tunFlags,
  };
}

interface PlacedServer {
  server: RealServer;
  fwd: Forwarding;
  weight: number;
}

/**
 * Which servers are in the pool with every checker up. keepalived lowers quorum to the total
 * weight and hysteresis below quorum, starts with quorum down and gains it when the live
 * weight reaches quorum + hysteresis; without quorum the sorry server stands in and real
 * servers leave the pool, those with inhibit_on_failure staying at weight 0. A sorry server
 * with sorry_server_inhibit waits in the pool at weight 0 while quorum is up.
 */
function pool(vs: VirtualServer, real: PlacedServer[]): PlacedServer[] {
  if (!vs.sorry) return real;
  const total = real.reduce((sum, r) => sum + r.weight, 0);
  const quorum = Math.min(vs.quorum, total);
  const hysteresis = vs.hysteresis >= quorum ? quorum - 1 : vs.hysteresis;
  const sorry: PlacedServer = { server: vs.sorry, fwd: vs.sorry.fwd ?? vs.fwd ?? NAT, weight: 1 };
  const same = (a: RealServer, b: RealServer): boolean => a.ip.af === b.ip.af && raw(a.ip).every((x, i) => x === raw(b.ip)[i]) && a.port === b.port;
  // quorum 0 comes with a hysteresis that wrapped below zero: quorum is never reached.
  if (quorum === 0 || total < quorum + hysteresis) {
    const kept = real.filter((r) => r.server.inhibit).map((r) => ({ ...r, weight: 0 }));
    return kept.some((r) => same(r.server, vs.sorry!)) ? kept : [...kept, sorry];
  }
  if (vs.sorry.inhibit && !real.some((r) => same(r.server, vs.sorry!))) return [...real, { ...sorry, weight: 0 }];
  return real;
}

function key(s: ServiceConfig): string {
  return [s.af, s.protocol, s.fwmark, s.port, ...s.addr].join(',');
}

function where(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/** The services of every virtual server, in file order. */
export function buildTable(servers: VirtualServer[], groups: Map<string, Group>): ServiceRules[] {
  const out: ServiceRules[] = [];
  const seen = new Map<string, SourcePosition>();
  for (const vs of servers) {
    const { list, hasAddress } = targets(vs, groups);
    // keepalived: an address service without protocol is UDP (the kernel's reading of 0).
    const protocol = hasAddress ? vs.protocol || IPPROTO_UDP : 0;
    if (hasAddress && vs.opsPos && protocol !== IPPROTO_UDP) throw new ConfigError(vs.opsPos, 'ops: one-packet scheduling needs protocol UDP');
    // keepalived makes an address service without a port persistent rather than refuse it.
    const timeout = vs.timeout || (list.some((t) => !t.fwmark && t.port === 0) ? DEFAULT_PERSISTENCE : 0);
    const real = vs.real.map((r) => ({ server: r, fwd: r.fwd ?? vs.fwd ?? NAT, weight: r.weight ?? vs.weight }));
    for (const [i, r] of real.entries()) {
      const dup = real.slice(0, i).find((o) => o.server.ip.af === r.server.ip.af && raw(o.server.ip).every((x, j) => x === raw(r.server.ip)[j]) && o.server.port === r.server.port);
      if (dup) throw new ConfigError(r.server.pos, `real_server: duplicate of the one at ${where(dup.server.pos)}`);
    }
    const members = pool(vs, real);
    for (const t of list) {
      const service = serviceConfig(vs, t, protocol, timeout);
      const k = key(service);
      const before = seen.get(k);
      if (before) throw new ConfigError(vs.pos, `virtual_server: the same IPVS service is already defined at ${where(before)}`);
      seen.set(k, vs.pos);
      for (const m of members) {
        if (m.fwd.method !== FWD_TUNNEL && m.server.ip.af !== t.af) {
          throw new ConfigError(m.server.pos, `real_server: ${familyName(m.server.ip.af)} server in an ${familyName(t.af)} service (only TUN servers may differ)`);
        }
      }
      out.push({ service, dests: members.map((m) => destConfig(m.server, m.fwd, m.weight, vs, t)), origin: vs.pos });
    }
  }
  return out;
}
