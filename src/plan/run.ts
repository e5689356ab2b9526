// Carrying out a plan on anything with the IPVS operations (IpvsClient.apply uses it): each
// phase's changes pipelined in order, nothing sent after a failure; between the drain and the
// removals, a wait until the drained real servers have no connections left or time is up.
import type { DestConfig, Destination, ServiceConfig, ServiceKey } from '../model.js';
import { type Plan, type PlanChange, destIdentity, serviceIdentity } from './plan.js';

/** The operations a plan needs (IpvsClient has them). */
export interface PlanTarget {
  addService(cfg: ServiceConfig): Promise<void>;
  editService(cfg: ServiceConfig): Promise<void>;
  delService(svc: ServiceKey): Promise<void>;
  addDest(svc: ServiceKey, dest: DestConfig): Promise<void>;
  editDest(svc: ServiceKey, dest: DestConfig): Promise<void>;
  delDest(svc: ServiceKey, dest: DestConfig): Promise<void>;
  getDests(svc: ServiceKey, opts?: { counters?: boolean }): Promise<Destination[]>;
}

export interface RunPlanOptions {
  /** Seconds to wait for drained real servers before the removals; undefined = no wait. */
  drainSeconds?: number;
  /** Requests of a phase in flight at most (default 256, as -R bounds its pipeline). */
  window?: number;
  /** Clock, sleep and polling interval of the drain wait (injected in tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
}

/** What carrying out a plan came to. */
export interface PlanOutcome {
  /** Changes made, in plan order, up to the failed one. */
  made: PlanChange[];
  /** The first change that failed, and the error it failed with (an IpvsError from a client). */
  failed?: { change: PlanChange; error: unknown };
  /** Changes sent together with the failed one, after it, that were made all the same. */
  madeAfter: PlanChange[];
  /** The drain wait ended at its deadline with connections left. */
  drainTimedOut: boolean;
}

export async function runPlan(target: PlanTarget, plan: Plan, opts: RunPlanOptions = {}): Promise<PlanOutcome> {
  const outcome: PlanOutcome = { made: [], madeAfter: [], drainTimedOut: false };
  for (const phase of ['add', 'drain', 'remove'] as const) {
    const changes = plan.changes.filter((c) => c.phase === phase);
    if (changes.length === 0) continue;
    if (phase === 'remove' && opts.drainSeconds !== undefined) {
      const drained = plan.changes.filter((c) => c.phase === 'drain');
      if (drained.length) outcome.drainTimedOut = !(await waitForDrain(target, drained, opts.drainSeconds, opts));
    }
    if (!(await runPhase(target, changes, opts.window ?? 256, outcome))) break;
  }
  return outcome;
}

/** Sends a phase's changes pipelined; false when one failed (nothing is sent after it). */
async function runPhase(target: PlanTarget, changes: readonly PlanChange[], window: number, outcome: PlanOutcome): Promise<boolean> {
  let next = 0;
  const inFlight: { change: PlanChange; done: Promise<unknown> }[] = [];
  const settle = async (): Promise<void> => {
    const { change, done } = inFlight.shift()!;
    try {
      await done;
      (outcome.failed ? outcome.madeAfter : outcome.made).push(change);
    } catch (error) {
      outcome.failed ??= { change, error };
    }
  };
  while (next < changes.length && !outcome.failed) {
    const change = changes[next++]!;
    const done = send(target, change);
    done.catch(() => {}); // looked at when it settles, in order
    inFlight.push({ change, done });
    if (inFlight.length >= window) await settle();
  }
  while (inFlight.length) await settle();
  return !outcome.failed;
}

function send(target: PlanTarget, change: PlanChange): Promise<void> {
  switch (change.op) {
    case 'add-service':
      return target.addService(change.service);
    case 'edit-service':
      return target.editService(change.service);
    case 'delete-service':
      return target.delService(change.service);
    case 'add-server':
      return target.addDest(change.service, change.dest);
    case 'edit-server':
      return target.editDest(change.service, change.dest);
    case 'delete-server':
      return target.delDest(change.service, change.dest);
  }
}

/**
 * Waits until every drained real server has no active or inactive connection (or is gone),
 * or `seconds` pass; true when they all drained in time.
 */
async function waitForDrain(target: PlanTarget, drained: readonly PlanChange[], seconds: number, opts: RunPlanOptions): Promise<boolean> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pollMs = opts.pollMs ?? 1000;
  const deadline = now() + seconds * 1000;
  // The services to look at, each with those of its real servers that drain.
  const byService = new Map<string, { service: ServiceConfig; dests: Set<string> }>();
  for (const c of drained) {
    if (c.op !== 'edit-server') continue;
    const id = serviceIdentity(c.service);
    const entry = byService.get(id) ?? { service: c.service, dests: new Set<string>() };
    entry.dests.add(destIdentity(c.dest));
    byService.set(id, entry);
  }
  for (;;) {
    let busy = false;
    for (const { service, dests } of byService.values()) {
      const live = await target.getDests(service, { counters: false }).catch((): Destination[] => []);
      if (live.some((d) => dests.has(destIdentity(d)) && d.activeConns + d.inactConns > 0)) busy = true;
    }
    if (!busy) return true;
    if (now() >= deadline) return false;
    await sleep(Math.min(pollMs, Math.max(0, deadline - now())));
  }
}
