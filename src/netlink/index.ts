// Public surface of the IPVS netlink layer.
export { IpvsClient, type BatchResult, type DaemonRef, type IpvsChange, type IpvsClientOptions, type QueryOptions } from './client.js';
export { IpvsError, NetlinkSocketError } from './errors.js';
export { MalformedReplyError } from './schema.js';
export type { TransportOptions } from './transport.js';
export {
  decodeDaemon,
  decodeDestination,
  decodeInfo,
  decodeService,
  decodeStats,
  decodeStats64,
  decodeTimeouts,
  encodeDaemonAttrs,
  encodeDestAttrs,
  encodeServiceAttrs,
  encodeServiceIdentity,
  encodeTimeoutsAttrs,
} from './codec.js';
export * as messages from './messages.js';
export * as constants from './constants.js';
