// What each non-command option does with its value, validated the moment it is read, with
// ipvsadm's message when it is refused (spec §4, §5).
import {
  AF_INET, AF_INET6, DAEMON_BACKUP, DAEMON_MASTER, FWD_DROUTE, FWD_MASQ, FWD_TUNNEL,
  IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, SVC_F_ONEPACKET, SVC_F_PERSISTENT,
  TUN_FLAG_CSUM, TUN_FLAG_NOCSUM, TUN_FLAG_REMCSUM, type ListOptions,
} from '../model.js';
import { parseHostPort, parseIPv4Netmask } from './address.js';
import { atoi } from '../libc/stdlib.js';
import { parseFwmarkNumber, stringToNumber } from './c-numbers.js';
import { fail } from './failure.js';
import { parseColorMode } from './output.js';
import type { SettingOptionId } from './options.js';
import type { ParseState } from './state.js';
import { parseMcastGroup, parseTunnelType, truncateBytes } from './values.js';

/** 31 days, ipvsadm's MAX_TIMEOUT. */
export const MAX_TIMEOUT = 86400 * 31;
/** `-p` without a value. */
const DEFAULT_PERSISTENT_TIMEOUT = 360;
const INT_MAX = 2147483647;
/** Sizes of ipvsadm's fixed fields, less the terminating NUL where it keeps one. */
const SCHEDULER_BYTES = 15;
const PE_BYTES = 16;
const IFNAME_BYTES = 15;
const SCHED_FLAGS_BYTES = 127;
/** 65535 less the IP and UDP headers. */
const MAX_SYNC_MAXLEN = 65535 - 20 - 8;

/** An integer option in [min, max], else ipvsadm's message for it. */
function numberOr(value: string, min: number, max: number, message: string): number {
  const n = stringToNumber(value, min, max);
  if (n === null) fail(message);
  return n;
}

export function timeoutValue(value: string, min: number): number {
  const n = stringToNumber(value, min, MAX_TIMEOUT);
  if (n === null) fail(`invalid timeout value \`${value}' specified`);
  return n;
}

function setServiceAddress(st: ParseState, value: string, protocol: number): void {
  st.svc.protocol = protocol;
  const parsed = parseHostPort(value, protocol, st.resolver);
  if (!parsed) fail('illegal virtual server address[:port] specified');
  st.svc.af = parsed.af;
  st.svc.addr = parsed.addr;
  if (parsed.af === AF_INET6) st.svc.netmask = 128; // silently replaces an earlier -M
  if (parsed.port !== undefined) st.svc.port = parsed.port;
}

function setRealServer(st: ParseState, value: string): void {
  // The service's protocol and port *as known now*: -r before -t gets neither.
  const parsed = parseHostPort(value, st.svc.protocol, st.resolver);
  if (!parsed) fail('illegal real server address[:port] specified');
  st.dest.af = parsed.af;
  st.dest.addr = parsed.addr;
  st.dest.port = parsed.port ?? st.svc.port;
}

function setNetmask(st: ParseState, value: string): void {
  // Read by the family known at this moment.
  if (st.svc.af !== AF_INET6) {
    const mask = parseIPv4Netmask(value, st.resolver);
    if (mask === null) fail('illegal virtual server persistent mask specified');
    st.svc.netmask = mask;
  } else {
    const prefix = atoi(value);
    if (prefix < 1 || prefix > 128) fail('illegal ipv6 netmask specified');
    st.svc.netmask = prefix;
  }
}

type Handler = (st: ParseState, value: string | null) => void;

/** For options whose value popt always supplies (required values). */
const withValue = (handle: (st: ParseState, value: string) => void): Handler => (st, value) => handle(st, value ?? '');

const listFlag = (key: keyof ListOptions): Handler => (st) => {
  st.list[key] = true;
};

/** What each non-command option does with its value, in ipvsadm's words. */
export const HANDLERS: Record<SettingOptionId, Handler> = {
  'tcp-service': withValue((st, v) => setServiceAddress(st, v, IPPROTO_TCP)),
  'udp-service': withValue((st, v) => setServiceAddress(st, v, IPPROTO_UDP)),
  'sctp-service': withValue((st, v) => setServiceAddress(st, v, IPPROTO_SCTP)),
  'fwmark-service': withValue((st, v) => {
    st.svc.af = AF_INET;
    st.svc.protocol = IPPROTO_TCP;
    const mark = parseFwmarkNumber(v);
    if (mark === null) fail(`invalid fwmark value \`${v}' specified`);
    st.svc.fwmark = mark;
  }),
  scheduler: withValue((st, v) => {
    st.svc.scheduler = truncateBytes(v, SCHEDULER_BYTES);
  }),
  persistent: (st, v) => {
    st.svc.flags |= SVC_F_PERSISTENT;
    st.svc.timeout = v === null ? DEFAULT_PERSISTENT_TIMEOUT : timeoutValue(v, 1);
  },
  netmask: withValue(setNetmask),
  'real-server': withValue(setRealServer),
  masquerading: (st) => {
    st.dest.fwdMethod = FWD_MASQ;
  },
  ipip: (st) => {
    st.dest.fwdMethod = FWD_TUNNEL;
  },
  gatewaying: (st) => {
    st.dest.fwdMethod = FWD_DROUTE;
  },
  weight: withValue((st, v) => {
    st.dest.weight = numberOr(v, 0, INT_MAX, 'illegal weight specified');
  }),
  'u-threshold': withValue((st, v) => {
    st.dest.uThreshold = numberOr(v, 0, INT_MAX, 'illegal u_threshold specified');
  }),
  'l-threshold': withValue((st, v) => {
    st.dest.lThreshold = numberOr(v, 0, INT_MAX, 'illegal l_threshold specified');
  }),
  numeric: listFlag('numeric'),
  connection: listFlag('connection'),
  timeout: listFlag('timeout'),
  daemon: listFlag('daemon'),
  stats: listFlag('stats'),
  rate: listFlag('rate'),
  thresholds: listFlag('thresholds'),
  'persistent-conn': listFlag('persistentConn'),
  nosort: listFlag('nosort'),
  exact: listFlag('exact'),
  'tun-info': listFlag('tunInfo'),
  sort: () => {}, // accepted for backwards compatibility, does nothing
  'mcast-interface': withValue((st, v) => {
    st.daemon.mcastIfn = truncateBytes(v, IFNAME_BYTES);
  }),
  syncid: withValue((st, v) => {
    st.daemon.syncId = numberOr(v, 0, 255, 'illegal syncid specified');
  }),
  ipv6: (st) => {
    if (!st.svc.fwmark) fail('-6 used before -f\n'); // ipvsadm's text has its own newline
    st.svc.af = AF_INET6;
    st.svc.netmask = 128;
  },
  ops: (st) => {
    st.svc.flags |= SVC_F_ONEPACKET;
  },
  pe: withValue((st, v) => {
    st.svc.pe = truncateBytes(v, PE_BYTES);
  }),
  'sched-flags': withValue((st, v) => {
    st.schedFlags = truncateBytes(v, SCHED_FLAGS_BYTES);
  }),
  'mcast-group': withValue((st, v) => {
    const parsed = parseMcastGroup(v);
    if ('error' in parsed) fail(parsed.error);
    st.daemon.mcastGroup = parsed.group;
  }),
  'mcast-port': withValue((st, v) => {
    st.daemon.mcastPort = numberOr(v, 1, 65535, 'illegal mcast-port specified');
  }),
  'mcast-ttl': withValue((st, v) => {
    st.daemon.mcastTtl = numberOr(v, 1, 255, 'illegal mcast-ttl specified');
  }),
  'sync-maxlen': withValue((st, v) => {
    st.daemon.syncMaxlen = numberOr(v, 1, MAX_SYNC_MAXLEN, 'illegal sync-maxlen specified');
  }),
  'tun-type': withValue((st, v) => {
    const type = parseTunnelType(v);
    if (type === null) fail('illegal tunnel type specified');
    st.dest.tunType = type;
  }),
  'tun-port': withValue((st, v) => {
    st.dest.tunPort = numberOr(v, 1, 65535, 'illegal tunnel port specified');
  }),
  'tun-nocsum': (st) => {
    st.dest.tunFlags |= TUN_FLAG_NOCSUM;
  },
  'tun-csum': (st) => {
    st.dest.tunFlags |= TUN_FLAG_CSUM;
  },
  'tun-remcsum': (st) => {
    st.dest.tunFlags |= TUN_FLAG_REMCSUM;
  },
  json: (st) => {
    st.output.json = true;
    st.output.given.add('json');
  },
  pretty: (st) => {
    st.output.pretty = true;
    st.output.given.add('pretty');
  },
  color: (st, v) => {
    st.output.color = parseColorMode(v);
    st.output.given.add('color');
  },
};

/** --start-daemon / --stop-daemon STATE, checked as soon as the command is read. */
export function daemonState(command: 'start-daemon' | 'stop-daemon', value: string): number {
  if (value === 'master') return DAEMON_MASTER;
  if (value === 'backup') return DAEMON_BACKUP;
  fail(command === 'start-daemon' ? 'illegal start-daemon parameter specified' : 'illegal start_daemon specified');
}

