// Named entry points of the attribute codec: each is the generic encoder/decoder of
// schema.ts applied to one table of tables.ts. Encoders return the attribute stream that
// goes *inside* a nest (or at top level for timeouts); decoders take such a stream.
import type {
  Destination,
  DestConfig,
  IpvsInfo,
  Service,
  ServiceConfig,
  ServiceKey,
  Stats,
  SyncDaemon,
  Timeouts,
} from '../model.js';
import * as C from './constants.js';
import { decodeAttrs, encodeAttrs, hasAttr, MalformedReplyError, type Role, type Schema } from './schema.js';
import {
  DAEMON_SCHEMA,
  DEST_SCHEMA,
  DEST_SCHEMA_NO_COUNTERS,
  INFO_SCHEMA,
  SERVICE_SCHEMA,
  SERVICE_SCHEMA_NO_COUNTERS,
  STATS64_SCHEMA,
  STATS_SCHEMA,
  TIMEOUTS_SCHEMA,
} from './tables.js';
import { NlWriter } from './wire.js';

const FULL: readonly Role[] = ['id', 'cfg'];
const IDENTITY: readonly Role[] = ['id'];

function encodeWith<T>(schema: Schema<T>, obj: T, roles: readonly Role[]): Buffer {
  const w = new NlWriter(128);
  encodeAttrs(w, schema, obj, roles);
  return w.bytes();
}

// ---- writer-level helpers used by the message builders ----

/** Appends `nla` (with NLA_F_NESTED) holding `obj` encoded by `schema`. */
export function writeNest<T>(w: NlWriter, nla: number, schema: Schema<T>, obj: T, roles: readonly Role[] = FULL): void {
  const mark = w.beginNest(nla);
  encodeAttrs(w, schema, obj, roles);
  w.endNest(mark);
}

export function writeServiceNest(w: NlWriter, svc: ServiceConfig): void {
  writeNest(w, C.IPVS_CMD_ATTR_SERVICE, SERVICE_SCHEMA, svc);
}

export function writeServiceIdentityNest(w: NlWriter, key: ServiceKey): void {
  writeNest(w, C.IPVS_CMD_ATTR_SERVICE, SERVICE_SCHEMA, key as Service, IDENTITY);
}

export function writeDestNest(w: NlWriter, dest: DestConfig): void {
  writeNest(w, C.IPVS_CMD_ATTR_DEST, DEST_SCHEMA, dest as Destination);
}

export function writeDaemonNest(w: NlWriter, d: SyncDaemon): void {
  writeNest(w, C.IPVS_CMD_ATTR_DAEMON, DAEMON_SCHEMA, d);
}

export function writeTimeouts(w: NlWriter, t: Timeouts): void {
  encodeAttrs(w, TIMEOUTS_SCHEMA, t, FULL);
}

// ---- services ----

/** Service nest contents for NEW/SET_SERVICE: identity, SCHED_NAME, [PE_NAME], FLAGS, TIMEOUT, NETMASK. */
export function encodeServiceAttrs(cfg: ServiceConfig): Buffer {
  return encodeWith(SERVICE_SCHEMA, cfg, FULL);
}

/** Identity only: AF + PROTOCOL + ADDR + PORT, or AF + FWMARK (the GET_DEST dump request). */
export function encodeServiceIdentity(key: ServiceKey): Buffer {
  return encodeWith(SERVICE_SCHEMA, key as Service, IDENTITY);
}

/** Decodes a SERVICE nest's contents (as libipvs: identity, SCHED_NAME, FLAGS, TIMEOUT, NETMASK required). */
export function decodeService(bytes: Uint8Array, start = 0, end = bytes.length, counters = true): Service {
  const { value, present } = decodeAttrs(counters ? SERVICE_SCHEMA : SERVICE_SCHEMA_NO_COUNTERS, bytes, start, end);
  const byAddress = [C.IPVS_SVC_ATTR_PROTOCOL, C.IPVS_SVC_ATTR_ADDR, C.IPVS_SVC_ATTR_PORT].every((t) => hasAttr(present, t));
  if (!hasAttr(present, C.IPVS_SVC_ATTR_FWMARK) && !byAddress) {
    throw new MalformedReplyError('service: neither FWMARK nor PROTOCOL+ADDR+PORT');
  }
  return value;
}

// ---- destinations ----

/** Dest nest contents: ADDR_FAMILY, ADDR, PORT, FWD_METHOD, WEIGHT, TUN_TYPE/PORT/FLAGS, U/L_THRESH. */
export function encodeDestAttrs(dest: DestConfig): Buffer {
  return encodeWith(DEST_SCHEMA, dest as Destination, FULL);
}

/**
 * Decodes a DEST nest's contents. Kernels before 3.18 send no ADDR_FAMILY: the real server
 * then has the service's family, `serviceAf`.
 */
export function decodeDestination(bytes: Uint8Array, start = 0, end = bytes.length, serviceAf = 0, counters = true): Destination {
  const { value } = decodeAttrs(counters ? DEST_SCHEMA : DEST_SCHEMA_NO_COUNTERS, bytes, start, end);
  if (value.af === 0) value.af = serviceAf; // absent (pre-3.18) or 0 = the service's family
  return value;
}

// ---- sync daemons ----

/** Daemon nest contents: STATE, MCAST_IFN, SYNC_ID, then the optional settings that are set. */
export function encodeDaemonAttrs(d: SyncDaemon): Buffer {
  return encodeWith(DAEMON_SCHEMA, d, FULL);
}

export function decodeDaemon(bytes: Uint8Array, start = 0, end = bytes.length): SyncDaemon {
  return decodeAttrs(DAEMON_SCHEMA, bytes, start, end).value;
}

// ---- statistics ----

export function decodeStats(bytes: Uint8Array, start = 0, end = bytes.length): Stats {
  return decodeAttrs(STATS_SCHEMA, bytes, start, end).value;
}

export function decodeStats64(bytes: Uint8Array, start = 0, end = bytes.length): Stats {
  return decodeAttrs(STATS64_SCHEMA, bytes, start, end).value;
}

// ---- top-level attribute sets ----

/** TIMEOUT_TCP, TIMEOUT_TCP_FIN, TIMEOUT_UDP (all three, 0 = leave unchanged). */
export function encodeTimeoutsAttrs(t: Timeouts): Buffer {
  return encodeWith(TIMEOUTS_SCHEMA, t, FULL);
}

/** GET_CONFIG reply attributes (after the genl header); an absent timeout reads as 0. */
export function decodeTimeouts(bytes: Uint8Array, start = 0, end = bytes.length): Timeouts {
  return decodeAttrs(TIMEOUTS_SCHEMA, bytes, start, end).value;
}

/** GET_INFO reply attributes (after the genl header). */
export function decodeInfo(bytes: Uint8Array, start = 0, end = bytes.length): IpvsInfo {
  return decodeAttrs(INFO_SCHEMA, bytes, start, end).value;
}
