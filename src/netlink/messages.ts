// One request per IPVS command, shaped byte for byte as ipvsadm 1.31 sends it
// (spec/ipvs-genl.md 13.2 and 14), plus the framing shared with the transport.
import {
  AF_INET6,
  type DestConfig,
  type DestKey,
  FWD_DROUTE,
  type ServiceConfig,
  type ServiceKey,
  type SyncDaemon,
  type Timeouts,
} from '../model.js';
import * as C from './constants.js';
import {
  writeDaemonNest,
  writeDestNest,
  writeServiceIdentityNest,
  writeServiceNest,
  writeTimeouts,
} from './codec.js';
import { NlWriter } from './wire.js';

/** What the kernel answers a request with. */
export type ReplyKind =
  /** one ACK (or an error) */
  | 'ack'
  /** one data message, then an ACK (or just an error) */
  | 'data'
  /** NLM_F_MULTI messages up to NLMSG_DONE (or just an error) */
  | 'dump';

/** A generic-netlink request without its header fields (those are chosen when it is sent). */
export interface RequestSpec {
  cmd: number;
  version: number;
  reply: ReplyKind;
  /** Top-level attributes, already encoded. */
  attrs: Uint8Array;
}

export interface FrameHeader {
  /** nlmsg_type: the resolved family id (or GENL_ID_CTRL). */
  type: number;
  seq: number;
  pid: number;
}

/** REQUEST|ACK, plus DUMP for dumps: 0x0005 / 0x0305, as libnl sends. */
export function requestFlags(reply: ReplyKind): number {
  return C.NLM_F_REQUEST | C.NLM_F_ACK | (reply === 'dump' ? C.NLM_F_DUMP : 0);
}

/** Appends one whole message (nlmsghdr + genlmsghdr + attrs) to `w`. */
export function writeFrame(w: NlWriter, hdr: FrameHeader, flags: number, spec: RequestSpec): void {
  const start = w.len;
  w.u32(0); // nlmsg_len, patched below
  w.u16(hdr.type);
  w.u16(flags);
  w.u32(hdr.seq);
  w.u32(hdr.pid);
  w.u8(spec.cmd);
  w.u8(spec.version);
  w.u16(0);
  w.raw(spec.attrs);
  w.pad();
  w.patchU32(start, w.len - start);
}

/** The exact bytes of one request. */
export function encodeMessage(spec: RequestSpec, hdr: FrameHeader): Buffer {
  const w = new NlWriter(C.NLMSG_HDRLEN + C.GENL_HDRLEN + spec.attrs.length + 4);
  writeFrame(w, hdr, requestFlags(spec.reply), spec);
  return w.copy();
}

/** Encoding is synchronous: one scratch writer serves every request, each keeps an exact copy. */
const scratch = new NlWriter(1024);

function ipvs(cmd: number, reply: ReplyKind, write?: (w: NlWriter) => void): RequestSpec {
  scratch.reset();
  write?.(scratch);
  return { cmd, version: C.IPVS_GENL_VERSION, reply, attrs: scratch.copy() };
}

// ---- what ipvsadm puts around an identity ----

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
  const d = dest as Partial<DestConfig> & DestKey;
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

// ---- services ----

export const newServiceRequest = (cfg: ServiceConfig): RequestSpec =>
  ipvs(C.IPVS_CMD_NEW_SERVICE, 'ack', (w) => writeServiceNest(w, cfg));

export const setServiceRequest = (cfg: ServiceConfig): RequestSpec =>
  ipvs(C.IPVS_CMD_SET_SERVICE, 'ack', (w) => writeServiceNest(w, cfg));

export const delServiceRequest = (key: ServiceKey): RequestSpec =>
  ipvs(C.IPVS_CMD_DEL_SERVICE, 'ack', (w) => writeServiceNest(w, serviceRef(key)));

/** GET_SERVICE (do): the full nest with SCHED_NAME "" and NETMASK 0, as `ipvsadm -L -t` sends. */
export const getServiceRequest = (key: ServiceKey): RequestSpec =>
  ipvs(C.IPVS_CMD_GET_SERVICE, 'data', (w) => writeServiceNest(w, serviceRef(key, 0)));

/** GET_SERVICE dump: no attributes (20-byte message). */
export const dumpServicesRequest = (): RequestSpec => ipvs(C.IPVS_CMD_GET_SERVICE, 'dump');

// ---- destinations ----

export const newDestRequest = (svc: ServiceKey, dest: DestConfig): RequestSpec =>
  ipvs(C.IPVS_CMD_NEW_DEST, 'ack', (w) => {
    writeServiceNest(w, serviceRef(svc));
    writeDestNest(w, destWithDefaults(dest));
  });

export const setDestRequest = (svc: ServiceKey, dest: DestConfig): RequestSpec =>
  ipvs(C.IPVS_CMD_SET_DEST, 'ack', (w) => {
    writeServiceNest(w, serviceRef(svc));
    writeDestNest(w, destWithDefaults(dest));
  });

/** DEL_DEST carries the whole dest nest too, defaults included (ipvsadm -d). */
export const delDestRequest = (svc: ServiceKey, dest: DestKey | DestConfig): RequestSpec =>
  ipvs(C.IPVS_CMD_DEL_DEST, 'ack', (w) => {
    writeServiceNest(w, serviceRef(svc));
    writeDestNest(w, destWithDefaults(dest));
  });

/** GET_DEST dump with the identity-only service nest. */
export const dumpDestsRequest = (key: ServiceKey): RequestSpec =>
  ipvs(C.IPVS_CMD_GET_DEST, 'dump', (w) => writeServiceIdentityNest(w, key));

// ---- whole table ----

/** ZERO: one service (full-but-empty nest) or, without a key, everything (no attributes). */
export const zeroRequest = (key?: ServiceKey): RequestSpec =>
  ipvs(C.IPVS_CMD_ZERO, 'ack', key ? (w) => writeServiceNest(w, serviceRef(key)) : undefined);

export const flushRequest = (): RequestSpec => ipvs(C.IPVS_CMD_FLUSH, 'ack');

// ---- timeouts and info ----

export const setConfigRequest = (t: Timeouts): RequestSpec => ipvs(C.IPVS_CMD_SET_CONFIG, 'ack', (w) => writeTimeouts(w, t));

export const getConfigRequest = (): RequestSpec => ipvs(C.IPVS_CMD_GET_CONFIG, 'data');

export const getInfoRequest = (): RequestSpec => ipvs(C.IPVS_CMD_GET_INFO, 'data');

// ---- sync daemons ----

export const newDaemonRequest = (d: SyncDaemon): RequestSpec =>
  ipvs(C.IPVS_CMD_NEW_DAEMON, 'ack', (w) => writeDaemonNest(w, d));

/** DEL_DAEMON: STATE, MCAST_IFN "", SYNC_ID (given or 0); the kernel reads only STATE. */
export const delDaemonRequest = (d: { state: number; syncId?: number }): RequestSpec =>
  ipvs(C.IPVS_CMD_DEL_DAEMON, 'ack', (w) => writeDaemonNest(w, { state: d.state, mcastIfn: '', syncId: d.syncId ?? 0 }));

export const dumpDaemonsRequest = (): RequestSpec => ipvs(C.IPVS_CMD_GET_DAEMON, 'dump');

// ---- the controller ----

/** CTRL_CMD_GETFAMILY for `name` (sent with nlmsg_type GENL_ID_CTRL). */
export function getFamilyRequest(name: string): RequestSpec {
  const w = new NlWriter(32);
  const mark = w.beginAttr(C.CTRL_ATTR_FAMILY_NAME);
  w.cstring(name);
  w.endAttr(mark);
  return { cmd: C.CTRL_CMD_GETFAMILY, version: C.CTRL_VERSION, reply: 'data', attrs: w.bytes() };
}
