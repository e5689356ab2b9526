// Records test/fixtures/rich-listings.json: the kernel's raw replies for a rich state with
// live traffic, /proc/net/ip_vs_conn, and the real ipvsadm's output of every listing, each
// taken between two byte-equal captures so the replies and the output describe one moment.
// Runs only with IPVS_RECORD_FIXTURES=1 (see `npm run record-fixtures`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { LISTINGS } from './listing-cases.js';
import { createNetns, deleteNetns, NETNS_HOSTS } from './netns.js';
import { buildRichState } from './rich-state.js';
import { REPO, runReal, toStep } from './transcript.js';

const enabled = process.env.IPVS_RECORD_FIXTURES === '1';

describe.runIf(enabled)('record listing fixtures', () => {
  it('records every listing on the rich state', async () => {
    const ns = createNetns('ipvs-rec');
    const rich = await buildRichState(ns);
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, path.join(REPO, 'test/kernel/capture-agent.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    const waiting: Array<(l: string) => void> = [];
    lines.on('line', (l) => waiting.shift()?.(l));
    const capture = () =>
      new Promise<string>((resolve) => {
        waiting.push(resolve);
        child.stdin.write('capture\n');
      });
    try {
      const records = [];
      for (const line of LISTINGS) {
        let done = false;
        for (let attempt = 0; attempt < 20 && !done; attempt++) {
          const a = await capture();
          const real = await runReal(ns, toStep(line));
          const b = await capture();
          if (a !== b) continue;
          records.push({ args: line, replies: JSON.parse(a), real });
          done = true;
        }
        expect(done, `a stable capture around '${line}'`).toBe(true);
      }
      const out = {
        recorded: new Date().toISOString().slice(0, 10),
        kernel: fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
        ipvsadm: (await runReal(ns, '-v')).stdout.trim(),
        hosts: NETNS_HOSTS,
        services: fs.readFileSync('/etc/services', 'utf8'),
        records,
      };
      const dir = process.env.IPVS_VM_OUT ?? process.env.IPVS_COLLECT_DIR ?? path.join(REPO, 'test/fixtures');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'rich-listings.json'), JSON.stringify(out, null, 1) + '\n');
    } finally {
      child.stdin.end();
      rich.stop();
      deleteNetns(ns);
    }
  }, 600_000);
});
