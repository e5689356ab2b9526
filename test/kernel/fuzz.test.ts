// Seeded differential fuzzing: generated command lines and -R inputs (fuzz-grammar.ts) run
// through the real ipvsadm (one shell in one namespace) and through ours (in-process in an
// agent in another namespace); every line must give the same stdout, stderr and exit
// status, and the two final tables must be equal.
//
// Every run draws a fresh seed and prints it. Reproduce or extend a run with
//   IPVS_FUZZ_SEED=<seed> IPVS_FUZZ_COUNT=<lines> npm run test:kernel -- test/kernel/fuzz.test.ts
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FuzzGrammar, Rng, shellLine } from './fuzz-grammar.js';
import { createNetns, deleteNetns } from './netns.js';
import { Agent, type Outcome, runReal, runRealBatch, type Step } from './transcript.js';

const SEED = process.env.IPVS_FUZZ_SEED ? Number(process.env.IPVS_FUZZ_SEED) : randomInt(2 ** 31);
const COUNT = Number(process.env.IPVS_FUZZ_COUNT ?? 2000);
const REPRODUCE = `IPVS_FUZZ_SEED=${SEED} IPVS_FUZZ_COUNT=${COUNT}`;

function describeStep(s: Step): string {
  return `ipvsadm ${shellLine(s.args)}${s.stdin !== undefined ? ` with this standard input:\n${s.stdin}\n[end of input]` : ''}`;
}

/**
 * The oracle's comparison (oracle.ts), keeping how long each of our steps took: the real
 * side runs as one shell in its namespace meanwhile, ours step by step in the agent.
 */
async function compare(steps: Step[]) {
  const nsReal = createNetns('ipvs-fuzz-real');
  const nsOurs = createNetns('ipvs-fuzz-ours');
  const agent = new Agent(nsOurs);
  try {
    // The real side first, then ours: never both at once (see oracle.ts: a dump counts its
    // place over the services of every namespace).
    const t0 = performance.now();
    const realAll = await runRealBatch(nsReal, [...steps, '-S -n']);
    const realAt = performance.now() - t0;
    const ours: Outcome[] = [];
    const took: number[] = [];
    for (const s of steps) {
      const t = performance.now();
      ours.push(await agent.run(s));
      took.push(performance.now() - t);
    }
    const oursAt = performance.now() - t0 - realAt;
    const slowest = took.map((ms, i) => ({ ms, i })).sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(
      `fuzz: real ${(realAt / 1000).toFixed(0)} s, ours ${(oursAt / 1000).toFixed(0)} s; ours' slowest steps: ` +
        slowest.map(({ ms, i }) => `#${i + 1} ${(ms / 1000).toFixed(1)} s`).join(', '),
    );
    return {
      real: realAll.slice(0, steps.length),
      ours,
      realState: realAll[steps.length]!.stdout,
      oursState: (await runReal(nsOurs, '-S -n')).stdout,
    };
  } finally {
    await agent.close();
    deleteNetns(nsReal);
    deleteNetns(nsOurs);
  }
}

const show = (o: Outcome): string => `stdout ${JSON.stringify(o.stdout)}\nstderr ${JSON.stringify(o.stderr)}\nexit ${o.code}`;

describe('differential fuzzing against the real ipvsadm', () => {
  it(`${COUNT} generated lines (seed ${SEED})`, async () => {
    console.log(`fuzz: seed ${SEED}, ${COUNT} lines — reproduce with ${REPRODUCE}`);
    const { steps, lines } = new FuzzGrammar(new Rng(SEED)).steps(COUNT);
    expect(lines).toBeGreaterThanOrEqual(COUNT);
    const t = performance.now();
    const c = await compare(steps);
    console.log(`fuzz: ${steps.length} steps (${lines} lines, ${steps.filter((s) => s.stdin !== undefined).length} of them -R) in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    for (let i = 0; i < steps.length; i++) {
      const real = c.real[i]!;
      const ours = c.ours[i]!;
      if (real.stdout === ours.stdout && real.stderr === ours.stderr && real.code === ours.code) continue;
      expect.fail(
        `fuzz (${REPRODUCE}): step ${i + 1} of ${steps.length} differs: ${describeStep(steps[i]!)}\n` +
          `--- real ipvsadm:\n${show(real)}\n--- ours:\n${show(ours)}`,
      );
    }
    if (c.oursState !== c.realState) {
      expect.fail(`fuzz (${REPRODUCE}): final tables differ (every line gave the same output)\n--- real:\n${c.realState}\n--- ours:\n${c.oursState}`);
    }
  }, 900_000);
});
