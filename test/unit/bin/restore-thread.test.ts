// bin/ipvsadm -R with its parsing worker thread (dist/bundle/restore-thread.cjs) against the
// fake kernel of bench/fake-netlink.cjs, which records every request it receives and fails
// every 97th change: with chunks of one line, of 4 KiB, and as chosen for a large input, the
// requests, output and exit status are those of IPVSADM_RESTORE_THREAD=off.
// Needs `npm run build` (npm test builds first).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const FAKE = path.join(ROOT, 'bench/fake-netlink.cjs');

function rules(services: number): string[] {
  const lines: string[] = [];
  for (let s = 0; s < services; s++) {
    const vip = `10.${(s >> 16) & 255}.${(s >> 8) & 255}.${s & 255}`;
    lines.push(`-A -t ${vip}:80 -s wlc`);
    for (let d = 0; d < 4; d++) lines.push(`-a -t ${vip}:80 -r 192.168.${d}.${(s % 250) + 2}:8080 -m -w 1`);
  }
  return lines;
}

/** ~340 KiB: over the size at which a worker is started on its own (auto, with two CPUs). */
const BIG = rules(3000);
const INPUTS: Record<string, string> = {
  'a large rules file with kernel errors, a popt error and a listing midway': [
    ...BIG.slice(0, 7000), '-A -t 10.1.1.1:80 --bogus', '-L -n', '-S -n', '--set 10 20 30', ...BIG.slice(7000),
  ].join('\n') + '\n',
  'stopped midway by a failed validation': [...BIG.slice(0, 9000), '-a -t 10.0.0.1:80 -r 1.2.3.4:5 -x 99999999999', ...BIG.slice(9000)].join('\n') + '\n',
  'stopped by -h': [...BIG.slice(0, 4000), '-h', ...BIG.slice(4000)].join('\n') + '\n',
};

function run(stdin: string, setting: string, nodeArgs: string[] = [], script = path.join(ROOT, 'bin/ipvsadm')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-thread-'));
  try {
    const record = path.join(dir, 'requests');
    const r = spawnSync(process.execPath, [...nodeArgs, '-r', FAKE, script, '-R'], {
      input: stdin,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { PATH: process.env.PATH, FAKE_IPVS_SERVICES: '3', FAKE_IPVS_RECORD: record, FAKE_IPVS_FAIL_EVERY: '97', IPVSADM_RESTORE_THREAD: setting },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, requests: fs.readFileSync(record).toString('hex') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('bin/ipvsadm -R with its parsing thread', () => {
  for (const [name, stdin] of Object.entries(INPUTS)) {
    test(name, () => {
      const inPlace = run(stdin, 'off');
      expect(inPlace.stderr).toContain('Service already exists'); // the fake's failures are in the comparison
      expect(inPlace.requests.length).toBeGreaterThan(1000);
      for (const setting of ['1', '4096', 'auto']) expect(run(stdin, setting)).toEqual(inPlace);
    }, 60_000);
  }

  test('a worker thread runs only when asked for or worth it', () => {
    // Node writes one CPU profile per thread that ran JavaScript.
    const threads = (stdin: string, setting: string, script?: string): number => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-thread-prof-'));
      try {
        expect(run(stdin, setting, ['--cpu-prof', `--cpu-prof-dir=${dir}`], script).status).not.toBeNull();
        return fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).length;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    const big = INPUTS['a large rules file with kernel errors, a popt error and a listing midway']!;
    expect(threads(big, 'off')).toBe(1);
    expect(threads(big, '4096')).toBe(2);
    expect(threads(BIG.slice(0, 50).join('\n') + '\n', 'auto')).toBe(1); // small: parsed in place
    if (os.availableParallelism() >= 2) expect(threads(big, 'auto')).toBe(2);
    // Unbundled (the compiled modules, as the library and the kernel suite's agent run them).
    const modules = path.join(ROOT, 'dist/entry/ipvsadm.js');
    expect(threads(big, '4096', modules)).toBe(2);
    expect(run(big, '4096', [], modules)).toEqual(run(big, 'off'));
  }, 60_000);
});
