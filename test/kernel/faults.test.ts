// Faults as a shell sees them, ours against the real ipvsadm in the same namespace:
// - `ipvsadm -L -n | head -1` on a table of thousands of services (the reader goes away:
//   the C program dies of SIGPIPE, status 141, nothing on stderr);
// - `ipvsadm -R` stopped by SIGTERM or SIGINT while a line waits for a name lookup: the
//   table then holds the effect of a prefix of the input, nothing at or after that line
//   (docs/compatibility.md, "-R stopped by a signal").
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetns, deleteNetns } from './netns.js';
import { REAL_IPVSADM, REPO, runInNetns, runReal } from './transcript.js';

const OURS = path.join(REPO, 'bin/ipvsadm');

/** The address of the i-th generated service: octets below 128, so any order is stable. */
const vip = (i: number): string => `10.${1 + (i >> 14)}.${(i >> 7) & 127}.${i & 127}`;

describe('a reader that goes away: ipvsadm -L -n | head -1', () => {
  let ns: string;
  beforeAll(async () => {
    ns = createNetns('ipvs-pipe');
    const rules = Array.from({ length: 5000 }, (_, i) => `-A -t ${vip(i)}:80 -s rr`).join('\n') + '\n';
    const r = await runReal(ns, { args: ['-R'], stdin: rules });
    expect(r).toEqual({ stdout: '', stderr: '', code: 0 });
  });
  afterAll(() => deleteNetns(ns));

  it('gives the same first line, status (SIGPIPE: 141) and stderr as the real one', async () => {
    const piped = (bin: string) => runInNetns(ns, ['bash', '-c', `"$0" -L -n | head -1; echo "status \${PIPESTATUS[0]}"`, bin]);
    const real = await piped(REAL_IPVSADM);
    const ours = await piped(OURS);
    expect(real.stdout).toMatch(/^IP Virtual Server version .*\nstatus 141\n$/);
    expect(ours).toEqual(real);
  });
});

describe('-R stopped by a signal halfway', () => {
  const M = 600; // the line whose lookup never answers (1-based)
  const N = 1200;
  const WINDOW = 256; // requests ours keeps in flight during a restore (src/commands/restore.ts)
  const lines = [
    ...Array.from({ length: M - 1 }, (_, i) => `-A -t ${vip(i)}:80 -s rr`),
    `-a -t ${vip(0)}:80 -r rs-slow.example.net:80 -m`,
    ...Array.from({ length: N - M }, (_, i) => `-A -t ${vip(M + i)}:80 -s rr`),
  ];

  /** Services in the table (real -S -n), as indexes into `lines`. */
  async function applied(ns: string): Promise<number[]> {
    const saved = (await runReal(ns, '-S -n')).stdout.split('\n').filter((l) => l.startsWith('-A '));
    const index = new Map(lines.map((l, i) => [l, i]));
    return saved.map((l) => index.get(l) ?? -1).sort((a, b) => a - b);
  }

  async function restoreAndSignal(bin: string, signal: 'SIGTERM' | 'SIGINT') {
    const ns = createNetns('ipvs-sig');
    try {
      // A resolver that never answers (a dummy interface swallows the query): the lookup of
      // line M waits far longer than this test.
      fs.writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'nameserver 10.1.1.253\noptions timeout:30 attempts:1\n');
      const child = spawn('ip', ['netns', 'exec', ns, bin, '-R'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
        child.on('close', (code, sig) => res({ code, signal: sig })),
      );
      child.stdin.end(lines.join('\n') + '\n');
      // Wait until the table stops growing: the restore is then blocked in line M.
      let before = -1;
      for (let polls = 0; polls < 120; polls++) {
        const now = (await applied(ns)).length;
        if (now > 0 && now === before) break;
        before = now;
        await new Promise((r) => setTimeout(r, 300));
      }
      child.kill(signal);
      const end = await ended;
      return { end, stderr, table: await applied(ns) };
    } finally {
      deleteNetns(ns);
    }
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: the table holds the lines before the waiting one, a prefix, nothing after`, async () => {
      const real = await restoreAndSignal(REAL_IPVSADM, signal);
      const ours = await restoreAndSignal(OURS, signal);
      for (const side of [real, ours]) {
        expect(side.end).toEqual({ code: null, signal });
        expect(side.stderr).toBe('');
        // A prefix of the input: lines 0..k-1, no gaps, nothing from line M on.
        expect(side.table).toEqual(side.table.map((_, i) => i));
        expect(side.table.length).toBeLessThanOrEqual(M - 1);
      }
      // The real one runs line by line: everything before line M is in.
      expect(real.table.length).toBe(M - 1);
      // Ours had answers for all but at most a window of the lines before M.
      expect(ours.table.length).toBeGreaterThanOrEqual(M - 1 - WINDOW);
    }, 240_000);
  }
});
