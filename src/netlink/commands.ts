// The IPVS commands as data, beside the attribute schemas (tables.ts): for each operation the
// command number, do or dump, the nests its request carries (shaped byte for byte as ipvsadm
// 1.31 sends them, spec/ipvs-genl.md 13.2 and 14) and the nest each reply message holds.
// Request builders, client methods, batches and the IpvsChange type all derive from this
// table, so adding a command is one row.
import {
  AF_INET6,
  type DestConfig,
  type DestKey,
  type Destination,
  FWD_DROUTE,
  type IpvsInfo,
  type Service,
  type ServiceConfig,
  type ServiceKey,
  type SyncDaemon,
  type Timeouts,
} from '../model.js';
import {
  decodeDaemon, decodeDestination, decodeInfo, decodeService, decodeTimeouts,
  writeDaemonNest, writeDestNest, writeServiceIdentityNest, writeServiceNest, writeTimeouts,
} from './codec.js';
import * as C from './constants.js';
import type { NlWriter } from './wire.js';

/** What the kernel answers a request with. */
export type ReplyKind =
  /** one ACK (or an error) */
  | 'ack'
  /** one data message, then an ACK (or just an error) */
  | 'data'
  /** NLM_F_MULTI messages up to NLMSG_DONE (or just an error) */
  | 'dump';

/** What identifies a running sync daemon: its state (the kernel reads nothing else). */
export interface DaemonRef {
  state: number;
  syncId?: number;
}

/** The arguments of each operation (an IpvsChange is `{ op, ...arguments }`). */
export interface CommandArgs {
  addService: { service: ServiceConfig };
  editService: { service: ServiceConfig };
  delService: { service: ServiceKey };
  addDest: { service: ServiceKey; dest: DestConfig };
  editDest: { service: ServiceKey; dest: DestConfig };
  /** Missing settings of `dest` are sent as ipvsadm's defaults (Route, weight 1). */
  delDest: { service: ServiceKey; dest: DestKey | DestConfig };
  /** Without a service: every service and the global totals. */
  zero: { service?: ServiceKey };
  flush: object;
  /** 0 in a field leaves that timeout unchanged. */
  setTimeouts: { timeouts: Timeouts };
  startDaemon: { daemon: SyncDaemon };
  stopDaemon: { daemon: DaemonRef };
  getInfo: object;
  getServices: object;
  getService: { service: ServiceKey };
  getDests: { service: ServiceKey };
  getTimeouts: object;
  getDaemons: object;
}

/** What one reply message of a query decodes to. */
export interface CommandReplies {
  getInfo: IpvsInfo;
  getServices: Service;
  getService: Service;
  getDests: Destination;
  getTimeouts: Timeouts;
  getDaemons: SyncDaemon;
}

export type Operation = keyof CommandArgs;
export type QueryOp = keyof CommandReplies;
export type ChangeOp = Exclude<Operation, QueryOp>;

/** A state-changing request of one kind, for IpvsClient.apply and batch. */
export type IpvsChangeOf<K extends ChangeOp> = { op: K } & CommandArgs[K];
export type IpvsChange = { [K in ChangeOp]: IpvsChangeOf<K> }[ChangeOp];

/** One part of a request: a nest (or top-level attributes) written from the arguments. */
type RequestPart<A> = (w: NlWriter, args: A) => void;

/** Decodes one reply message's nest (or top-level attributes) buf[start, end). */
type ReplyDecoder<A, R> = (buf: Uint8Array, start: number, end: number, args: A, counters: boolean) => R;

export interface CommandRow<A, R> {
  cmd: number;
  reply: ReplyKind;
  request: readonly RequestPart<A>[];
  /** The nest each reply message carries; absent: the reply's top-level attributes. */
  replyNest?: number;
  decode?: ReplyDecoder<A, R>;
}

type Table = { [K in Operation]: CommandRow<CommandArgs[K], K extends QueryOp ? CommandReplies[K] : never> };

/** ipvsadm's default netmask: 255.255.255.255 for IPv4, prefix 128 for IPv6. */
export function defaultNetmask(af: number): number {
  return af === AF_INET6 ? 128 : 0xffffffff;
}

/**
 * The "full but empty" service nest ipvsadm sends when a service is only referenced
 * (-D, -Z, -a/-e/-d): identity, SCHED_NAME "", FLAGS {0, ~0}, TIMEOUT 0, default NETMASK.
 */
export function serviceRef(key: ServiceKey, netmask = defaultNetmask(key.af)): ServiceConfig {
  return {
    af: key.af, protocol: key.protocol, addr: key.addr, port: key.port, fwmark: key.fwmark,
    scheduler: '', pe: '', flags: 0, timeout: 0, netmask,
  };
}

/** A real server with ipvsadm's defaults for what the caller left out (Route, weight 1, ...). */
export function destWithDefaults(dest: DestKey | DestConfig): DestConfig {
  const d: Partial<DestConfig> & DestKey = dest;
  return {
    af: d.af, addr: d.addr, port: d.port,
    fwdMethod: d.fwdMethod ?? FWD_DROUTE,
    weight: d.weight ?? 1,
    uThreshold: d.uThreshold ?? 0,
    lThreshold: d.lThreshold ?? 0,
    tunType: d.tunType ?? 0,
    tunPort: d.tunPort ?? 0,
    tunFlags: d.tunFlags ?? 0,
  };
}

const service: RequestPart<{ service: ServiceConfig }> = (w, a) => writeServiceNest(w, a.service);
const referencedService: RequestPart<{ service?: ServiceKey }> = (w, a) => {
  if (a.service) writeServiceNest(w, serviceRef(a.service));
};
const destWithItsDefaults: RequestPart<{ dest: DestKey | DestConfig }> = (w, a) => writeDestNest(w, destWithDefaults(a.dest));
const destRequest = [referencedService, destWithItsDefaults];

export const IPVS_COMMANDS: Table = {
  addService: { cmd: C.IPVS_CMD_NEW_SERVICE, reply: 'ack', request: [service] },
  editService: { cmd: C.IPVS_CMD_SET_SERVICE, reply: 'ack', request: [service] },
  delService: { cmd: C.IPVS_CMD_DEL_SERVICE, reply: 'ack', request: [referencedService] },
  addDest: { cmd: C.IPVS_CMD_NEW_DEST, reply: 'ack', request: destRequest },
  editDest: { cmd: C.IPVS_CMD_SET_DEST, reply: 'ack', request: destRequest },
  // DEL_DEST carries the whole dest nest too, defaults included (ipvsadm -d).
  delDest: { cmd: C.IPVS_CMD_DEL_DEST, reply: 'ack', request: destRequest },
  // One service (full-but-empty nest) or, without one, everything (no attributes).
  zero: { cmd: C.IPVS_CMD_ZERO, reply: 'ack', request: [referencedService] },
  flush: { cmd: C.IPVS_CMD_FLUSH, reply: 'ack', request: [] },
  setTimeouts: { cmd: C.IPVS_CMD_SET_CONFIG, reply: 'ack', request: [(w, a) => writeTimeouts(w, a.timeouts)] },
  startDaemon: { cmd: C.IPVS_CMD_NEW_DAEMON, reply: 'ack', request: [(w, a) => writeDaemonNest(w, a.daemon)] },
  // STATE, MCAST_IFN "", SYNC_ID (given or 0); the kernel reads only STATE.
  stopDaemon: {
    cmd: C.IPVS_CMD_DEL_DAEMON, reply: 'ack',
    request: [(w, a) => writeDaemonNest(w, { state: a.daemon.state, mcastIfn: '', syncId: a.daemon.syncId ?? 0 })],
  },
  getInfo: { cmd: C.IPVS_CMD_GET_INFO, reply: 'data', request: [], decode: (b, s, e) => decodeInfo(b, s, e) },
  // A dump without attributes (a 20-byte message).
  getServices: {
    cmd: C.IPVS_CMD_GET_SERVICE, reply: 'dump', request: [],
    replyNest: C.IPVS_CMD_ATTR_SERVICE, decode: (b, s, e, _a, counters) => decodeService(b, s, e, counters),
  },
  // The full nest with SCHED_NAME "" and NETMASK 0, as `ipvsadm -L -t` sends.
  getService: {
    cmd: C.IPVS_CMD_GET_SERVICE, reply: 'data',
    request: [(w, a) => writeServiceNest(w, serviceRef(a.service, 0))],
    replyNest: C.IPVS_CMD_ATTR_SERVICE, decode: (b, s, e, _a, counters) => decodeService(b, s, e, counters),
  },
  // The identity-only service nest; real servers take the service's family when they carry none.
  getDests: {
    cmd: C.IPVS_CMD_GET_DEST, reply: 'dump',
    request: [(w, a) => writeServiceIdentityNest(w, a.service)],
    replyNest: C.IPVS_CMD_ATTR_DEST, decode: (b, s, e, a, counters) => decodeDestination(b, s, e, a.service.af, counters),
  },
  getTimeouts: { cmd: C.IPVS_CMD_GET_CONFIG, reply: 'data', request: [], decode: (b, s, e) => decodeTimeouts(b, s, e) },
  getDaemons: {
    cmd: C.IPVS_CMD_GET_DAEMON, reply: 'dump', request: [],
    replyNest: C.IPVS_CMD_ATTR_DAEMON, decode: (b, s, e) => decodeDaemon(b, s, e),
  },
};
