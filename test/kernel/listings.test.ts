// Every listing and -S on a rich state with live traffic, ours against the real ipvsadm in the
// same namespace. Counters, rates and connection timers move, so ours is run between two
// runs of the real one and must equal one of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetns, deleteNetns } from './netns.js';
import { buildRichState, type RichState } from './rich-state.js';
import { LISTINGS } from './listing-cases.js';
import { Agent, type Outcome, runReal, toStep } from './transcript.js';


let ns = '';
let rich: RichState | undefined;
let agent: Agent | undefined;

beforeAll(async () => {
  ns = createNetns('ipvs-rich');
  rich = await buildRichState(ns);
  // With marks 1 and 2^31 already there, 2^32-1 closes a cycle of ipvsadm's wrapping
  // comparator: the order printed depends on the kernel's dump order, same namespace here.
  expect((await runReal(ns, '-A -f 4294967295 -s rr')).code).toBe(0);
  agent = new Agent(ns);
}, 120_000);

afterAll(async () => {
  await agent?.close();
  rich?.stop();
  deleteNetns(ns);
});

function same(a: Outcome, b: Outcome): boolean {
  return a.stdout === b.stdout && a.stderr === b.stderr && a.code === b.code;
}

/** Seconds of a row's MM:SS expire column, or null for lines that are not connection rows. */
function expireOf(line: string): number | null {
  const m = /^\S+ (\d+):(\d\d) /.exec(line);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * Connection tables: every entry's timer ticks on its own and entries expire while the runs go
 * on (a run without -n takes seconds of name lookups), so no single real run need match ours.
 * With each row's expire column masked, ours must hold every row the later real run printed
 * and only rows the earlier one printed, in the same order; and each expire value of ours
 * must lie between the two real runs' values for that row.
 */
function expectConnTableBetween(ours: Outcome, before: Outcome, after: Outcome): void {
  const masked = (line: string) => line.replace(/^(\S+ )\d+:\d\d /, '$1MM:SS ');
  const rows = (o: Outcome) => o.stdout.split('\n').filter((l) => l !== '');
  expect({ stderr: ours.stderr, code: ours.code }).toEqual({ stderr: before.stderr, code: before.code });
  const [o, b, a] = [rows(ours), rows(before), rows(after)];
  const index = (lines: string[]) => new Map(lines.map((l) => [masked(l), l]));
  const [bi, ai, oi] = [index(b), index(a), index(o)];
  // Same order as the earlier run, no row it did not have.
  expect(o.map(masked)).toEqual(b.map(masked).filter((k) => oi.has(k)));
  for (const k of ai.keys()) expect(oi.has(k), `row of the later run missing from ours: ${k}`).toBe(true);
  for (const [k, line] of oi) {
    const e = expireOf(line);
    if (e === null) continue;
    expect(e).toBeLessThanOrEqual(expireOf(bi.get(k)!)!);
    const later = ai.get(k);
    if (later !== undefined) expect(e).toBeGreaterThanOrEqual(expireOf(later)!);
  }
}

describe('listings with live traffic, against the real ipvsadm', () => {
  it('the traffic reached the kernel: counters and connections are non-zero', async () => {
    const stats = await runReal(ns, '-L -n --stats --exact');
    expect(stats.stdout).toMatch(/TCP  10\.1\.1\.1:80 +[1-9]\d* +[1-9]/);
    const conns = await runReal(ns, '-L -c -n');
    expect(conns.stdout).toContain('ESTABLISHED');
    expect(conns.stdout).toContain('UDP');
    const persist = await runReal(ns, '-L -c -n --persistent-conn');
    expect(persist.stdout).toContain('sip');
  });

  for (const line of LISTINGS) {
    it(`ipvsadm ${line}`, async () => {
      const step = toStep(line);
      const isConn = step.args.some((a) => a === '-c' || /^-[a-zA-Z]*c/.test(a) || a === '--connection');
      // Rates decay on every 2-second estimator tick, and a listing reads services and then
      // their real servers: a tick can fall inside one run of either tool. Up to three tries
      // of real / ours / real; ours must equal a real run next to it.
      let last: { before: Outcome; ours: Outcome; after: Outcome } | undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        const before = await runReal(ns, step);
        const ours = await agent!.run(step);
        if (same(ours, before)) return;
        const after = await runReal(ns, step);
        if (same(ours, after)) return;
        last = { before, ours, after };
        if (isConn) break;
      }
      if (isConn) {
        expectConnTableBetween(last!.ours, last!.before, last!.after);
        return;
      }
      expect(last!.ours).toEqual(last!.before);
    });
  }

});
