// A plan of ipvsadm-apply as ipvsadm command lines (numeric, valid `ipvsadm -R` input: a
// dry run can be fed to ipvsadm-restore) or as a JSON document of the same changes.
import type { Destination, Service } from '../model.js';
import { emptyStats } from '../model.js';
import type { Plan, PlanChange } from '../plan/plan.js';
import type { NameResolver } from '../resolve/resolver.js';
import { addrPortText } from './address.js';
import type { Naming } from './address.js';
import type { FieldSink, JsonValue } from './fields.js';
import { jsonDocument, jsonText } from './render-json.js';
import { renderText } from './render-text.js';
import { emitDestRule, emitServiceRule, ruleServiceText } from './save-fields.js';

/** Plans are always numeric: no name lookups, and the lines mean the same on any host. */
const NO_NAMES: NameResolver = {
  hostToIPv4: () => null,
  serviceToPort: () => null,
  addrToHost: () => null,
  portToService: () => null,
};
const NUMERIC: Naming = { numeric: true, resolver: NO_NAMES };

const asService = (s: PlanChange['service']): Service => s as Service;
const asDest = (d: NonNullable<Extract<PlanChange, { dest: unknown }>['dest']>): Destination =>
  ({ activeConns: 0, inactConns: 0, persistConns: 0, stats: emptyStats(), ...d });

/** One change's fields: its line in text; in JSON its service and real server settings. */
function emitChange(p: FieldSink, change: PlanChange): void {
  const svc = asService(change.service);
  switch (change.op) {
    case 'add-service':
    case 'edit-service':
      emitServiceRule(p, svc, NUMERIC, change.op === 'add-service' ? '-A' : '-E');
      return;
    case 'delete-service':
      p.text(`-D ${ruleServiceText(svc, NUMERIC)}`);
      p.newline('service');
      return;
    case 'add-server':
    case 'edit-server':
      emitDestRule(p, svc, asDest(change.dest), NUMERIC, change.op === 'add-server' ? '-a' : '-e', true);
      return;
    case 'delete-server':
      p.text(`-d ${ruleServiceText(svc, NUMERIC)} -r ${addrPortText(change.dest.af, change.dest.addr, change.dest.port, svc.protocol, NUMERIC)}`);
      p.newline('dest');
  }
}

/** The plan as ipvsadm lines, one per change, each ending in a newline. */
export function planLines(plan: Plan): string {
  return renderText((p) => {
    for (const change of plan.changes) emitChange(p, change);
  });
}

/** One change as a JSON value: op, phase, its ipvsadm line, the service and the real server. */
export function planChangeValue(change: PlanChange): Record<string, JsonValue> {
  const value: Record<string, JsonValue> = {
    op: change.op,
    phase: change.phase,
    command: renderText((p) => emitChange(p, change)).replace(/\n$/, ''),
    service: jsonDocument((p) => emitServiceRule(p, asService(change.service), NUMERIC)),
  };
  if ('dest' in change) {
    const { family, address, port, forwarding, tunnel, weight, uThreshold, lThreshold } =
      jsonDocument((p) => emitDestRule(p, asService(change.service), asDest(change.dest), NUMERIC));
    value.realServer = { family, address, port, forwarding, tunnel, weight, uThreshold, lThreshold };
  }
  return value;
}

/** The plan document: `{"changes": [...]}` plus any top-level fields the caller adds first. */
export function planJSON(plan: Plan, head: Record<string, JsonValue> = {}, pretty = false): string {
  return jsonText({ ...head, changes: plan.changes.map(planChangeValue) }, pretty);
}
