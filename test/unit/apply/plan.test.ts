// The plan for each kind of change, as the dry run prints it (hand-written expectations), and
// random pairs of tables: after the apply the table is the desired one, and nothing is left to do.
import { describe, expect, it } from 'vitest';
import { CHANGE_CASES as CASES, SVC, random, randomRules } from '../../apply/tables.js';
import { apply, ipvsadm, kernelWith, saved } from './helpers.js';

describe('plans, one kind of change at a time', () => {
  for (const [name, current, desired, plan] of CASES) {
    it(name, async () => {
      const kernel = await kernelWith(current);
      const dry = await apply(kernel, ['--dry-run'], desired);
      expect(dry).toEqual({ stdout: plan, stderr: '', code: 0 });
      expect((await apply(kernel, [], desired)).code).toBe(0);
      expect(await saved(kernel)).toEqual(await saved(await kernelWith(desired)));
      expect(await apply(kernel, ['--check'], desired)).toEqual({ stdout: '', stderr: '', code: 0 });
    });
  }
});

describe('--drain', () => {
  it('plans weight 0 for leaving real servers before removing them', async () => {
    const current = `${SVC}-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 5\n-A -t 10.0.0.3:80 -s rr\n-a -t 10.0.0.3:80 -r 192.168.1.3:80 -m -w 1\n`;
    const kernel = await kernelWith(current);
    const dry = await apply(kernel, ['--dry-run', '--drain', '30'], SVC);
    expect(dry.stdout).toBe(`-e -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 0
-e -t 10.0.0.3:80 -r 192.168.1.3:80 -m -w 0
-d -t 10.0.0.1:80 -r 192.168.1.2:80
-D -t 10.0.0.3:80
`);
  });
});

describe('random pairs of tables', () => {
  const seed = Number(process.env.IPVS_APPLY_SEED ?? 20261201);
  it(`after the apply the table is -C then -R of the desired file; then nothing is left (seed ${seed})`, async () => {
    const rand = random(seed);
    for (let n = 0; n < 150; n++) {
      const current = randomRules(rand);
      const desired = randomRules(rand);
      const kernel = await kernelWith(current);
      const r = await apply(kernel, [], desired);
      expect(r, `pair ${n}\n--- current\n${current}--- desired\n${desired}`).toEqual({ stdout: '', stderr: '', code: 0 });
      expect(await saved(kernel), `pair ${n}`).toEqual(await saved(await kernelWith(desired)));
      expect((await apply(kernel, ['--check'], desired)).code, `pair ${n}`).toBe(0);
      // The dry run from the old table is -R input that gets there too.
      const again = await kernelWith(current);
      const dry = await apply(again, ['--dry-run'], desired);
      expect((await ipvsadm(again, '-R', { stdin: dry.stdout })).code, `pair ${n}`).toBe(0);
      expect(await saved(again), `pair ${n}`).toEqual(await saved(kernel));
    }
  });
});

describe('--drain, carried out', () => {
  const current = `${SVC}-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 5\n`;

  async function drained(connsLeftAfterPolls: number, seconds: number) {
    const { runApply } = await import('../../../src/commands/apply.js');
    const { readLiveTable } = await import('../../../src/commands/apply.js');
    const { capturedIo } = await import('../commands/harness.js');
    const kernel = await kernelWith(current);
    const leaving = () => kernel.services[0]!.dests.find((d) => d.addr[3] === 2);
    leaving()!.activeConns = 1;
    leaving()!.inactConns = 1;
    let clock = 0;
    let polls = 0;
    const seen: { weight: number; present: boolean }[] = [];
    const client = await kernel.open();
    const desired = (await readLiveTable(await (await kernelWith(SVC)).open()));
    const { io, stderr } = capturedIo();
    const code = await runApply(desired, { mode: 'apply', drainSeconds: seconds, json: false, pretty: false }, {
      client, io, now: () => clock, pollMs: 1000,
      sleep: async (ms) => {
        clock += ms;
        polls++;
        const d = leaving();
        seen.push({ weight: d?.weight ?? -1, present: d !== undefined });
        if (d && polls >= connsLeftAfterPolls) d.activeConns = d.inactConns = 0;
      },
    });
    return { code, stderr: stderr(), polls, seen, gone: leaving() === undefined, clock };
  }

  it('sets weight 0, keeps the real server while it has connections, removes it once they are gone', async () => {
    const r = await drained(3, 60);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.polls).toBe(3);
    expect(r.seen).toEqual([{ weight: 0, present: true }, { weight: 0, present: true }, { weight: 0, present: true }]);
    expect(r.gone).toBe(true);
  });

  it('removes it after SECONDS even with connections left', async () => {
    const r = await drained(1000, 5);
    expect(r.code).toBe(0);
    expect(r.polls).toBe(5);
    expect(r.clock).toBe(5000);
    expect(r.gone).toBe(true);
  });
});
