#!/usr/bin/env node
// Runs inside an IPVS kernel as root (natively or in the VM): times the C ipvsadm and ours side
// by side on the same generated rule files, each run in a fresh network namespace, and writes
// the raw results as JSON to the path given as argv[2].
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { rules } from './rules.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.argv[2] ?? path.join(os.tmpdir(), 'bench.json');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').filter(Boolean).map(Number);
const C_IPVSADM = fs.existsSync('/usr/sbin/ipvsadm') ? '/usr/sbin/ipvsadm' : '/sbin/ipvsadm';
const OURS = path.join(REPO, 'bin/ipvsadm');
const OURS_APPLY = path.join(REPO, 'bin/ipvsadm-apply');
const C_RESTORE = fs.existsSync('/usr/sbin/ipvsadm-restore') ? '/usr/sbin/ipvsadm-restore' : '/sbin/ipvsadm-restore';
const APPLY_SIZES = (process.env.BENCH_APPLY_SIZES ?? '10000').split(',').filter(Boolean).map(Number);
const TIME = '/usr/bin/time';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvs-bench-'));
let nsCounter = 0;


function netns() {
  const name = `bench-${process.pid}-${++nsCounter}`;
  execFileSync('ip', ['netns', 'add', name]);
  const batch = ['link set lo up', 'link add d0 type dummy', 'link set d0 up', 'addr add 192.168.0.1/16 dev d0'];
  execFileSync('ip', ['-n', name, '-batch', '-'], { input: batch.join('\n') + '\n' });
  return name;
}
const dropNetns = (name) => spawnSync('ip', ['netns', 'del', name]);

/** Runs argv in ns under GNU time: wall seconds and peak RSS (MiB). stdout is discarded. */
function measure(ns, argv, stdinFile) {
  const fd = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  const r = spawnSync('ip', ['netns', 'exec', ns, TIME, '-f', '%e %M', ...argv], {
    stdio: [fd, 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (typeof fd === 'number') fs.closeSync(fd);
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, kb] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { secs, mib: kb / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = [];
function record(name, tool, samples) {
  results.push({ name, tool, secs: median(samples.map((s) => s.secs)), mib: Math.max(...samples.map((s) => s.mib)), runs: samples.length });
  console.error(`bench: ${name} ${tool}: ${median(samples.map((s) => s.secs)).toFixed(2)} s`);
}

for (const n of SIZES) {
  const file = path.join(work, `rules-${n}.txt`);
  fs.writeFileSync(file, rules(n));
  for (const [tool, bin] of [['C', C_IPVSADM], ['ours', OURS]]) {
    const restore = [];
    const list = [];
    const save = [];
    const listJson = [];
    // The largest table is run once (minutes under TCG); the others RUNS times.
    const runs = n >= 50000 ? Math.min(RUNS, Number(process.env.BENCH_RUNS_LARGE ?? 1)) : RUNS;
    for (let i = 0; i < runs; i++) {
      const ns = netns();
      try {
        restore.push(measure(ns, [bin, '-R'], file));
        list.push(measure(ns, [bin, '-L', '-n']));
        // ipvsadm has no JSON: ours' --json listing stands beside ours' text listing.
        if (tool === 'ours') listJson.push(measure(ns, [bin, '-L', '-n', '--json']));
        save.push(measure(ns, [bin, '-S', '-n']));
      } finally {
        dropNetns(ns);
      }
    }
    record(`restore ${n} services x 4`, tool, restore);
    record(`-L -n, ${n} services x 4`, tool, list);
    record(`-S -n, ${n} services x 4`, tool, save);
    if (listJson.length) record(`-L -n --json, ${n} services x 4`, tool, listJson);
  }
}

// A 1 % change to a loaded table: Debian's ipvsadm-restore of the whole changed file (-C, then
// -R of every line) against ours' ipvsadm-apply of it. The table is loaded by the C ipvsadm,
// unmeasured, in a fresh namespace before each run.
for (const n of APPLY_SIZES) {
  const file = path.join(work, `rules-${n}.txt`);
  const changed = path.join(work, `rules-${n}-changed.txt`);
  fs.writeFileSync(file, rules(n));
  fs.writeFileSync(changed, rules(n, true));
  const samples = { C: [], ours: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [tool, argv] of [['C', [C_RESTORE]], ['ours', [OURS_APPLY, changed]]]) {
      const ns = netns();
      try {
        execFileSync('ip', ['netns', 'exec', ns, C_IPVSADM, '-R'], { input: fs.readFileSync(file) });
        samples[tool].push(measure(ns, argv, tool === 'C' ? changed : undefined));
      } finally {
        dropNetns(ns);
      }
    }
  }
  record(`apply of a 1 % change, ${n} services x 4 (C: ipvsadm-restore)`, 'C', samples.C);
  record(`apply of a 1 % change, ${n} services x 4 (C: ipvsadm-restore)`, 'ours', samples.ours);
}

{
  const ns = netns();
  try {
    const cold = { C: [], ours: [], node: [] };
    for (let i = 0; i < Math.max(5, RUNS); i++) {
      cold.C.push(measure(ns, [C_IPVSADM, '-A', '-t', `10.9.0.${i + 1}:80`, '-s', 'rr']));
      cold.ours.push(measure(ns, [OURS, '-A', '-t', `10.9.1.${i + 1}:80`, '-s', 'rr']));
      cold.node.push(measure(ns, [process.execPath, '-e', '0']));
    }
    record('one cold command (-A)', 'C', cold.C);
    record('one cold command (-A)', 'ours', cold.ours);
    record('one cold command (-A)', 'node -e 0', cold.node);
  } finally {
    dropNetns(ns);
  }
}

fs.writeFileSync(OUT, JSON.stringify({
  date: new Date().toISOString(),
  kernel: os.release(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cpus: os.cpus().length,
  node: process.version,
  inVm: process.env.IPVS_IN_VM === '1',
  runs: RUNS,
  results,
}, null, 1));
fs.rmSync(work, { recursive: true, force: true });
