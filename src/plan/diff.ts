// diff(desired, current): the fewest kernel changes from the live table to the desired one.
// A service or real server is matched by its identity (what the kernel looks it up by); a
// match with other settings is edited in place (-E / -e), an identity only on one side is
// added or deleted. Additions and edits come before deletions, so a kept service is never
// left without real servers when the desired table gives it some.
import { FWD_TUNNEL } from '../model.js';
import type { DestConfig, ServiceConfig, ServiceRules } from '../model.js';
import { type Plan, type PlanChange, destIdentity, serviceIdentity } from './plan.js';

export interface DiffOptions {
  /** Real servers to be removed are first set to weight 0 (a drain phase before removals). */
  drain?: boolean;
}

/** The settings -E can change. */
export function sameServiceSettings(a: ServiceConfig, b: ServiceConfig): boolean {
  return a.scheduler === b.scheduler && a.pe === b.pe && a.flags === b.flags && a.timeout >>> 0 === b.timeout >>> 0
    && a.netmask >>> 0 === b.netmask >>> 0;
}

/** The settings -e can change; tunnel settings count only where both forward by tunnel. */
export function sameDestSettings(a: DestConfig, b: DestConfig): boolean {
  if ((a.fwdMethod & 7) !== (b.fwdMethod & 7) || (a.weight | 0) !== (b.weight | 0)) return false;
  if (a.uThreshold >>> 0 !== b.uThreshold >>> 0 || a.lThreshold >>> 0 !== b.lThreshold >>> 0) return false;
  if ((a.fwdMethod & 7) !== FWD_TUNNEL) return true;
  return a.tunType === b.tunType && (a.tunPort & 0xffff) === (b.tunPort & 0xffff) && a.tunFlags === b.tunFlags;
}

export function diff(desired: readonly ServiceRules[], current: readonly ServiceRules[], opts: DiffOptions = {}): Plan {
  const live = new Map(current.map((entry) => [serviceIdentity(entry.service), entry]));
  const wanted = new Set(desired.map((entry) => serviceIdentity(entry.service)));

  const serviceAdds: PlanChange[] = [];
  const destAdds: PlanChange[] = [];
  const drains: PlanChange[] = [];
  const destRemovals: PlanChange[] = [];
  const serviceRemovals: PlanChange[] = [];

  const drainAll = (entry: ServiceRules, dests: readonly DestConfig[]): void => {
    for (const dest of dests) {
      if ((dest.weight | 0) !== 0) drains.push({ op: 'edit-server', phase: 'drain', service: entry.service, dest: { ...dest, weight: 0 }, current: dest });
    }
  };

  for (const want of desired) {
    const have = live.get(serviceIdentity(want.service));
    if (!have) {
      serviceAdds.push({ op: 'add-service', phase: 'add', service: want.service });
      for (const dest of want.dests) destAdds.push({ op: 'add-server', phase: 'add', service: want.service, dest });
      continue;
    }
    // Later changes name the service as the kernel knows it (a fwmark service's protocol
    // and address are whatever the kernel reports).
    const service = { ...want.service, addr: have.service.addr, protocol: have.service.protocol, port: have.service.port };
    if (!sameServiceSettings(want.service, have.service)) {
      serviceAdds.push({ op: 'edit-service', phase: 'add', service, current: have.service });
    }
    const liveDests = new Map(have.dests.map((d) => [destIdentity(d), d]));
    const wantedDests = new Set<string>();
    for (const dest of want.dests) {
      const id = destIdentity(dest);
      wantedDests.add(id);
      const haveDest = liveDests.get(id);
      if (!haveDest) destAdds.push({ op: 'add-server', phase: 'add', service, dest });
      else if (!sameDestSettings(dest, haveDest)) destAdds.push({ op: 'edit-server', phase: 'add', service, dest, current: haveDest });
    }
    const leaving = have.dests.filter((d) => !wantedDests.has(destIdentity(d)));
    if (opts.drain) drainAll({ ...have, service }, leaving);
    for (const dest of leaving) destRemovals.push({ op: 'delete-server', phase: 'remove', service, dest });
  }

  for (const have of current) {
    if (wanted.has(serviceIdentity(have.service))) continue;
    if (opts.drain) drainAll(have, have.dests);
    serviceRemovals.push({ op: 'delete-service', phase: 'remove', service: have.service });
  }

  return { changes: [...serviceAdds, ...destAdds, ...drains, ...destRemovals, ...serviceRemovals] };
}

/** The desired table's own problem: two services, or two real servers of one, with one identity. */
export function findDuplicate(desired: readonly ServiceRules[]): { entry: ServiceRules; dest?: DestConfig } | null {
  const services = new Set<string>();
  for (const entry of desired) {
    const id = serviceIdentity(entry.service);
    if (services.has(id)) return { entry };
    services.add(id);
    const dests = new Set<string>();
    for (const dest of entry.dests) {
      const did = destIdentity(dest);
      if (dests.has(did)) return { entry, dest };
      dests.add(did);
    }
  }
  return null;
}
