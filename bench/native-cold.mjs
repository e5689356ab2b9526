#!/usr/bin/env node
// Whole-process timings of the shipped bin/ipvsadm on this host, without an IPVS kernel: each
// run is a fresh process with bench/fake-netlink.cjs preloaded (a fake socket answering like the
// kernel, doing no kernel work), so start-up, JIT warm-up and GC count as they do for a user.
//   node bench/native-cold.mjs [services=10000] [runs=5]
//   BENCH_EMU=qemu-x86_64 node bench/native-cold.mjs   # under user-mode TCG, a proxy for the VM
// Prints the median wall time of each operation; output must be byte-identical before/after a
// change: BENCH_KEEP=DIR writes each operation's stdout there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from './rules.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 10000);
const RUNS = Number(process.argv[3] ?? 5);
const EMU = process.env.BENCH_EMU ? [process.env.BENCH_EMU] : [];
const FAKE = ['-r', path.join(ROOT, 'bench/fake-netlink.cjs')];
const BIN = path.join(ROOT, 'bin/ipvsadm');

const rulesFile = path.join(os.tmpdir(), `ipvs-native-rules-${N}.txt`);
fs.writeFileSync(rulesFile, rules(N));

function run(name, nodeArgs, { stdin, status = 0 } = {}) {
  const samples = [];
  let out = '';
  for (let i = 0; i < RUNS; i++) {
    const fd = stdin ? fs.openSync(stdin, 'r') : 'ignore';
    const t0 = process.hrtime.bigint();
    const r = spawnSync(EMU[0] ?? process.execPath, [...(EMU.length ? [process.execPath] : []), ...nodeArgs], {
      stdio: [fd, 'pipe', 'pipe'], env: { ...process.env, FAKE_IPVS_SERVICES: String(N) }, maxBuffer: 1 << 28, encoding: 'latin1',
    });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (typeof fd === 'number') fs.closeSync(fd);
    if (r.status !== status) throw new Error(`${name}: exit ${r.status}: ${r.stderr.slice(0, 300)}`);
    out = r.stdout;
  }
  if (process.env.BENCH_KEEP) fs.writeFileSync(path.join(process.env.BENCH_KEEP, name.replace(/[^\w]+/g, '_')), out, 'latin1');
  samples.sort((a, b) => a - b);
  const median = samples[samples.length >> 1];
  console.log(`${name.padEnd(34)} ${median.toFixed(0).padStart(6)} ms  (min ${samples[0].toFixed(0)}, ${RUNS} runs)`);
  return median;
}

const only = process.env.BENCH_ONLY?.split(',');
const want = (k) => !only || only.includes(k);
if (want('node')) run('node -e 0', ['-e', '0']);
if (want('cold')) run('-A (fake kernel)', [...FAKE, BIN, '-A', '-t', '10.0.0.1:80', '-s', 'rr']);
if (want('fail')) run('-A (no IPVS: fails)', [BIN, '-A', '-t', '10.0.0.1:80'], { status: 2 });
if (want('restore')) run(`-R ${N}x4`, [...FAKE, BIN, '-R'], { stdin: rulesFile });
if (want('list')) run(`-L -n ${N}x4`, [...FAKE, BIN, '-L', '-n']);
if (want('save')) run(`-S -n ${N}x4`, [...FAKE, BIN, '-S', '-n']);
