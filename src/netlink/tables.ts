// One schema per nest. Row order = the order ipvsadm 1.31 sends the attributes (decoding
// does not depend on order). See spec/ipvs-genl.md section 3 for each attribute.
import {
  type Destination,
  emptyStats,
  type IpvsInfo,
  type Service,
  type Stats,
  type SyncDaemon,
  type Timeouts,
} from '../model.js';
import * as C from './constants.js';
import { DecodedDestination, DecodedService } from './model-json.js';
import type { AttrRow, Schema } from './schema.js';

const isFwmark = (s: Service): boolean => s.fwmark !== 0;
const isAddress = (s: Service): boolean => s.fwmark === 0;
const nonZero = <T>(field: keyof T) => (o: T): boolean => Boolean(o[field]);
const isIPv6Text = (s?: string): boolean => s !== undefined && s.includes(':');

function statsRows(counter: 'u32big' | 'u64'): AttrRow<Stats>[] {
  // In STATS the byte counters are u64 and every other counter a truncated u32.
  return [
    { nla: C.IPVS_STATS_ATTR_CONNS, field: 'conns', wire: counter, role: 'out' },
    { nla: C.IPVS_STATS_ATTR_INPKTS, field: 'inpkts', wire: counter, role: 'out' },
    { nla: C.IPVS_STATS_ATTR_OUTPKTS, field: 'outpkts', wire: counter, role: 'out' },
    { nla: C.IPVS_STATS_ATTR_INBYTES, field: 'inbytes', wire: 'u64', role: 'out' },
    { nla: C.IPVS_STATS_ATTR_OUTBYTES, field: 'outbytes', wire: 'u64', role: 'out' },
    { nla: C.IPVS_STATS_ATTR_CPS, field: 'cps', wire: counter, role: 'out' },
    { nla: C.IPVS_STATS_ATTR_INPPS, field: 'inpps', wire: counter, role: 'out' },
    { nla: C.IPVS_STATS_ATTR_OUTPPS, field: 'outpps', wire: counter, role: 'out' },
    { nla: C.IPVS_STATS_ATTR_INBPS, field: 'inbps', wire: counter, role: 'out' },
    { nla: C.IPVS_STATS_ATTR_OUTBPS, field: 'outbps', wire: counter, role: 'out' },
    // IPVS_STATS_ATTR_PAD (11) has no row: skipped.
  ];
}

/** IPVS_SVC_ATTR_STATS / IPVS_DEST_ATTR_STATS: 32-bit counters, 64-bit byte counts. */
export const STATS_SCHEMA: Schema<Stats> = { name: 'stats', rows: statsRows('u32big'), blank: emptyStats };

/** IPVS_SVC_ATTR_STATS64 / IPVS_DEST_ATTR_STATS64: all 64-bit. */
export const STATS64_SCHEMA: Schema<Stats> = { name: 'stats64', rows: statsRows('u64'), blank: emptyStats };

/** IPVS_CMD_ATTR_SERVICE. Either FWMARK or PROTOCOL + ADDR + PORT identifies a service. */
export const SERVICE_SCHEMA: Schema<Service> = {
  name: 'service',
  rows: [
    { nla: C.IPVS_SVC_ATTR_AF, field: 'af', wire: 'u16', role: 'id', required: true },
    { nla: C.IPVS_SVC_ATTR_PROTOCOL, field: 'protocol', wire: 'u16', role: 'id', when: isAddress },
    { nla: C.IPVS_SVC_ATTR_ADDR, field: 'addr', wire: 'addr16', role: 'id', when: isAddress },
    { nla: C.IPVS_SVC_ATTR_PORT, field: 'port', wire: 'u16be', role: 'id', when: isAddress },
    { nla: C.IPVS_SVC_ATTR_FWMARK, field: 'fwmark', wire: 'u32', role: 'id', when: isFwmark },
    { nla: C.IPVS_SVC_ATTR_SCHED_NAME, field: 'scheduler', wire: 'string', role: 'cfg', required: true },
    { nla: C.IPVS_SVC_ATTR_PE_NAME, field: 'pe', wire: 'string', role: 'cfg', when: (s) => Boolean(s.pe) },
    { nla: C.IPVS_SVC_ATTR_FLAGS, field: 'flags', wire: 'flags', role: 'cfg', required: true },
    { nla: C.IPVS_SVC_ATTR_TIMEOUT, field: 'timeout', wire: 'u32', role: 'cfg', required: true },
    { nla: C.IPVS_SVC_ATTR_NETMASK, field: 'netmask', wire: 'netmask', role: 'cfg', required: true },
    // The 32-bit counters are only kept from kernels that send no 64-bit ones (before 4.1).
    { nla: C.IPVS_SVC_ATTR_STATS, field: 'stats', wire: { nested: STATS_SCHEMA }, role: 'out', supersededBy: C.IPVS_SVC_ATTR_STATS64 },
    { nla: C.IPVS_SVC_ATTR_STATS64, field: 'stats64', wire: { nested: STATS64_SCHEMA }, role: 'out' },
  ],
  // The prototype gives JSON.stringify its form (model-json.ts) without a property per object.
  blank: () => new DecodedService(),
};

/** IPVS_CMD_ATTR_DEST. ADDR_FAMILY leads, as in ipvsadm's requests. */
export const DEST_SCHEMA: Schema<Destination> = {
  name: 'dest',
  rows: [
    { nla: C.IPVS_DEST_ATTR_ADDR_FAMILY, field: 'af', wire: 'u16', role: 'id' },
    { nla: C.IPVS_DEST_ATTR_ADDR, field: 'addr', wire: 'addr16', role: 'id', required: true },
    { nla: C.IPVS_DEST_ATTR_PORT, field: 'port', wire: 'u16be', role: 'id', required: true },
    { nla: C.IPVS_DEST_ATTR_FWD_METHOD, field: 'fwdMethod', wire: 'u32', role: 'cfg', required: true },
    { nla: C.IPVS_DEST_ATTR_WEIGHT, field: 'weight', wire: 'u32', role: 'cfg', required: true },
    { nla: C.IPVS_DEST_ATTR_TUN_TYPE, field: 'tunType', wire: 'u8', role: 'cfg' },
    { nla: C.IPVS_DEST_ATTR_TUN_PORT, field: 'tunPort', wire: 'u16be', role: 'cfg' },
    { nla: C.IPVS_DEST_ATTR_TUN_FLAGS, field: 'tunFlags', wire: 'u16', role: 'cfg' },
    { nla: C.IPVS_DEST_ATTR_U_THRESH, field: 'uThreshold', wire: 'u32', role: 'cfg', required: true },
    { nla: C.IPVS_DEST_ATTR_L_THRESH, field: 'lThreshold', wire: 'u32', role: 'cfg', required: true },
    { nla: C.IPVS_DEST_ATTR_ACTIVE_CONNS, field: 'activeConns', wire: 'u32', role: 'out', required: true },
    { nla: C.IPVS_DEST_ATTR_INACT_CONNS, field: 'inactConns', wire: 'u32', role: 'out', required: true },
    { nla: C.IPVS_DEST_ATTR_PERSIST_CONNS, field: 'persistConns', wire: 'u32', role: 'out', required: true },
    { nla: C.IPVS_DEST_ATTR_STATS, field: 'stats', wire: { nested: STATS_SCHEMA }, role: 'out', supersededBy: C.IPVS_DEST_ATTR_STATS64 },
    { nla: C.IPVS_DEST_ATTR_STATS64, field: 'stats64', wire: { nested: STATS64_SCHEMA }, role: 'out' },
  ],
  blank: () => new DecodedDestination(),
};

/**
 * IPVS_CMD_ATTR_DAEMON. The optional settings are sent only when non-zero / given (the
 * kernel treats 0 as "default" anyway). SYNC_MAXLEN and MCAST_PORT are host order.
 */
export const DAEMON_SCHEMA: Schema<SyncDaemon> = {
  name: 'daemon',
  rows: [
    { nla: C.IPVS_DAEMON_ATTR_STATE, field: 'state', wire: 'u32', role: 'cfg', required: true },
    { nla: C.IPVS_DAEMON_ATTR_MCAST_IFN, field: 'mcastIfn', wire: 'string', role: 'cfg', required: true },
    { nla: C.IPVS_DAEMON_ATTR_SYNC_ID, field: 'syncId', wire: 'u32', role: 'cfg', required: true },
    { nla: C.IPVS_DAEMON_ATTR_SYNC_MAXLEN, field: 'syncMaxlen', wire: 'u16', role: 'cfg', when: nonZero('syncMaxlen') },
    { nla: C.IPVS_DAEMON_ATTR_MCAST_PORT, field: 'mcastPort', wire: 'u16', role: 'cfg', when: nonZero('mcastPort') },
    { nla: C.IPVS_DAEMON_ATTR_MCAST_TTL, field: 'mcastTtl', wire: 'u8', role: 'cfg', when: nonZero('mcastTtl') },
    {
      nla: C.IPVS_DAEMON_ATTR_MCAST_GROUP, field: 'mcastGroup', wire: 'ipv4text', role: 'cfg',
      when: (d) => Boolean(d.mcastGroup) && !isIPv6Text(d.mcastGroup),
    },
    {
      nla: C.IPVS_DAEMON_ATTR_MCAST_GROUP6, field: 'mcastGroup', wire: 'ipv6text', role: 'cfg',
      when: (d) => isIPv6Text(d.mcastGroup),
    },
  ],
  blank: () => ({ state: 0, mcastIfn: '', syncId: 0 }),
};

/** Top-level timeouts of GET_CONFIG / SET_CONFIG (seconds, host order). */
export const TIMEOUTS_SCHEMA: Schema<Timeouts> = {
  name: 'timeouts',
  rows: [
    { nla: C.IPVS_CMD_ATTR_TIMEOUT_TCP, field: 'tcp', wire: 'u32', role: 'cfg' },
    { nla: C.IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, field: 'tcpFin', wire: 'u32', role: 'cfg' },
    { nla: C.IPVS_CMD_ATTR_TIMEOUT_UDP, field: 'udp', wire: 'u32', role: 'cfg' },
  ],
  blank: () => ({ tcp: 0, tcpFin: 0, udp: 0 }),
};

/** Top-level attributes of the GET_INFO reply. */
export const INFO_SCHEMA: Schema<IpvsInfo> = {
  name: 'info',
  rows: [
    { nla: C.IPVS_INFO_ATTR_VERSION, field: 'version', wire: 'u32', role: 'out', required: true },
    { nla: C.IPVS_INFO_ATTR_CONN_TAB_SIZE, field: 'connTabSize', wire: 'u32', role: 'out', required: true },
  ],
  blank: () => ({ version: 0, connTabSize: 0 }),
};

/** A schema without its nested counters: for callers that will not show statistics. */
export function withoutCounters<T>(schema: Schema<T>): Schema<T> {
  return { ...schema, name: `${schema.name} (no counters)`, rows: schema.rows.filter((r) => typeof r.wire !== 'object') };
}

export const SERVICE_SCHEMA_NO_COUNTERS = withoutCounters(SERVICE_SCHEMA);
export const DEST_SCHEMA_NO_COUNTERS = withoutCounters(DEST_SCHEMA);
