// --json on every listing variant, on the rich state made with live traffic: each document is
// valid against docs/ipvsadm.schema.json and carries the values the real ipvsadm prints at the
// same moment. Deterministic, not retried (see quiet.ts): the file waits for the rates to
// decay to 0, and every comparison for a window in which no connection entry expires; inside
// it only connection timers move, so the document must agree with the real text exactly, and
// for -c row for row with each expire between those of a real run before and one after.
// Command lines the real ipvsadm refuses fail with --json the same way, nothing on stdout.
// And the shipped bin/ipvsadm piped to jq, on a table whose document takes many of the
// blocks the CLI writes it in.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disagreements, parseExact } from '../json/agree.js';
import { documentKind, schemaErrors } from '../json/schema.js';
import { LISTINGS } from './listing-cases.js';
import { WINDOW_S, expireOf, quietWindow, settledRichState } from './quiet.js';
import { createNetns, deleteNetns } from './netns.js';
import { REPO, runInNetns, runReal, toStep } from './transcript.js';

const state = settledRichState('ipvs-json');

const isConn = (args: string[]) => args.some((a) => a === '--connection' || /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));
const rows = (text: string) => text.split('\n').filter((l) => expireOf(l) !== null);

describe('--json on the rich live state, against the real ipvsadm text', () => {
  it('the state has traffic: counters and connections in the documents', async () => {
    const stats = JSON.parse((await state.agent.run(toStep('-L -n --stats --json'))).stdout);
    expect(stats.services.some((s: { stats: { conns: number } }) => s.stats.conns > 0)).toBe(true);
    const conns = JSON.parse((await state.agent.run(toStep('-L -c -n --json'))).stdout);
    expect(conns.connections.some((c: { state: string }) => c.state === 'ESTABLISHED')).toBe(true);
    expect(conns.connections.some((c: { pe?: { name: string } }) => c.pe?.name === 'sip')).toBe(true);
  });

  for (const line of LISTINGS) {
    for (const extra of ['--json', '--json --pretty']) {
      it(`ipvsadm ${line} ${extra}`, async () => {
        const step = toStep(line);
        const conn = isConn(step.args);
        const opened = await quietWindow(state.ns);
        const before = await runReal(state.ns, step);
        const json = await state.agent.run({ args: [...step.args, ...extra.split(' ')] });
        const after = conn ? await runReal(state.ns, step) : before;
        const took = (Date.now() - opened) / 1000;
        expect(took, `the comparison took ${took} s, longer than its ${WINDOW_S} s quiet window`).toBeLessThan(WINDOW_S);
        if (before.code !== 0) {
          expect(json).toEqual({ stdout: '', stderr: before.stderr, code: before.code });
          return;
        }
        expect({ stderr: json.stderr, code: json.code }).toEqual({ stderr: '', code: 0 });
        expect(json.stdout.endsWith('}\n')).toBe(true);
        expect(json.stdout.indexOf('\n')).toBe(extra.includes('--pretty') ? 1 : json.stdout.length - 1);
        expect(schemaErrors(JSON.parse(json.stdout), documentKind(line))).toBeNull();
        const doc = parseExact(json.stdout);
        if (!conn) {
          expect(disagreements(line, before.stdout, doc)).toEqual([]);
          return;
        }
        // Everything but the timers as the earlier run; each timer between the two runs.
        expect(disagreements(line, before.stdout, doc, { expireSlack: Infinity })).toEqual([]);
        const [b, a] = [rows(before.stdout), rows(after.stdout)];
        expect(a.length).toBe(b.length);
        doc.connections.forEach((c: { expire: number }, i: number) => {
          expect(c.expire).toBeLessThanOrEqual(expireOf(b[i]!)!);
          expect(c.expire).toBeGreaterThanOrEqual(expireOf(a[i]!)!);
        });
      });
    }
  }

  it('ipvsadm 1.31 itself rejects the new options', async () => {
    for (const option of ['--json', '--pretty', '--color', '--color=never']) {
      const real = await runReal(state.ns, toStep(`-L -n ${option}`));
      expect(real).toEqual({ stdout: '', stderr: `${option}: unknown option\n`, code: 255 });
    }
  });
});

describe('bin/ipvsadm --json in a pipe: jq reads the document', () => {
  const SERVICES = 2000; // about 1 MB of JSON: the CLI writes it in 64 KiB blocks
  let ns: string;
  beforeAll(async () => {
    ns = createNetns('ipvs-jq');
    const rules: string[] = [];
    for (let i = 0; i < SERVICES; i++) {
      const vip = `10.7.${i >> 7}.${i & 127}`;
      rules.push(`-A -t ${vip}:80 -s wlc${i % 3 ? '' : ' -p 60'}`, `-a -t ${vip}:80 -r 192.168.1.${(i % 200) + 2}:8080 -m -w ${i % 4}`);
      if (i % 2) rules.push(`-a -t ${vip}:80 -r 192.168.2.${(i % 200) + 2}:8080 -m`);
    }
    expect(await runReal(ns, { args: ['-R'], stdin: `${rules.join('\n')}\n` })).toEqual({ stdout: '', stderr: '', code: 0 });
  }, 600_000);
  afterAll(() => deleteNetns(ns));

  for (const line of ['-L -n --stats', '-L -n', '-S -n']) {
    it(`ipvsadm ${line} --json | jq -c .`, async () => {
      const real = await runReal(ns, toStep(line));
      const piped = await runInNetns(ns, ['bash', '-c', `"$0" ${line} --json | jq -c .; echo "status \${PIPESTATUS[*]}"`, path.join(REPO, 'bin/ipvsadm')]);
      expect(piped.stderr).toBe('');
      const [json, status] = piped.stdout.split(/\n(?=status )/);
      expect(status).toBe('status 0 0\n');
      const doc = parseExact(json!);
      expect((doc as { services: unknown[] }).services).toHaveLength(SERVICES);
      expect(schemaErrors(JSON.parse(json!), documentKind(line))).toBeNull();
      expect(disagreements(line, real.stdout, doc)).toEqual([]);
    }, 120_000);
  }
});
