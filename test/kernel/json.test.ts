// --json on every listing variant, on the rich state with live traffic: each document is valid
// against docs/ipvsadm.schema.json and carries the values the real ipvsadm prints at the same
// moment (real / ours --json / real: counters, rates and timers move, so the document must
// agree with one of the two real runs next to it; up to three tries). Command lines the real
// ipvsadm refuses fail with --json the same way, with nothing on stdout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disagreements, parseExact } from '../json/agree.js';
import { documentKind, schemaErrors } from '../json/schema.js';
import { LISTINGS } from './listing-cases.js';
import { createNetns, deleteNetns } from './netns.js';
import { buildRichState, type RichState } from './rich-state.js';
import { Agent, runReal, toStep } from './transcript.js';

let ns = '';
let rich: RichState | undefined;
let agent: Agent | undefined;

beforeAll(async () => {
  ns = createNetns('ipvs-json');
  rich = await buildRichState(ns);
  agent = new Agent(ns);
}, 120_000);

afterAll(async () => {
  await agent?.close();
  rich?.stop();
  deleteNetns(ns);
});

const isConn = (args: string[]) => args.some((a) => a === '--connection' || /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));

describe('--json on the rich live state, against the real ipvsadm text', () => {
  it('the state has traffic: counters and connections in the documents', async () => {
    const stats = JSON.parse((await agent!.run(toStep('-L -n --stats --json'))).stdout);
    expect(stats.services.some((s: { stats: { conns: number } }) => s.stats.conns > 0)).toBe(true);
    const conns = JSON.parse((await agent!.run(toStep('-L -c -n --json'))).stdout);
    expect(conns.connections.some((c: { state: string }) => c.state === 'ESTABLISHED')).toBe(true);
  });

  for (const line of LISTINGS) {
    for (const extra of ['--json', '--json --pretty']) {
      it(`ipvsadm ${line} ${extra}`, async () => {
        const step = toStep(line);
        const ours = { args: [...step.args, ...extra.split(' ')] };
        let problems: string[] = [];
        for (let attempt = 0; attempt < 3; attempt++) {
          const before = await runReal(ns, step);
          const json = await agent!.run(ours);
          if (before.code !== 0) {
            expect(json).toEqual({ stdout: '', stderr: before.stderr, code: before.code });
            return;
          }
          expect({ stderr: json.stderr, code: json.code }).toEqual({ stderr: '', code: 0 });
          expect(json.stdout.endsWith('}\n')).toBe(true);
          expect(schemaErrors(JSON.parse(json.stdout), documentKind(line))).toBeNull();
          const doc = parseExact(json.stdout);
          const slack = isConn(step.args) ? { expireSlack: 2 } : {};
          problems = disagreements(line, before.stdout, doc, slack);
          if (problems.length === 0) return;
          const after = await runReal(ns, step);
          const later = disagreements(line, after.stdout, doc, slack);
          if (later.length === 0) return;
          problems = [...problems, '-- and against the later run:', ...later];
        }
        expect(problems).toEqual([]);
      });
    }
  }

  it('ipvsadm 1.31 itself rejects the new options', async () => {
    for (const option of ['--json', '--pretty', '--color', '--color=never']) {
      const real = await runReal(ns, toStep(`-L -n ${option}`));
      expect(real).toEqual({ stdout: '', stderr: `${option}: unknown option\n`, code: 255 });
    }
  });
});
