// The -L table: version line, two title lines per display mode, one line per service and one
// per real server. Everything is a generator of lines (each ending in '\n') so a huge table is
// written while it is produced. Sorting is the caller's choice (orderServices/orderDests).
// The lines come from the field printer (list-fields.ts) through the plain text renderer.
import type { Destination, IpvsInfo, ListOptions, Service } from '../model.js';
import type { NameResolver } from '../resolve/resolver.js';
import type { Naming } from './address.js';
import { emitDestLine, emitServiceEntry, emitServiceLine, emitVersion } from './list-fields.js';
import type { ServiceEntry, TableOptions } from './list-columns.js';
import { renderText, textLines } from './render-text.js';
import { compareServices, glibcMergeSort, sortDests, sortServices } from '../libc/sort.js';

export { listDestName, listMode, listServiceName, titleLines } from './list-columns.js';
export type { ListMode, ServiceEntry, TableOptions } from './list-columns.js';
import { titleLines } from './list-columns.js';

/** What a line is, for callers that decorate lines (colour). */
export type ListLineKind = 'version' | 'title' | 'service' | 'dest';

export interface ListLine {
  kind: ListLineKind;
  /** The exact bytes ipvsadm prints, '\n' included. */
  text: string;
}

/** `IP Virtual Server version 1.2.1 (size=4096)` */
export function versionLine(info: IpvsInfo): string {
  return renderText((p) => emitVersion(p, info));
}

/** One service line for the mode, '\n' included. */
export function serviceLine(svc: Service, opts: TableOptions, naming: Naming): string {
  return renderText((p) => emitServiceLine(p, svc, opts, naming));
}

/** One real-server line for the mode, '\n' included (left-justified last fields keep their padding). */
export function destLine(svc: Service, dest: Destination, opts: TableOptions, naming: Naming): string {
  return renderText((p) => emitDestLine(p, svc, dest, opts, naming));
}

function namingOf(opts: TableOptions, resolver: NameResolver): Naming {
  return { numeric: opts.numeric, resolver };
}

/** A service line followed by its real servers' lines, in the order given. */
export function* serviceEntryParts(entry: ServiceEntry, opts: TableOptions, resolver: NameResolver): Generator<ListLine> {
  const naming = namingOf(opts, resolver);
  for (const line of textLines((p) => emitServiceEntry(p, entry, opts, naming))) yield line as ListLine;
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
