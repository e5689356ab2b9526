// Every listing and -S on a rich state with live traffic, ours against the real ipvsadm in the
// same namespace. Counters, rates and connection timers move, so ours is run between two
// runs of the real one and must equal one of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetns, deleteNetns } from './netns.js';
import { buildRichState, type RichState } from './rich-state.js';
import { Agent, type Outcome, runReal, toStep } from './transcript.js';

export const LISTINGS = [
  '-L -n', '-L', '-l', '-Ln', '-l -n --sort', '-L -n --nosort',
  '-L -n --stats', '-L -n --stats --exact', '-L --stats', '-L -n --rate', '-L -n --rate --exact',
  '-L -n --thresholds', '-L --thresholds', '-L -n --persistent-conn', '-L --persistent-conn', '-L -n --tun-info',
  '-L -n -t 10.1.1.1:80', '-L -t 10.1.1.1:http', '-L -n -u 10.1.1.1:53 --stats', '-L -n -f 1',
  '-L -n -f 2147483648 -6', '-L -n -t [2001:db8::10]:80 --rate', '-L -n --sctp-service 10.1.1.1:5672',
  '-L -n -t 10.1.1.3:443 --persistent-conn',
  '-L -c -n', '-Lnc', '-L -c', '-L -c -n --persistent-conn', '-L -c --persistent-conn',
  '-L --timeout', '-L --daemon', '-L -n --timeout --daemon', '-L -c -n --timeout',
  '-S', '-S -n', '-S -n --nosort',
];

let ns = '';
let rich: RichState | undefined;
let agent: Agent | undefined;

beforeAll(async () => {
  ns = createNetns('ipvs-rich');
  rich = await buildRichState(ns);
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
      const before = await runReal(ns, step);
      const ours = await agent!.run(step);
      if (same(ours, before)) return;
      const after = await runReal(ns, step);
      if (same(ours, after)) return;
      expect(ours).toEqual(before);
    });
  }
});
