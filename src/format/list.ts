// The -L table: version line, two title lines per display mode, one line per service and one
// per real server. Everything is a generator of lines (each ending in '\n') so a huge table is
// written while it is produced. Sorting is the caller's choice (orderServices/orderDests).
import { AF_INET6, SVC_F_ONEPACKET, SVC_F_PERSISTENT } from '../model.js';
import type { Destination, IpvsInfo, ListOptions, Service } from '../model.js';
import type { NameResolver } from '../resolve/resolver.js';
import { DEST_NAME_MAX, SERVICE_NAME_MAX, addrPortText, cutUnlessIPv6 } from './address.js';
import type { Naming } from './address.js';
import { largeNumber, signed32, unsigned32 } from './numbers.js';
import { compareServices, glibcMergeSort, sortDests, sortServices } from '../libc/sort.js';
import { destCounters, serviceCounters } from './stats.js';
import { SCHED_FLAGS_ANY, forwardName, maskText, protocolName, schedFlagsText, tunnelInfoText } from './words.js';

/** A service together with its real servers, as one listing/save entry. */
export interface ServiceEntry {
  service: Service;
  dests: readonly Destination[];
}

/** The display flags the table depends on. */
export type TableOptions = Pick<ListOptions, 'numeric' | 'exact' | 'stats' | 'rate' | 'thresholds' | 'persistentConn' | 'tunInfo'>;

export type ListMode = 'stats' | 'rate' | 'thresholds' | 'persistent-conn' | 'tun-info' | 'default';

/** What a line is, for callers that decorate lines (colour). */
export type ListLineKind = 'version' | 'title' | 'service' | 'dest';

export interface ListLine {
  kind: ListLineKind;
  /** The exact bytes ipvsadm prints, '\n' included. */
  text: string;
}

/** First match wins: --stats, --rate, --thresholds, --persistent-conn, --tun-info, default. */
export function listMode(opts: Pick<ListOptions, 'stats' | 'rate' | 'thresholds' | 'persistentConn' | 'tunInfo'>): ListMode {
  if (opts.stats) return 'stats';
  if (opts.rate) return 'rate';
  if (opts.thresholds) return 'thresholds';
  if (opts.persistentConn) return 'persistent-conn';
  if (opts.tunInfo) return 'tun-info';
  return 'default';
}

/** `IP Virtual Server version 1.2.1 (size=4096)` */
export function versionLine(info: IpvsInfo): string {
  const v = info.version;
  return `IP Virtual Server version ${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255} (size=${signed32(info.connTabSize)})\n`;
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

/** `NAME SCHED[ (FLAGS)][ persistent T[ mask M][ pe PE]][ ops]` */
function describedService(svc: Service, name: string): string {
  let line = `${name} ${svc.scheduler}`;
  if (svc.flags & SCHED_FLAGS_ANY) line += ` (${schedFlagsText(svc.scheduler, svc.flags)})`;
  if (svc.flags & SVC_F_PERSISTENT) {
    line += ` persistent ${unsigned32(svc.timeout)}`;
    const mask = maskText(svc);
    if (mask !== null) line += ` mask ${mask}`;
    if (svc.pe) line += ` pe ${svc.pe}`;
  }
  if (svc.flags & SVC_F_ONEPACKET) line += ' ops';
  return line;
}

/** One service line for the mode, '\n' included. */
export function serviceLine(svc: Service, opts: TableOptions, naming: Naming): string {
  const name = listServiceName(svc, naming);
  const mode = listMode(opts);
  if (mode === 'stats' || mode === 'rate') {
    const s = serviceCounters(svc);
    const values = mode === 'stats' ? [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes] : [s.cps, s.inpps, s.outpps, s.inbps, s.outbps];
    return `${name.padEnd(33)}${values.map((v) => largeNumber(v, opts.exact)).join('')}\n`;
  }
  return `${describedService(svc, name)}\n`;
}

/** A real server's `ADDR` (IPv4 cut to 28); ports are named with the service's protocol. */
export function listDestName(svc: Service, dest: Destination, naming: Naming): string {
  return cutUnlessIPv6(addrPortText(dest.af, dest.addr, dest.port, svc.protocol, naming), dest.af, DEST_NAME_MAX);
}

/** One real-server line for the mode, '\n' included (left-justified last fields keep their padding). */
export function destLine(svc: Service, dest: Destination, opts: TableOptions, naming: Naming): string {
  const name = `  -> ${listDestName(svc, dest, naming).padEnd(28)}`;
  const active = unsigned32(dest.activeConns).padEnd(10);
  const inactive = unsigned32(dest.inactConns).padEnd(10);
  switch (listMode(opts)) {
    case 'stats': {
      const s = destCounters(dest);
      return `${name}${[s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes].map((v) => largeNumber(v, opts.exact)).join('')}\n`;
    }
    case 'rate': {
      const s = destCounters(dest);
      const plain = [s.cps, s.inpps, s.outpps].map((v) => ` ${v.toString().padStart(8)}`).join('');
      return `${name}${plain}${largeNumber(s.inbps, opts.exact)}${largeNumber(s.outbps, opts.exact)}\n`;
    }
    case 'thresholds':
      return `${name} ${unsigned32(dest.uThreshold).padEnd(10)} ${unsigned32(dest.lThreshold).padEnd(10)} ${active} ${inactive}\n`;
    case 'persistent-conn':
      return `${name} ${unsigned32(dest.weight).padEnd(9)} ${unsigned32(dest.persistConns).padEnd(11)} ${active} ${inactive}\n`;
    case 'tun-info':
      return `${name} ${forwardName(dest.fwdMethod).padEnd(7)} ${tunnelInfoText(dest).padEnd(13)} ${signed32(dest.weight).padEnd(6)} ${active} ${inactive}\n`;
    case 'default':
      return `${name} ${forwardName(dest.fwdMethod).padEnd(7)} ${signed32(dest.weight).padEnd(6)} ${active} ${inactive}\n`;
  }
}

function namingOf(opts: TableOptions, resolver: NameResolver): Naming {
  return { numeric: opts.numeric, resolver };
}

/** A service line followed by its real servers' lines, in the order given. */
export function* serviceEntryParts(entry: ServiceEntry, opts: TableOptions, resolver: NameResolver): Generator<ListLine> {
  const naming = namingOf(opts, resolver);
  yield { kind: 'service', text: serviceLine(entry.service, opts, naming) };
  for (const dest of entry.dests) yield { kind: 'dest', text: destLine(entry.service, dest, opts, naming) };
}

/** Full table (-L): version line, titles, then every entry in the order given. */
export function* fullListingParts(
  info: IpvsInfo,
  entries: Iterable<ServiceEntry>,
  opts: TableOptions,
  resolver: NameResolver,
): Generator<ListLine> {
  yield { kind: 'version', text: versionLine(info) };
  for (const text of titleLines(opts)) yield { kind: 'title', text };
  for (const entry of entries) yield* serviceEntryParts(entry, opts, resolver);
}

/** One service (-L -t ...): titles and that service, no version line. */
export function* oneServiceListingParts(entry: ServiceEntry, opts: TableOptions, resolver: NameResolver): Generator<ListLine> {
  for (const text of titleLines(opts)) yield { kind: 'title', text };
  yield* serviceEntryParts(entry, opts, resolver);
}

/** Just the text of structured lines. */
export function* textOf(parts: Iterable<ListLine>): Generator<string> {
  for (const part of parts) yield part.text;
}

export function serviceEntryLines(entry: ServiceEntry, opts: TableOptions, resolver: NameResolver): Generator<string> {
  return textOf(serviceEntryParts(entry, opts, resolver));
}

export function fullListing(info: IpvsInfo, entries: Iterable<ServiceEntry>, opts: TableOptions, resolver: NameResolver): Generator<string> {
  return textOf(fullListingParts(info, entries, opts, resolver));
}

export function oneServiceListing(entry: ServiceEntry, opts: TableOptions, resolver: NameResolver): Generator<string> {
  return textOf(oneServiceListingParts(entry, opts, resolver));
}

/** Services in listing order: ipvsadm's sort, or kernel order with --nosort. */
export function orderServices<T extends Service>(services: readonly T[], opts: Pick<ListOptions, 'nosort'>): T[] {
  return opts.nosort ? services.slice() : sortServices(services);
}

/** Real servers in listing order: ipvsadm's sort, or kernel order with --nosort. */
export function orderDests<T extends Destination>(dests: readonly T[], opts: Pick<ListOptions, 'nosort'>): T[] {
  return opts.nosort ? dests.slice() : sortDests(dests);
}

/** Both at once, for callers that already hold every service's real servers. */
export function orderEntries(entries: readonly ServiceEntry[], opts: Pick<ListOptions, 'nosort'>): ServiceEntry[] {
  if (opts.nosort) return entries.slice();
  return glibcMergeSort(entries, (a, b) => compareServices(a.service, b.service)).map((e) => ({ service: e.service, dests: sortDests(e.dests) }));
}
