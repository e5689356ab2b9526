// ipvsadm-apply's work once its input is read: the live table, the plan from it to the
// desired one, then a dry run (print), a check (print on drift, exit 1) or the changes made
// over the one socket, pipelined, additions before removals; with a drain, the real servers
// that leave are set to weight 0 first and removed once their connections are gone.
import type { DestConfig, Destination, ServiceConfig, ServiceRules } from '../model.js';
import { diff } from '../plan/diff.js';
import type { Plan, PlanChange } from '../plan/plan.js';
import { destIdentity, serviceIdentity } from '../plan/plan.js';
import { planChangeValue, planJSON, planLines } from '../format/plan.js';
import type { IpvsOperations, Io } from './context.js';
import { kernelErrorMessage } from './errors.js';
import { errnoOf } from './kernel-call.js';

/** Exit statuses of ipvsadm-apply (docs/apply.md). */
export const EXIT = { ok: 0, drift: 1, input: 2, kernel: 3, noIpvs: 4 } as const;

export type ApplyMode = 'apply' | 'dry-run' | 'check';

export interface ApplyOptions {
  mode: ApplyMode;
  /** Seconds to wait for leaving real servers' connections; undefined = no drain. */
  drainSeconds?: number;
  json: boolean;
  pretty: boolean;
}

export interface ApplyEnv {
  client: IpvsOperations;
  io: Io;
  /** Clock and sleep of the drain (injected in tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How often a drain looks at the connection counts. */
  pollMs?: number;
}

/** Requests of one phase in flight at most (as -R bounds its pipeline). */
const WINDOW = 256;

/** The live table: every service with its real servers (no counters needed). */
export async function readLiveTable(client: IpvsOperations): Promise<ServiceRules[]> {
  const services = await client.getServices({ counters: false });
  const dests = await Promise.all(services.map((s) => client.getDests(s, { counters: false })));
  return services.map((service, i) => ({ service, dests: dests[i]! }));
}

/** What the apply came to, for the report and the JSON result. */
interface Outcome {
  made: PlanChange[];
  failed?: { change: PlanChange; message: string };
  /** Changes after the failed one that had been sent with it and were made. */
  madeAfter: PlanChange[];
  drainTimedOut: boolean;
}

export async function runApply(desired: ServiceRules[], opts: ApplyOptions, env: ApplyEnv): Promise<number> {
  const current = await readLiveTable(env.client);
  const plan = diff(desired, current, { drain: opts.drainSeconds !== undefined });
  const { io } = env;

  if (opts.mode === 'dry-run') {
    io.stdout.write(opts.json ? `${planJSON(plan, {}, opts.pretty)}\n` : planLines(plan));
    return EXIT.ok;
  }
  if (opts.mode === 'check') {
    const drift = plan.changes.length > 0;
    if (opts.json) io.stdout.write(`${planJSON(plan, { drift }, opts.pretty)}\n`);
    else io.stdout.write(planLines(plan));
    return drift ? EXIT.drift : EXIT.ok;
  }

  const outcome = await execute(plan, opts, env);
  if (outcome.failed) {
    io.stderr.write(`${outcome.failed.message}\n`);
    io.stderr.write(`ipvsadm-apply: failed: ${planLines({ changes: [outcome.failed.change] })}`);
    io.stderr.write(`ipvsadm-apply: ${outcome.made.length} of ${plan.changes.length} changes made before it`
      + `${outcome.madeAfter.length ? `, ${outcome.madeAfter.length} sent with it made after it` : ''}; the rest not made\n`);
  }
  if (opts.json) {
    const head = {
      applied: !outcome.failed,
      made: outcome.made.length + outcome.madeAfter.length,
      ...(outcome.failed ? { failed: { ...planChangeValue(outcome.failed.change), error: outcome.failed.message } } : {}),
      ...(opts.drainSeconds !== undefined ? { drainTimedOut: outcome.drainTimedOut } : {}),
    };
    io.stdout.write(`${planJSON(plan, head, opts.pretty)}\n`);
  }
  return outcome.failed ? EXIT.kernel : EXIT.ok;
}

async function execute(plan: Plan, opts: ApplyOptions, env: ApplyEnv): Promise<Outcome> {
  const outcome: Outcome = { made: [], madeAfter: [], drainTimedOut: false };
  for (const phase of ['add', 'drain', 'remove'] as const) {
    const changes = plan.changes.filter((c) => c.phase === phase);
    if (changes.length === 0) continue;
    if (phase === 'remove' && opts.drainSeconds !== undefined) {
      const drained = plan.changes.filter((c) => c.phase === 'drain');
      if (drained.length) outcome.drainTimedOut = !(await waitForDrain(drained, opts.drainSeconds, env));
    }
    if (!(await runPhase(changes, env.client, outcome))) break;
  }
  return outcome;
}

/** Sends a phase's changes pipelined; false when one failed (nothing is sent after it). */
async function runPhase(changes: readonly PlanChange[], client: IpvsOperations, outcome: Outcome): Promise<boolean> {
  let next = 0;
  const inFlight: { change: PlanChange; done: Promise<unknown> }[] = [];
  const settle = async (): Promise<boolean> => {
    const { change, done } = inFlight.shift()!;
    try {
      await done;
      (outcome.failed ? outcome.madeAfter : outcome.made).push(change);
      return true;
    } catch (e) {
      if (!outcome.failed) outcome.failed = { change, message: kernelErrorMessage(change.op, errnoOf(e)) };
      return false;
    }
  };
  while (next < changes.length && !outcome.failed) {
    const change = changes[next++]!;
    // Start the request now; its rejection is looked at when it settles, in order.
    const done = send(client, change);
    done.catch(() => {});
    inFlight.push({ change, done });
    if (inFlight.length >= WINDOW) await settle();
  }
  while (inFlight.length) await settle();
  return !outcome.failed;
}

function send(client: IpvsOperations, change: PlanChange): Promise<void> {
  switch (change.op) {
    case 'add-service':
      return client.addService(change.service);
    case 'edit-service':
      return client.editService(change.service);
    case 'delete-service':
      return client.delService(change.service);
    case 'add-server':
      return client.addDest(change.service, change.dest);
    case 'edit-server':
      return client.editDest(change.service, change.dest);
    case 'delete-server':
      return client.delDest(change.service, change.dest);
  }
}

/**
 * Waits until every drained real server has no active or inactive connection (or is gone),
 * or `seconds` pass; true when they all drained in time.
 */
async function waitForDrain(drained: readonly PlanChange[], seconds: number, env: ApplyEnv): Promise<boolean> {
  const now = env.now ?? Date.now;
  const sleep = env.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pollMs = env.pollMs ?? 1000;
  const deadline = now() + seconds * 1000;
  // The services to look at, each with the real servers of it that drain.
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
      const live: Destination[] = await env.client.getDests(service, { counters: false }).catch(() => []);
      if (live.some((d: DestConfig & Destination) => dests.has(destIdentity(d)) && d.activeConns + d.inactConns > 0)) busy = true;
    }
    if (!busy) return true;
    if (now() >= deadline) return false;
    await sleep(Math.min(pollMs, Math.max(0, deadline - now())));
  }
}
