// The oracle: the same command lines through the real ipvsadm and through ours, each in
// its own fresh namespace, with both transcripts and both final states (as printed by the
// real `ipvsadm -S -n`).
import { createNetns, deleteNetns } from './netns.js';
import { Agent, type Outcome, type StepLike, runReal, runRealBatch, toStep } from './transcript.js';
import { syncThreadsSettled } from './sync-threads.js';
import { watchdog } from './watchdog.js';

export interface Comparison {
  real: Outcome[];
  ours: Outcome[];
  realState: string;
  oursState: string;
}

/** Runs `steps` on both implementations; `ours` runs in-process in an agent. */
const timing = process.env.IPVS_TEST_TIMING === '1';
const mark = (what: string, since: number) => timing && console.error(`oracle: ${what} ${(performance.now() - since).toFixed(0)} ms`);

export async function compareWithReal(steps: StepLike[]): Promise<Comparison> {
  const daemons = steps.some((s) => JSON.stringify(toStep(s)).includes('-daemon'));
  // Sync-daemon scenarios have stalled in the VM before: if one runs long, name the blocked tasks.
  return daemons ? watchdog(`daemon comparison of ${steps.length} steps`, () => compare(steps, true)) : compare(steps, false);
}

async function compare(steps: StepLike[], daemons: boolean): Promise<Comparison> {
  let t = performance.now();
  const nsReal = createNetns('ipvs-real');
  const nsOurs = createNetns('ipvs-ours');
  mark('two namespaces', t);
  t = performance.now();
  const agent = new Agent(nsOurs);
  try {
    // One side after the other, never both at once: the kernel keeps the services of every
    // namespace in one hash table and a dump counts its place over all of them, so a change in
    // one namespace during a dump in the other makes that dump repeat or skip a service (seen:
    // the real -L printed a fwmark service twice while ours was adding services).
    const realAll = await runRealBatch(nsReal, [...steps, '-S -n'], { settleSyncThreads: daemons });
    mark('real batch done', t);
    const ours: Outcome[] = [];
    for (const s of steps) {
      if (daemons) await syncThreadsSettled(); // as the real batch does before each step
      ours.push(await agent.run(s));
    }
    mark(`agent start and ${steps.length} steps of ours`, t);
    const real = realAll.slice(0, steps.length);
    const realState = realAll[steps.length]!.stdout;
    const oursState = (await runReal(nsOurs, '-S -n')).stdout;
    return { real, ours, realState, oursState };
  } finally {
    await agent.close();
    // A namespace deleted with a sync daemon still running has stalled later daemon commands
    // in other namespaces for minutes: stop them first.
    if (daemons) {
      for (const ns of [nsReal, nsOurs]) await runRealBatch(ns, ['--stop-daemon master', '--stop-daemon backup'], { settleSyncThreads: true });
    }
    deleteNetns(nsReal);
    deleteNetns(nsOurs);
  }
}

/** A readable transcript: each step with its outputs, for one diffable string per side. */
export function transcript(steps: StepLike[], outcomes: Outcome[], state: string): string {
  const parts = outcomes.map((o, i) => {
    const s = toStep(steps[i]);
    const stdin = s.stdin !== undefined ? ` <<< ${JSON.stringify(s.stdin)}` : '';
    return `$ ipvsadm ${s.args.join(' ')}${stdin}\n${o.stdout}[stderr]\n${o.stderr}[exit ${o.code}]\n`;
  });
  return parts.join('') + `=== final ipvsadm -S -n ===\n${state}`;
}
