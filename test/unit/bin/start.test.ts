// bin/* run their bundle through dist/bundle/start.cjs with the code cache the build made:
// the cache must be one this Node accepts (else every cold start compiles from source), and a
// bundle must run the same with its cache, with none, and with one V8 rejects. Needs
// `npm run build` (npm test builds first).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const BUNDLES = path.join(ROOT, 'dist/bundle');
const FAKE = path.join(ROOT, 'bench/fake-netlink.cjs');
const start = createRequire(import.meta.url)(path.join(BUNDLES, 'start.cjs')) as {
  CACHE_SUFFIX: string;
  compileBundle(file: string, cachedData?: Buffer): { cachedDataRejected?: boolean };
};

const COMMANDS = ['ipvsadm', 'ipvsadm-save', 'ipvsadm-restore', 'ipvsadm-apply'];

/** `ipvsadm -R` of two rules and `-L -n` through start.cjs's startBundle, against the fake kernel. */
function run(bundle: string): { stdout: string; stderr: string; status: number | null } {
  const code = `require(${JSON.stringify(path.join(BUNDLES, 'start.cjs'))}).startBundle(${JSON.stringify(bundle)})`;
  const r = spawnSync(process.execPath, ['-r', FAKE, '-e', code, '--', 'ipvsadm', '-R'], {
    input: '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.2:80 -m\n-L -n\n',
    encoding: 'utf8',
    env: { PATH: process.env.PATH, FAKE_IPVS_SERVICES: '2' },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('bundles started from their code cache', () => {
  test.each(COMMANDS)('%s: the build made a cache this Node accepts', (name) => {
    const file = path.join(BUNDLES, `${name}.cjs`);
    const cache = fs.readFileSync(file + start.CACHE_SUFFIX);
    expect(start.compileBundle(file, cache).cachedDataRejected).toBe(false);
  });

  test('a missing or rejected cache changes nothing but the time', () => {
    // Inside dist/, so the copy finds the netlink package as the original does.
    const dir = fs.mkdtempSync(path.join(ROOT, 'dist', 'start-test-'));
    try {
      const copy = path.join(dir, 'ipvsadm.cjs');
      fs.copyFileSync(path.join(BUNDLES, 'ipvsadm.cjs'), copy);
      const cached = run(path.join(BUNDLES, 'ipvsadm.cjs'));
      expect(cached.status).toBe(0);
      expect(cached.stdout).toContain('TCP  10.0.0.1:80 wlc');
      const none = run(copy);
      fs.writeFileSync(copy + start.CACHE_SUFFIX, Buffer.from('not a code cache'));
      expect(start.compileBundle(copy, fs.readFileSync(copy + start.CACHE_SUFFIX)).cachedDataRejected).toBe(true);
      const rejected = run(copy);
      expect(none).toEqual(cached);
      expect(rejected).toEqual(cached);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
