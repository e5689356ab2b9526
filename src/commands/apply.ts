// ipvsadm-apply's work once its input is read: the live table, the plan from it to the
// desired one, then a dry run (print), a check (print on drift, exit 1) or the changes made
// over the one socket, pipelined, additions before removals; with a drain, the real servers
// that leave are set to weight 0 first and removed once their connections are gone.
import type { ServiceRules } from '../model.js';
import { diff } from '../plan/diff.js';
import { runPlan } from '../plan/run.js';
import { planChangeValue, planJSON, planLines } from '../format/plan.js';
import type { IpvsOperations, IpvsSession, Io } from './context.js';
import { serviceEntries } from './entries.js';
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
  /** Opens another connection to the same IPVS (reading a big table spreads its dumps). */
  openClient?: () => Promise<IpvsSession>;
}

/**
 * The live table: every service with its real servers (no counters needed). With `open`, a
 * big table's real-server dumps are spread over up to three more connections, closed after.
 */
export async function readLiveTable(client: IpvsOperations, open?: () => Promise<IpvsSession>): Promise<ServiceRules[]> {
  const services = await client.getServices({ counters: false });
  const table: ServiceRules[] = [];
  // The listings' dumps (a bounded window, more sockets for a big table); order is not needed.
  for await (const entry of serviceEntries({ client, openClient: open }, services, { nosort: true, counters: false })) table.push({ service: entry.service, dests: entry.dests });
  return table;
}

export async function runApply(desired: ServiceRules[], opts: ApplyOptions, env: ApplyEnv): Promise<number> {
  const current = await readLiveTable(env.client, env.openClient);
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

  const outcome = await runPlan(env.client, plan, { drainSeconds: opts.drainSeconds, now: env.now, sleep: env.sleep, pollMs: env.pollMs });
  const failedMessage = outcome.failed && kernelErrorMessage(outcome.failed.change.op, errnoOf(outcome.failed.error));
  if (outcome.failed) {
    io.stderr.write(`${failedMessage}\n`);
    io.stderr.write(`ipvsadm-apply: failed: ${planLines({ changes: [outcome.failed.change] })}`);
    io.stderr.write(`ipvsadm-apply: ${outcome.made.length} of ${plan.changes.length} changes made before it`
      + `${outcome.madeAfter.length ? `, ${outcome.madeAfter.length} sent with it made after it` : ''}; the rest not made\n`);
  }
  if (opts.json) {
    const head = {
      applied: !outcome.failed,
      made: outcome.made.length + outcome.madeAfter.length,
      ...(outcome.failed ? { failed: { ...planChangeValue(outcome.failed.change), error: failedMessage! } } : {}),
      ...(opts.drainSeconds !== undefined ? { drainTimedOut: outcome.drainTimedOut } : {}),
    };
    io.stdout.write(`${planJSON(plan, head, opts.pretty)}\n`);
  }
  return outcome.failed ? EXIT.kernel : EXIT.ok;
}
