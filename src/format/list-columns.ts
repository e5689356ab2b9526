// The -L table's shapes: which mode a set of options selects, the title lines of each mode,
// and the cut service and real-server names. Shared by the field emitters and list.ts.
import { AF_INET6 } from '../model.js';
import type { Destination, Service } from '../model.js';
import type { ListOptions } from '../model.js';
import { DEST_NAME_MAX, SERVICE_NAME_MAX, addrPortText, cutUnlessIPv6 } from './address.js';
import type { Naming } from './address.js';
import { signed32 } from './numbers.js';
import { protocolName } from './words.js';

/** A service together with its real servers, as one listing/save entry. */
export interface ServiceEntry {
  service: Service;
  dests: readonly Destination[];
}

/** The display flags the table depends on. */
export type TableOptions = Pick<ListOptions, 'numeric' | 'exact' | 'stats' | 'rate' | 'thresholds' | 'persistentConn' | 'tunInfo'>;

export type ListMode = 'stats' | 'rate' | 'thresholds' | 'persistent-conn' | 'tun-info' | 'default';

/** First match wins: --stats, --rate, --thresholds, --persistent-conn, --tun-info, default. */
export function listMode(opts: Pick<ListOptions, 'stats' | 'rate' | 'thresholds' | 'persistentConn' | 'tunInfo'>): ListMode {
  if (opts.stats) return 'stats';
  if (opts.rate) return 'rate';
  if (opts.thresholds) return 'thresholds';
  if (opts.persistentConn) return 'persistent-conn';
  if (opts.tunInfo) return 'tun-info';
  return 'default';
}

const PROT_LABEL = 'Prot LocalAddress:Port';
const REMOTE_LABEL = '  -> RemoteAddress:Port';

function counterTitle(labels: string[]): string {
  return `${PROT_LABEL.padEnd(33)}${labels.map((l) => ` ${l.padStart(8)}`).join('')}\n`;
}

const TITLES: Record<ListMode, readonly [string, string]> = {
  stats: [counterTitle(['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes']), `${REMOTE_LABEL}\n`],
  rate: [counterTitle(['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS']), `${REMOTE_LABEL}\n`],
  thresholds: [
    `${PROT_LABEL.padEnd(33)} ${'Uthreshold'.padEnd(10)} ${'Lthreshold'.padEnd(10)} ${'ActiveConn'.padEnd(10)} ${'InActConn'.padEnd(10)}\n`,
    `${REMOTE_LABEL}\n`,
  ],
  'persistent-conn': [
    `${PROT_LABEL.padEnd(33)} ${'Weight'.padEnd(9)} ${'PersistConn'.padEnd(11)} ${'ActiveConn'.padEnd(10)} ${'InActConn'.padEnd(10)}\n`,
    `${REMOTE_LABEL}\n`,
  ],
  'tun-info': [
    `${PROT_LABEL} Scheduler Flags\n`,
    `${REMOTE_LABEL}           Forward TunnelInfo    Weight ActiveConn InActConn\n`,
  ],
  default: [`${PROT_LABEL} Scheduler Flags\n`, `${REMOTE_LABEL}           Forward Weight ActiveConn InActConn\n`],
};

/** The two column-title lines of a mode. */
export function titleLines(opts: Pick<ListOptions, 'stats' | 'rate' | 'thresholds' | 'persistentConn' | 'tunInfo'>): readonly [string, string] {
  return TITLES[listMode(opts)];
}

/** `TCP  10.1.1.1:80` (IPv4 cut to 33), `FWM  7`, `FWM  7 IPv6`; fwmark as a signed int. */
export function listServiceName(svc: Service, naming: Naming): string {
  if (svc.fwmark !== 0) return `FWM  ${signed32(svc.fwmark)}${svc.af === AF_INET6 ? ' IPv6' : ''}`;
  const name = `${protocolName(svc.protocol).padEnd(4)} ${addrPortText(svc.af, svc.addr, svc.port, svc.protocol, naming)}`;
  return cutUnlessIPv6(name, svc.af, SERVICE_NAME_MAX);
}

/** A real server's `ADDR` (IPv4 cut to 28); ports are named with the service's protocol. */
export function listDestName(svc: Service, dest: Destination, naming: Naming): string {
  return cutUnlessIPv6(addrPortText(dest.af, dest.addr, dest.port, svc.protocol, naming), dest.af, DEST_NAME_MAX);
}
