// Every listing and -S on a rich state made with live traffic, ours against the real ipvsadm
// in the same namespace. The comparisons are made deterministic rather than retried:
// - the traffic is over before the first listing (the client sends a fixed set, then idles),
//   so no entry is born while the tests run;
// - rates decay to 0 within about 40 s of the last packet (the estimator subtracts a quarter,
//   rounding down, every 2 s): the file waits for that before its first listing;
// - connection entries expire on their own timers, and an entry removed while a listing reads
//   /proc/net/ip_vs_conn shifts the kernel's read position, so that run skips a row it should
//   have printed: every comparison waits first until no entry will expire within WINDOW_S,
//   and fails (rather than compares) if it did not finish inside that window (quiet.ts).
import { describe, expect, it } from 'vitest';
import { LISTINGS } from './listing-cases.js';
import { type Outcome, runReal, toStep } from './transcript.js';
import { WINDOW_S, expireOf, quietWindow, settledRichState } from './quiet.js';

// With marks 1 and 2^31 already there, 2^32-1 closes a cycle of ipvsadm's wrapping comparator:
// the order printed depends on the kernel's dump order, same namespace here.
const state = settledRichState('ipvs-rich', ['-A -f 4294967295 -s rr']);

/**
 * Connection tables: nothing is born or removed inside the window, but every entry's timer
 * ticks. With each row's expire column masked, ours must equal the real runs before and after
 * it, row for row; and each expire value of ours must lie between theirs for that row.
 */
function expectConnTableBetween(ours: Outcome, before: Outcome, after: Outcome): void {
  const masked = (line: string) => line.replace(/^(\S+ )\d+:\d\d /, '$1MM:SS ');
  const rows = (o: Outcome) => o.stdout.split('\n').filter((l) => l !== '');
  expect({ stderr: ours.stderr, code: ours.code }).toEqual({ stderr: before.stderr, code: before.code });
  const [o, b, a] = [rows(ours), rows(before), rows(after)];
  expect(o.map(masked)).toEqual(b.map(masked));
  expect(a.map(masked)).toEqual(b.map(masked));
  o.forEach((line, i) => {
    const e = expireOf(line);
    if (e === null) return;
    expect(e).toBeLessThanOrEqual(expireOf(b[i]!)!);
    expect(e).toBeGreaterThanOrEqual(expireOf(a[i]!)!);
  });
}

describe('listings with live traffic, against the real ipvsadm', () => {
  it('the traffic reached the kernel: counters and connections are non-zero', async () => {
    const stats = await runReal(state.ns, '-L -n --stats --exact');
    expect(stats.stdout).toMatch(/TCP  10\.1\.1\.1:80 +[1-9]\d* +[1-9]/);
    const conns = await runReal(state.ns, '-L -c -n');
    expect(conns.stdout).toContain('ESTABLISHED');
    expect(conns.stdout).toContain('UDP');
    const persist = await runReal(state.ns, '-L -c -n --persistent-conn');
    expect(persist.stdout).toContain('sip');
  });

  for (const line of LISTINGS) {
    it(`ipvsadm ${line}`, async () => {
      const step = toStep(line);
      const isConn = step.args.some((a) => a === '-c' || /^-[a-zA-Z]*c/.test(a) || a === '--connection');
      const opened = await quietWindow(state.ns);
      const before = await runReal(state.ns, step);
      const ours = await state.agent.run(step);
      // Only the connection timers move: other listings must be equal as they stand.
      const after = isConn ? await runReal(state.ns, step) : before;
      const took = (Date.now() - opened) / 1000;
      expect(took, `the comparison took ${took} s, longer than its ${WINDOW_S} s quiet window`).toBeLessThan(WINDOW_S);
      if (isConn) expectConnTableBetween(ours, before, after);
      else expect(ours).toEqual(before);
    });
  }

});
