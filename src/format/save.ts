// -S / --save: one `-A` line per service followed by one `-a` line per real server, in the
// order given (the caller sorts; -S is always sorted). Names unless -n, never cut to column
// widths (only ipvsadm's 59-character host:port limit applies). Thresholds are not saved.
// The lines come from the field printer (save-fields.ts) through the plain text renderer.
import type { Destination, Service } from '../model.js';
import type { NameResolver } from '../resolve/resolver.js';
import type { Naming } from './address.js';
import type { ServiceEntry } from './list-columns.js';
import { renderText } from './render-text.js';
import { emitDestRule, emitServiceRule, ruleServiceText } from './save-fields.js';

/** `-t ADDR`, `-u ADDR`, `--sctp-service ADDR`, `-f N`, `-f N -6` (N a signed int). */
export function ruleServiceName(svc: Service, naming: Naming): string {
  return ruleServiceText(svc, naming);
}

/** `-A SVC -s SCHED[ -p T[ -M MASK]][ --pe PE][ -o][ -b FLAGS]` + '\n'. */
export function serviceRuleLine(svc: Service, naming: Naming): string {
  return renderText((p) => emitServiceRule(p, svc, naming));
}

/** `-a SVC -r DEST FWD -w W[ tunnel options]` + '\n'; ports named with the service's protocol. */
export function destRuleLine(svc: Service, dest: Destination, naming: Naming): string {
  return renderText((p) => emitDestRule(p, svc, dest, naming));
}

/** One service's save lines. */
export function* serviceRuleLines(entry: ServiceEntry, naming: Naming): Generator<string> {
  yield serviceRuleLine(entry.service, naming);
  for (const dest of entry.dests) yield destRuleLine(entry.service, dest, naming);
}

/** The whole -S output (nothing at all for an empty table). */
export function* saveLines(entries: Iterable<ServiceEntry>, numeric: boolean, resolver: NameResolver): Generator<string> {
  const naming: Naming = { numeric, resolver };
  for (const entry of entries) yield* serviceRuleLines(entry, naming);
}
