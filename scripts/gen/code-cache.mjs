#!/usr/bin/env node
// After the bundles: a V8 code cache beside each (dist/bundle/<name>.cjs.cache, read by
// src/entry/start.ts), made by running the bundle once against the fake kernel of
// bench/fake-netlink.cjs with the commands an operator runs most: V8 caches the functions a
// run compiled, so the run decides what a cold command gets for free. A cache is only good
// for the Node version (and V8 flags) that made it; another one compiles from source.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const { CACHE_SUFFIX } = createRequire(import.meta.url)(path.join(root, 'dist', 'bundle', 'start.cjs'));
const bundle = (name) => path.join(root, 'dist', 'bundle', `${name}.cjs`);

// Rules as a restore or an apply reads them, and the lines of a -R session that also lists.
const RULES = '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 2\n-A -u 10.0.0.2:53 -s wlc -p 60\n-a -u 10.0.0.2:53 -r 192.168.0.3:53 -g\n';
const SESSION = `${RULES}-E -t 10.0.0.1:80 -s wrr\n-e -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 3\n-L -n\n-d -t 10.0.0.1:80 -r 192.168.0.2:80\n-D -u 10.0.0.2:53\n`;

const RUNS = [
  { name: 'ipvsadm', args: ['-R'], stdin: SESSION },
  { name: 'ipvsadm-restore', args: [], stdin: SESSION },
  { name: 'ipvsadm-save', args: ['-n'], stdin: '' },
  { name: 'ipvsadm-apply', args: ['--dry-run', '-'], stdin: RULES },
];

for (const { name, args, stdin } of RUNS) {
  const file = bundle(name);
  fs.rmSync(file + CACHE_SUFFIX, { force: true });
  const r = spawnSync(process.execPath, ['-r', path.join(root, 'bench', 'fake-netlink.cjs'), path.join(import.meta.dirname, 'code-cache-run.cjs'), file, ...args], {
    input: stdin,
    env: { ...process.env, FAKE_IPVS_SERVICES: '3' },
    encoding: 'utf8',
  });
  // apply --dry-run exits 1 when the table would change; anything else is a failed run.
  if (r.status !== 0 && !(name === 'ipvsadm-apply' && r.status === 1)) throw new Error(`code cache of ${name}: exit ${r.status}: ${r.stderr}`);
  if (!fs.existsSync(file + CACHE_SUFFIX)) throw new Error(`code cache of ${name}: not written`);
}
