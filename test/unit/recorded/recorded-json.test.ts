// --json on every recorded listing (test/fixtures/rich-listings.json): the document is valid
// against docs/ipvsadm.schema.json, and it carries the values the real ipvsadm printed at
// the same moment (read back from that text by test/json/agree.ts). Failing command lines
// fail the same way with --json, with nothing on stdout.
import { describe, expect, it } from 'vitest';
import { disagreements, parseExact } from '../../json/agree.js';
import { documentKind, schemaErrors } from '../../json/schema.js';
import { fixture, replay } from './replay.js';

describe('--json on the recorded listings', () => {
  for (const rec of fixture.records) {
    for (const extra of ['--json', '--json --pretty']) {
      it(`ipvsadm ${rec.args} ${extra}`, async () => {
        const ours = await replay(rec, `${rec.args} ${extra}`);
        if (rec.real.code !== 0) {
          // ipvsadm's own error, its exit status, and nothing on stdout.
          expect(ours).toEqual({ stdout: '', stderr: rec.real.stderr, code: rec.real.code });
          return;
        }
        expect({ stderr: ours.stderr, code: ours.code }).toEqual({ stderr: '', code: 0 });
        expect(ours.stdout.endsWith('}\n')).toBe(true);
        expect(ours.stdout.indexOf('\n')).toBe(extra.includes('--pretty') ? 1 : ours.stdout.length - 1);
        const doc = JSON.parse(ours.stdout);
        expect(schemaErrors(doc, documentKind(rec.args))).toBeNull();
        expect(disagreements(rec.args, rec.real.stdout, parseExact(ours.stdout))).toEqual([]);
      });
    }
  }

  it('records -c without -n too (not in the fixture): names beside the numbers', async () => {
    const rec = fixture.records.find((r) => r.args === '-L -c -n')!;
    const text = await replay(rec, '-L -c');
    const json = await replay(rec, '-L -c --json');
    expect(schemaErrors(JSON.parse(json.stdout), 'connections')).toBeNull();
    expect(disagreements('-L -c', text.stdout, parseExact(json.stdout))).toEqual([]);
    expect(json.stdout).toContain('"host":"vip.example.com"');
  });

  it('without -n, names are extra fields beside the numeric ones', async () => {
    const rec = fixture.records.find((r) => r.args === '-L')!;
    const doc = JSON.parse((await replay(rec, '-L --json')).stdout);
    const vip = doc.services.find((s: { port: number; protocol: string }) => s.port === 80 && s.protocol === 'tcp');
    expect(vip).toMatchObject({ address: '10.1.1.1', port: 80, host: 'vip.example.com', portName: 'http' });
    const numeric = JSON.parse((await replay(rec, '-L -n --json')).stdout);
    expect(JSON.stringify(numeric)).not.toContain('"host"');
    expect(JSON.stringify(numeric)).not.toContain('"portName"');
  });

  it('the checks can fail: a changed value disagrees, a stray field is invalid', async () => {
    type Item = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const cases: [string, (x: Item) => void][] = [
      ['-L -n --stats', (x) => (x.stats.inBytes = BigInt(x.stats.inBytes) + 1n)],
      ['-L --thresholds', (x) => (x.uThreshold += 1)],
      ['-L', (x) => (x.host = 'other.example.com')],
      ['-S', (x) => (x.weight += 1)],
      ['-L -n --tun-info', (x) => (x.forwarding = x.forwarding === 'masq' ? 'route' : 'masq')],
      ['-L -c -n --persistent-conn', (x) => (x.destination.port += 1)],
    ];
    for (const [args, change] of cases) {
      const rec = fixture.records.find((r) => r.args === args)!;
      const doc = parseExact((await replay(rec, `${args} --json`)).stdout);
      const item: Item = doc.connections ? doc.connections[0] : doc.services.find((x: Item) => x.realServers.length > 0).realServers[0];
      expect(disagreements(args, rec.real.stdout, doc)).toEqual([]);
      change(item);
      expect(disagreements(args, rec.real.stdout, doc).length, args).toBeGreaterThan(0);
      item.colour = 'red';
      const plain = JSON.parse(JSON.stringify(doc, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
      expect(schemaErrors(plain, documentKind(args))).not.toBeNull();
    }
  });

  it('the text of every recorded listing is unchanged by --color=never and piped --color=auto', async () => {
    for (const rec of fixture.records.filter((r) => r.real.code === 0 && !/-c|-Lnc/.test(r.args))) {
      for (const extra of [' --color=never', ' --color=auto', ' --color auto']) {
        if (rec.args.startsWith('-S') && extra.includes('color')) continue;
        expect((await replay(rec, rec.args + extra)).stdout).toBe(rec.real.stdout);
      }
      expect((await replay(rec, rec.args, { isTTY: true, env: { NO_COLOR: '' } })).stdout).toBe(rec.real.stdout);
    }
  });
});
