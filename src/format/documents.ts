// Whole --json documents from model objects, for library users who hold the data already:
// the same emitters and renderer the CLI uses, so the text is what `ipvsadm --json` prints.
import type { IpvsInfo, SyncDaemon, Timeouts } from '../model.js';
import type { NameResolver } from '../resolve/resolver.js';
import type { FieldSink, JsonValue } from './fields.js';
import { emitServiceEntry, emitTitles, emitVersion } from './list-fields.js';
import type { ServiceEntry, TableOptions } from './list-columns.js';
import { emitDaemons, emitTimeouts } from './misc-fields.js';
import { jsonDocument, jsonText } from './render-json.js';
import { emitServiceRules } from './save-fields.js';

/** -L's document: with `info` the whole table (version first), without it one service's form. */
export function emitListing(p: FieldSink, info: IpvsInfo | null, entries: Iterable<ServiceEntry>, opts: TableOptions, resolver: NameResolver): void {
  const naming = { numeric: opts.numeric, resolver };
  if (info) emitVersion(p, info);
  emitTitles(p, opts);
  p.begin('services', 'array');
  for (const entry of entries) emitServiceEntry(p, entry, opts, naming);
  p.end();
}

/** -S's rules document. */
export function emitRules(p: FieldSink, entries: Iterable<ServiceEntry>, numeric: boolean, resolver: NameResolver): void {
  const naming = { numeric, resolver };
  p.begin('services', 'array');
  for (const entry of entries) emitServiceRules(p, entry, naming);
  p.end();
}

/** The listing document as a value (64-bit counters as bigint). */
export function listingDocument(info: IpvsInfo | null, entries: Iterable<ServiceEntry>, opts: TableOptions, resolver: NameResolver): Record<string, JsonValue> {
  return jsonDocument((p) => emitListing(p, info, entries, opts, resolver));
}

/** `ipvsadm -L --json` text (no trailing newline): counters as exact integers. */
export function listingJSON(info: IpvsInfo | null, entries: Iterable<ServiceEntry>, opts: TableOptions, resolver: NameResolver, pretty = false): string {
  return jsonText(listingDocument(info, entries, opts, resolver), pretty);
}

/** `ipvsadm -S --json` text (no trailing newline). */
export function rulesJSON(entries: Iterable<ServiceEntry>, numeric: boolean, resolver: NameResolver, pretty = false): string {
  return jsonText(jsonDocument((p) => emitRules(p, entries, numeric, resolver)), pretty);
}

export function timeoutsJSON(t: Timeouts, pretty = false): string {
  return jsonText(jsonDocument((p) => emitTimeouts(p, t)), pretty);
}

export function daemonsJSON(daemons: readonly SyncDaemon[], pretty = false): string {
  return jsonText(jsonDocument((p) => emitDaemons(p, daemons)), pretty);
}
