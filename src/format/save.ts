// -S / --save: one `-A` line per service followed by one `-a` line per real server, in the
// order given (the caller sorts; -S is always sorted). Names unless -n, never cut to column
// widths (only ipvsadm's 59-character host:port limit applies). Thresholds are not saved.
import { AF_INET6, SVC_F_ONEPACKET, SVC_F_PERSISTENT } from '../model.js';
import type { Destination, Service } from '../model.js';
import type { NameResolver } from '../resolve/resolver.js';
import { addrPortText } from './address.js';
import type { Naming } from './address.js';
import type { ServiceEntry } from './list.js';
import { signed32, unsigned32 } from './numbers.js';
import { SCHED_FLAGS_ANY, forwardSwitch, isTunnel, maskText, schedFlagsText, serviceSwitch, tunnelSaveSuffix } from './words.js';

/** `-t ADDR`, `-u ADDR`, `--sctp-service ADDR`, `-f N`, `-f N -6` (N a signed int). */
export function ruleServiceName(svc: Service, naming: Naming): string {
  if (svc.fwmark !== 0) return `-f ${signed32(svc.fwmark)}${svc.af === AF_INET6 ? ' -6' : ''}`;
  return `${serviceSwitch(svc.protocol)} ${addrPortText(svc.af, svc.addr, svc.port, svc.protocol, naming)}`;
}

/** `-A SVC -s SCHED[ -p T[ -M MASK]][ --pe PE][ -o][ -b FLAGS]` + '\n'. */
export function serviceRuleLine(svc: Service, naming: Naming): string {
  let line = `-A ${ruleServiceName(svc, naming)} -s ${svc.scheduler}`;
  if (svc.flags & SVC_F_PERSISTENT) {
    line += ` -p ${unsigned32(svc.timeout)}`;
    const mask = maskText(svc);
    if (mask !== null) line += ` -M ${mask}`;
  }
  if (svc.pe) line += ` --pe ${svc.pe}`;
  if (svc.flags & SVC_F_ONEPACKET) line += ' -o';
  // sh/mh with only flag-3 have no word for it: the line then ends in `-b `.
  if (svc.flags & SCHED_FLAGS_ANY) line += ` -b ${schedFlagsText(svc.scheduler, svc.flags)}`;
  return `${line}\n`;
}

/** `-a SVC -r DEST FWD -w W[ tunnel options]` + '\n'; ports named with the service's protocol. */
export function destRuleLine(svc: Service, dest: Destination, naming: Naming): string {
  const target = addrPortText(dest.af, dest.addr, dest.port, svc.protocol, naming);
  const tunnel = isTunnel(dest) ? tunnelSaveSuffix(dest) : '';
  return `-a ${ruleServiceName(svc, naming)} -r ${target} ${forwardSwitch(dest.fwdMethod)} -w ${signed32(dest.weight)}${tunnel}\n`;
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
