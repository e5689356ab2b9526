// Plain typed data shared by every layer: the CLI produces it, the netlink codec
// encodes/decodes it, the formatters print it. No behaviour lives here.

export { AF_INET, AF_INET6 } from './libc/socket.js';

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_SCTP = 132;

/** Service flag bits (struct ip_vs_flags.flags). */
export const SVC_F_PERSISTENT = 0x0001;
export const SVC_F_HASHED = 0x0002; // kernel-internal, always masked off on decode
export const SVC_F_ONEPACKET = 0x0004;
export const SVC_F_SCHED1 = 0x0008;
export const SVC_F_SCHED2 = 0x0010;
export const SVC_F_SCHED3 = 0x0020;

/** Forwarding methods (IPVS_DEST_ATTR_FWD_METHOD, low 3 bits). */
export const FWD_MASQ = 0;
export const FWD_LOCALNODE = 1;
export const FWD_TUNNEL = 2;
export const FWD_DROUTE = 3;

export const TUN_TYPE_IPIP = 0;
export const TUN_TYPE_GUE = 1;
export const TUN_TYPE_GRE = 2;

export const TUN_FLAG_NOCSUM = 0;
export const TUN_FLAG_CSUM = 1;
export const TUN_FLAG_REMCSUM = 2;

/** The scheduler-flag words (ipvsadm's `-b`, keepalived's keywords, the JSON flag names): the bit each sets, and the one scheduler it requires (if any). */
export const SCHED_FLAG_WORDS: Readonly<Record<string, { bit: number; scheduler?: string }>> = {
  'flag-1': { bit: SVC_F_SCHED1 },
  'flag-2': { bit: SVC_F_SCHED2 },
  'flag-3': { bit: SVC_F_SCHED3 },
  'sh-fallback': { bit: SVC_F_SCHED1, scheduler: 'sh' },
  'sh-port': { bit: SVC_F_SCHED2, scheduler: 'sh' },
  'mh-fallback': { bit: SVC_F_SCHED1, scheduler: 'mh' },
  'mh-port': { bit: SVC_F_SCHED2, scheduler: 'mh' },
};

export const DAEMON_MASTER = 1;
export const DAEMON_BACKUP = 2;

/**
 * An IP address as the kernel holds it: always 16 bytes (a zeroed union),
 * IPv4 in bytes 0..3 in network order. Which family it is comes from the owner's `af`.
 */
export type RawAddress = Uint8Array;

/** A RawAddress holding `bytes` (4 for IPv4, 16 for IPv6) from its start, the rest zero. */
export function rawAddress(bytes: Uint8Array): RawAddress {
  const out = new Uint8Array(16);
  const n = bytes.length < 16 ? bytes.length : 16;
  for (let i = 0; i < n; i++) out[i] = bytes[i]!; // a loop: no subarray view per address
  return out;
}

/** Counters of one service or destination, all as bigint (64-bit in the kernel). */
export interface Stats {
  conns: bigint;
  inpkts: bigint;
  outpkts: bigint;
  inbytes: bigint;
  outbytes: bigint;
  cps: bigint;
  inpps: bigint;
  outpps: bigint;
  inbps: bigint;
  outbps: bigint;
}

/** What identifies a virtual service in the kernel. */
export interface ServiceKey {
  af: number; // AF_INET or AF_INET6
  /** IP protocol for address services; 0 for fwmark services. */
  protocol: number;
  addr: RawAddress; // 16 bytes; all zero for fwmark services
  port: number; // host number 0..65535; 0 for fwmark services
  fwmark: number; // u32; 0 for address services
}

/** The settable part of a service (what -A/-E send). */
export interface ServiceConfig extends ServiceKey {
  scheduler: string;
  /** Persistence engine name, '' when none. */
  pe: string;
  /** SVC_F_* bits, HASHED masked off. */
  flags: number;
  /** Persistence timeout in seconds (0 when not persistent). */
  timeout: number;
  /** IPv4: mask as a u32 in natural order (255.255.255.0 = 0xffffff00). IPv6: prefix length. */
  netmask: number;
}

/** A service as the kernel reports it. */
export interface Service extends ServiceConfig {
  /** 32-bit counters nest (IPVS_SVC_ATTR_STATS), only from kernels without the 64-bit one. */
  stats?: Stats;
  /** 64-bit counters nest (IPVS_SVC_ATTR_STATS64), if present (kernels >= 4.1). */
  stats64?: Stats;
}

/** What identifies a real server inside a service. */
export interface DestKey {
  af: number; // family of the real server (may differ from the service's with tunnelling)
  addr: RawAddress; // 16 bytes
  port: number;
}

/** The settable part of a real server (what -a/-e send). */
export interface DestConfig extends DestKey {
  fwdMethod: number; // FWD_*
  weight: number; // signed int in the kernel
  uThreshold: number;
  lThreshold: number;
  tunType: number; // TUN_TYPE_*
  tunPort: number; // host number
  tunFlags: number; // TUN_FLAG_*
}

/** A real server as the kernel reports it. */
export interface Destination extends DestConfig {
  activeConns: number;
  inactConns: number;
  persistConns: number;
  stats?: Stats;
  stats64?: Stats;
}

/** Connection-sync daemon settings (NEW_DAEMON) and reports (GET_DAEMON). */
export interface SyncDaemon {
  state: number; // DAEMON_MASTER or DAEMON_BACKUP
  mcastIfn: string;
  syncId: number;
  /** Optional settings: undefined = not sent / not reported. */
  syncMaxlen?: number;
  /** Multicast group as text: IPv4 dotted or IPv6 (inet_ntop form). */
  mcastGroup?: string;
  mcastPort?: number;
  mcastTtl?: number;
}

/** Connection timeouts in seconds (GET_CONFIG / SET_CONFIG); 0 on input = leave unchanged. */
export interface Timeouts {
  tcp: number;
  tcpFin: number;
  udp: number;
}

/** GET_INFO reply. */
export interface IpvsInfo {
  /** IP_VS_VERSION_CODE, e.g. 0x010201 for 1.2.1. */
  version: number;
  /** Connection hash table size. */
  connTabSize: number;
}

/** Display options of -L / -S (and -c): what the command line asked a listing to show. */
export interface ListOptions {
  numeric: boolean;
  connection: boolean;
  timeout: boolean;
  daemon: boolean;
  stats: boolean;
  rate: boolean;
  thresholds: boolean;
  persistentConn: boolean;
  nosort: boolean;
  exact: boolean;
  tunInfo: boolean;
}

/** --color's WHEN (ours): auto colours a terminal only. */
export type ColourMode = 'auto' | 'always' | 'never';

/** --json, --pretty, --color (ours): how a listing is written. */
export interface OutputOptions {
  /** --json: one JSON document on stdout instead of the text. */
  json: boolean;
  /** --pretty: the JSON document indented. */
  pretty: boolean;
  /** --color: auto (a terminal only), always, never. */
  color: ColourMode;
  /** Which of them were given, for the parser's checks. */
  given: Set<'json' | 'pretty' | 'color'>;
}

export function emptyStats(): Stats {
  return {
    conns: 0n, inpkts: 0n, outpkts: 0n, inbytes: 0n, outbytes: 0n,
    cps: 0n, inpps: 0n, outpps: 0n, inbps: 0n, outbps: 0n,
  };
}

/** Where a piece of input was read: a file ('-' for standard input), 1-based line and column. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** One virtual service of a desired table (ipvsadm-apply): its settings and its real servers. */
export interface ServiceRules {
  service: ServiceConfig;
  dests: readonly DestConfig[];
  /** Where the service was declared, for messages. */
  origin?: SourcePosition;
}

/** Why an input file describes no table: where, and what is wrong (one line, no newline). */
export interface InputProblem {
  position: SourcePosition;
  message: string;
}

/** What reading a desired table came to: its services, or the first problem found. */
export type RulesReadResult = { ok: true; services: ServiceRules[] } | { ok: false; problem: InputProblem };
