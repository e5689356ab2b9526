// The small vocabularies shared by listings and saves: protocol names, scheduler-flag words,
// persistence mask text, forwarding names and switches, tunnel words.
import {
  AF_INET,
  AF_INET6,
  FWD_DROUTE,
  FWD_LOCALNODE,
  FWD_MASQ,
  FWD_TUNNEL,
  IPPROTO_SCTP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SVC_F_SCHED1,
  SVC_F_SCHED2,
  SVC_F_SCHED3,
  TUN_TYPE_GRE,
  TUN_TYPE_GUE,
  TUN_TYPE_IPIP,
} from '../model.js';
import type { Destination, ServiceConfig } from '../model.js';
import { inetNtop4 } from '../libc/inet.js';
import { signed32 } from './numbers.js';

/** printf of a NULL `char *` in glibc: what ipvsadm shows for names it has no word for. */
export const NULL_TEXT = '(null)';

export const SCHED_FLAGS_ANY = SVC_F_SCHED1 | SVC_F_SCHED2 | SVC_F_SCHED3;

/** Listing protocol column: TCP, UDP, SCTP, else `?`. */
export function protocolName(protocol: number): string {
  switch (protocol) {
    case IPPROTO_TCP:
      return 'TCP';
    case IPPROTO_UDP:
      return 'UDP';
    case IPPROTO_SCTP:
      return 'SCTP';
    default:
      return '?';
  }
}

/** Save service switch: -t, -u, --sctp-service, else ipvsadm's placeholder `--xxx-service`. */
export function serviceSwitch(protocol: number): string {
  switch (protocol) {
    case IPPROTO_TCP:
      return '-t';
    case IPPROTO_UDP:
      return '-u';
    case IPPROTO_SCTP:
      return '--sctp-service';
    default:
      return '--xxx-service';
  }
}

/**
 * Scheduler-flag words joined by `,`: sh and mh name bits 1 and 2 (bit 3 has no word for
 * them, so it can give an empty text); every other scheduler says flag-1/2/3.
 */
export function schedFlagsText(scheduler: string, flags: number): string {
  const words: string[] = [];
  if (scheduler === 'sh' || scheduler === 'mh') {
    if (flags & SVC_F_SCHED1) words.push(`${scheduler}-fallback`);
    if (flags & SVC_F_SCHED2) words.push(`${scheduler}-port`);
  } else {
    if (flags & SVC_F_SCHED1) words.push('flag-1');
    if (flags & SVC_F_SCHED2) words.push('flag-2');
    if (flags & SVC_F_SCHED3) words.push('flag-3');
  }
  return words.join(',');
}

/** Persistence mask text when it differs from the family default (IPv4 dotted, IPv6 prefix), else null. */
export function maskText(svc: Pick<ServiceConfig, 'af' | 'netmask'>): string | null {
  if (svc.af === AF_INET) {
    const m = svc.netmask >>> 0;
    if (m === 0xffffffff) return null;
    return inetNtop4(Uint8Array.of(m >>> 24, (m >>> 16) & 255, (m >>> 8) & 255, m & 255));
  }
  if (svc.af === AF_INET6) return svc.netmask === 128 ? null : signed32(svc.netmask);
  return null;
}

/** Listing forwarding column (low 3 bits): Masq, Local, Tunnel, Route, else `(null)`. */
export function forwardName(fwdMethod: number): string {
  switch (fwdMethod & 7) {
    case FWD_MASQ:
      return 'Masq';
    case FWD_LOCALNODE:
      return 'Local';
    case FWD_TUNNEL:
      return 'Tunnel';
    case FWD_DROUTE:
      return 'Route';
    default:
      return NULL_TEXT;
  }
}

/** Save forwarding switch: -m, -i, -g (Route and Local), else `(null)`. */
export function forwardSwitch(fwdMethod: number): string {
  switch (fwdMethod & 7) {
    case FWD_MASQ:
      return '-m';
    case FWD_TUNNEL:
      return '-i';
    case FWD_LOCALNODE:
    case FWD_DROUTE:
      return '-g';
    default:
      return NULL_TEXT;
  }
}

export function isTunnel(dest: Pick<Destination, 'fwdMethod'>): boolean {
  return (dest.fwdMethod & 7) === FWD_TUNNEL;
}

const TUN_TYPE_NAMES: Record<number, string> = { [TUN_TYPE_IPIP]: 'ipip', [TUN_TYPE_GUE]: 'gue', [TUN_TYPE_GRE]: 'gre' };
// Indexed by TUN_FLAG_NOCSUM / CSUM / REMCSUM.
const TUN_CSUM_SHORT = ['-c', '+c', 'r+c'];
const TUN_CSUM_SWITCH = ['--tun-nocsum', '--tun-csum', '--tun-remcsum'];

/** --tun-info column: `n/a` unless tunnelling; `ipip`, `gue:PORT:CSUM`, `gre:CSUM`. */
export function tunnelInfoText(dest: Pick<Destination, 'fwdMethod' | 'tunType' | 'tunPort' | 'tunFlags'>): string {
  if (!isTunnel(dest)) return 'n/a';
  const csum = TUN_CSUM_SHORT[dest.tunFlags] ?? '?';
  switch (dest.tunType) {
    case TUN_TYPE_IPIP:
      return 'ipip';
    case TUN_TYPE_GUE:
      return `gue:${dest.tunPort & 0xffff}:${csum}`;
    case TUN_TYPE_GRE:
      return `gre:${csum}`;
    default:
      return 'n/a';
  }
}

/** Save suffix of a tunnel real server (empty for an unknown tunnel type). */
export function tunnelSaveSuffix(dest: Pick<Destination, 'tunType' | 'tunPort' | 'tunFlags'>): string {
  const type = TUN_TYPE_NAMES[dest.tunType];
  const csum = TUN_CSUM_SWITCH[dest.tunFlags] ?? NULL_TEXT;
  switch (dest.tunType) {
    case TUN_TYPE_IPIP:
      return ` --tun-type ${type}`;
    case TUN_TYPE_GUE:
      return ` --tun-type ${type} --tun-port ${dest.tunPort & 0xffff} ${csum}`;
    case TUN_TYPE_GRE:
      return ` --tun-type ${type} ${csum}`;
    default:
      return '';
  }
}
