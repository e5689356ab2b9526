// Records test/fixtures/rich-listings.json: the kernel's raw replies for a rich state with
// live traffic, /proc/net/ip_vs_conn, and the real ipvsadm's output of every listing, each
// taken between two byte-equal captures so the replies and the output describe one moment.
// Runs only with IPVS_RECORD_FIXTURES=1 (see `npm run record-fixtures`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { LISTINGS } from './listing-cases.js';
import { createNetns, deleteNetns, NETNS_HOSTS } from './netns.js';
import { buildRichState } from './rich-state.js';
import { REAL_IPVSADM, REPO, runInNetns, runReal, toStep } from './transcript.js';

const enabled = process.env.IPVS_RECORD_FIXTURES === '1';

/** The real ipvsadm twice with a copy of /proc/net/ip_vs_conn taken between, in one shell. */
async function realTwiceAroundConn(ns: string, line: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvs-rec-'));
  const run = (n: number) => `(exec -a ipvsadm ${REAL_IPVSADM} ${line}) >o${n} 2>e${n}; echo $? >r${n}`;
  await runInNetns(ns, ['bash', '-c', `cd ${dir}; ${run(1)}; cat /proc/net/ip_vs_conn >conn; ${run(2)}`]);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'latin1');
  const outcome = (n: number) => ({ stdout: read(`o${n}`), stderr: read(`e${n}`), code: Number(read(`r${n}`).trim()) });
  const result = { first: outcome(1), second: outcome(2), conn: read('conn') };
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

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
      const skipped: string[] = [];
      for (const line of LISTINGS) {
        const isConn = /(^| )-[a-zA-Z]*c/.test(line);
        const numeric = /(^| )-[a-zA-Z]*n/.test(line);
        if (isConn && !numeric) {
          // Name lookups make these runs take seconds, over which connection timers tick:
          // no moment to record. They are compared live in listings.test.ts instead.
          skipped.push(line);
          continue;
        }
        let done = false;
        for (let attempt = 0; attempt < 20 && !done; attempt++) {
          let replies;
          let real;
          if (isConn) {
            // Timers tick on their own: the file read between two identical real outputs
            // is the one both of them printed.
            replies = JSON.parse(await capture());
            const twice = await realTwiceAroundConn(ns, line);
            if (JSON.stringify(twice.first) !== JSON.stringify(twice.second)) {
              console.error(`record: '${line}' attempt ${attempt}: a timer ticked meanwhile`);
              continue;
            }
            real = twice.first;
            replies.conn = twice.conn;
          } else {
            replies = JSON.parse(await capture());
            real = await runReal(ns, toStep(line));
            const b = JSON.parse(await capture());
            const parts = Object.keys(replies).filter((k) => k !== 'conn' && JSON.stringify(replies[k]) !== JSON.stringify(b[k]));
            if (parts.length) {
              console.error(`record: '${line}' attempt ${attempt}: changed meanwhile: ${parts.join(', ')}`);
              continue;
            }
          }
          records.push({ args: line, replies, real });
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
        skipped,
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
