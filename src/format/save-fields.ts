// -S through the field printer: `-A` and `-a` lines, and as JSON a rules document
// {services: [{..., realServers: [...]}]} holding every setting -S writes (and the real
// servers' thresholds, which -S leaves out), the shape a declarative apply reads back.
import { AF_INET6, SVC_F_ONEPACKET, SVC_F_PERSISTENT } from '../model.js';
import type { Destination, Service } from '../model.js';
import { addrPortText } from './address.js';
import type { Naming } from './address.js';
import { addressFields, familyKey, familyStyle, forwardKey, maskField, protocolKey, serviceFlagNames, tunnelValue } from './field-words.js';
import type { FieldSink } from './fields.js';
import type { ServiceEntry } from './list-columns.js';
import { signed32, unsigned32 } from './numbers.js';
import { SCHED_FLAGS_ANY, forwardSwitch, isTunnel, maskText, schedFlagsText, serviceSwitch, tunnelSaveSuffix } from './words.js';

/** `-t ADDR`, `-u ADDR`, `--sctp-service ADDR`, `-f N`, `-f N -6` (N a signed int). */
export function ruleServiceText(svc: Service, naming: Naming): string {
  if (svc.fwmark !== 0) return `-f ${signed32(svc.fwmark)}${svc.af === AF_INET6 ? ' -6' : ''}`;
  return `${serviceSwitch(svc.protocol)} ${addrPortText(svc.af, svc.addr, svc.port, svc.protocol, naming)}`;
}

/** The service's identity fields and, in text, its switch and address. */
function emitRuleService(p: FieldSink, svc: Service, naming: Naming, json: boolean): void {
  if (json) {
    p.field('family', familyKey(svc.af), null);
    if (svc.fwmark !== 0) p.field('fwmark', svc.fwmark >>> 0, null);
    else {
      p.field('protocol', protocolKey(svc.protocol), null);
      addressFields(p, svc.af, svc.addr, svc.port, svc.protocol, naming, false);
    }
  }
  if (!p.json) p.text(ruleServiceText(svc, naming), svc.fwmark !== 0 ? 'fwmark' : familyStyle(svc.af));
}

/** `-A SVC -s SCHED[ -p T[ -M MASK]][ --pe PE][ -o][ -b FLAGS]` + '\n' (`verb` -E for an edit). */
export function emitServiceRule(p: FieldSink, svc: Service, naming: Naming, verb = '-A'): void {
  const persistent = (svc.flags & SVC_F_PERSISTENT) !== 0;
  p.text(`${verb} `);
  emitRuleService(p, svc, naming, true);
  p.field('scheduler', svc.scheduler, ` -s ${svc.scheduler}`, 'scheduler');
  p.field('flags', serviceFlagNames(svc), null);
  p.field('timeout', svc.timeout >>> 0, persistent ? ` -p ${unsigned32(svc.timeout)}` : null);
  const mask = persistent ? maskText(svc) : null;
  const [maskKey, maskValue] = maskField(svc);
  p.field(maskKey, maskValue, mask !== null ? ` -M ${mask}` : null);
  p.field('pe', svc.pe || undefined, svc.pe ? ` --pe ${svc.pe}` : null);
  if (svc.flags & SVC_F_ONEPACKET) p.text(' -o');
  // sh/mh with only flag-3 have no word for it: the line then ends in `-b `.
  if (svc.flags & SCHED_FLAGS_ANY) p.text(` -b ${schedFlagsText(svc.scheduler, svc.flags)}`);
  p.newline('service');
}

/**
 * `-a SVC -r DEST FWD -w W[ tunnel options]` + '\n'; ports named with the service's protocol.
 * `verb` -e for an edit; `thresholds` adds ` -x U -y L` where set (-S leaves them out).
 */
export function emitDestRule(p: FieldSink, svc: Service, dest: Destination, naming: Naming, verb = '-a', thresholds = false): void {
  p.text(`${verb} `);
  emitRuleService(p, svc, naming, false);
  addressFields(p, dest.af, dest.addr, dest.port, svc.protocol, naming);
  p.text(' -r ');
  if (!p.json) p.text(addrPortText(dest.af, dest.addr, dest.port, svc.protocol, naming), familyStyle(dest.af));
  p.field('forwarding', forwardKey(dest.fwdMethod), ` ${forwardSwitch(dest.fwdMethod)}`, 'forward');
  p.field('tunnel', tunnelValue(dest), null);
  p.field('weight', dest.weight | 0, ` -w ${signed32(dest.weight)}`, dest.weight === 0 ? 'quiesced' : undefined);
  if (thresholds && dest.uThreshold) p.text(` -x ${unsigned32(dest.uThreshold)}`);
  if (thresholds && dest.lThreshold) p.text(` -y ${unsigned32(dest.lThreshold)}`);
  if (isTunnel(dest)) p.text(tunnelSaveSuffix(dest));
  p.field('uThreshold', dest.uThreshold >>> 0, null);
  p.field('lThreshold', dest.lThreshold >>> 0, null);
  p.newline('dest');
}

/** One service's rules: a JSON object with `realServers`, its lines in the order given. */
export function emitServiceRules(p: FieldSink, entry: ServiceEntry, naming: Naming): void {
  p.begin(null, 'object');
  emitServiceRule(p, entry.service, naming);
  p.begin('realServers', 'array');
  for (const dest of entry.dests) {
    p.begin(null, 'object');
    emitDestRule(p, entry.service, dest, naming);
    p.end();
  }
  p.end();
  p.end();
}
