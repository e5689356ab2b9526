#!/usr/bin/env node
// npm run bench: boots an IPVS kernel like the test bed (natively when this kernel has IPVS and
// we are root, else the VM), runs bench/inside.mjs there, and writes docs/benchmarks.md.
//   BENCH_RUNS=3  BENCH_SIZES=1000,10000,50000  IPVS_BENCH_MODE=auto|native|vm
//   node bench/run.mjs --render: docs/benchmarks.md again from docs/benchmarks.json and the notes
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findKernel, missingVmPackages, runInVm } from '../scripts/vm.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (m) => process.stderr.write(`bench: ${m}\n`);
const isRoot = () => process.getuid?.() === 0;

function apt(pkgs) {
  if (!pkgs.length) return;
  if (!isRoot()) {
    log(`missing ${pkgs.join(' ')}: apt-get install them`);
    process.exit(2);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) process.exit(2);
}

// --render: write docs/benchmarks.md again from docs/benchmarks.json (the last run) and the
// current docs/benchmarks-notes.md, measuring nothing.
const renderOnly = process.argv.includes('--render');
let data;
let where;
if (renderOnly) {
  data = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/benchmarks.json'), 'utf8'));
  where = data.where ?? 'not recorded';
} else {
  const need = [];
  if (!fs.existsSync('/usr/bin/time')) need.push('time');
  if (!fs.existsSync('/usr/sbin/ipvsadm') && !fs.existsSync('/sbin/ipvsadm')) need.push('ipvsadm');
  if (!fs.existsSync(path.join(ROOT, 'dist/main.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });

  const mode = process.env.IPVS_BENCH_MODE ?? 'auto';
  const native = mode === 'native' || (mode === 'auto' && isRoot() && (fs.existsSync('/proc/net/ip_vs') || spawnSync('modprobe', ['ip_vs']).status === 0));
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvs-bench-out-'));
  if (native) {
    apt(need);
    where = `native kernel ${os.release()}`;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench/inside.mjs'), path.join(outDir, 'bench.json')], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  } else {
    apt([...need, ...missingVmPackages()]);
    const r = await runInVm('modprobe ip_vs && node bench/inside.mjs "$IPVS_VM_OUT/bench.json"', { cwd: ROOT, collectDir: outDir });
    if (r.code !== 0) process.exit(r.code);
    where = `VM (${r.accel}, kernel ${findKernel()})`;
  }

  data = JSON.parse(fs.readFileSync(path.join(outDir, 'bench.json'), 'utf8'));
  data.where = where;
}
const byName = new Map();
for (const r of data.results) {
  if (!byName.has(r.name)) byName.set(r.name, {});
  byName.get(r.name)[r.tool] = r;
}

// Targets of issue 5, as ratios ours/C (or ours/node for the cold start).
function target(name) {
  if (name.startsWith('-L -n --json')) return { max: 1.0, of: 'ours -L -n' };
  if (name.startsWith('restore 10000')) return { max: 0.5, of: 'C' };
  if (name.startsWith('apply of a 1 % change, 10000')) return { max: 0.1, of: 'C' };
  if (name.startsWith('-L -n') || name.startsWith('-S -n')) return { max: 1.0, of: 'C' };
  if (name.startsWith('one cold')) return { max: 1.5, of: 'node -e 0' };
  return null;
}

const rows = [];
for (const [name, t] of byName) {
  const c = t.C;
  const o = t.ours;
  // Ours' --json listing has no C counterpart: it is held to ours' text listing of the same table.
  if (name.startsWith('-L -n --json')) t['ours -L -n'] = byName.get(name.replace(' --json', ''))?.ours;
  const tg = target(name);
  let verdict = '';
  if (tg && t[tg.of]) {
    const r = o.secs / t[tg.of].secs;
    verdict = `${r <= tg.max ? 'met' : '**missed**'} (ours/${tg.of} ${r.toFixed(2)} ≤ ${tg.max})`;
  }
  const nodeCol = t['node -e 0'] ? ` (node -e 0: ${t['node -e 0'].secs.toFixed(3)} s)` : '';
  const cCols = c ? [c.secs.toFixed(3), (o.secs / c.secs).toFixed(2)] : ['—', '—'];
  rows.push(`| ${name} | ${cCols[0]} | ${o.secs.toFixed(3)}${nodeCol} | ${cCols[1]} | ${c ? c.mib.toFixed(0) : '—'} | ${o.mib.toFixed(0)} | ${verdict} |`);
}

// Linearity: time at 10x the rules over time at 1x, per tool and operation.
const lin = [];
const sizes = [...new Set(data.results.map((r) => Number(/(\d+) services/.exec(r.name)?.[1])).filter(Boolean))].sort((a, b) => a - b);
for (const op of ['restore', '-L -n,', '-S -n,']) {
  for (let i = 0; i + 1 < sizes.length; i++) {
    const a = sizes[i];
    const b = sizes[i + 1];
    const ra = [...byName].find(([n]) => n.startsWith(op) && n.includes(` ${a} services`))?.[1];
    const rb = [...byName].find(([n]) => n.startsWith(op) && n.includes(` ${b} services`))?.[1];
    if (!ra || !rb) continue;
    const k = b / a;
    const g = rb.ours.secs / ra.ours.secs;
    lin.push(`| ${op.replace(/,$/, '')} ${a} → ${b} (×${k}) | ${(rb.C.secs / ra.C.secs).toFixed(1)} | ${g.toFixed(1)} | ${g <= k * 1.1 ? 'met' : '**missed**'} (≤ ${(k * 1.1).toFixed(1)}) |`);
  }
}

const mem50 = [...byName].find(([n]) => n.startsWith('-L -n, 50000'))?.[1]?.ours?.mib;
const md = `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs → bench/inside.mjs). Do not edit by hand; rerun.

- Date: ${data.date}
- Where: ${where}; ${data.cpus} vCPU, ${data.cpu}; Node ${data.node}
- C ipvsadm: Debian's package (1.31) in the same kernel run, same rule files, each run in a fresh netns.
- Each row is the median of ${data.runs} runs (50k rows: 1 run unless BENCH_RUNS_LARGE; cold command: at least 5) of wall time measured by GNU time around the
  whole process; memory is the peak RSS (max over the runs).
- Rule files: N services (\`-A -t 10.x.y.z:80 -s wlc\`) with 4 real servers each (\`-m -w 1\`), i.e. 5·N lines.

| operation | C (s) | ours (s) | ours/C | C peak MiB | ours peak MiB | target |
|---|---:|---:|---:|---:|---:|---|
${rows.join('\n')}

Growth (time at the larger size over time at the smaller; linear = the size ratio):

| operation | C | ours | target |
|---|---:|---:|---|
${lin.join('\n')}

Peak memory of ours for \`-L -n\` at 50k services: ${mem50 === undefined ? 'not measured' : `${mem50.toFixed(0)} MiB (target ≤ 100 MiB: ${mem50 <= 100 ? 'met' : '**missed**'})`}.
${fs.existsSync(path.join(ROOT, 'docs/benchmarks-notes.md')) ? '\n' + fs.readFileSync(path.join(ROOT, 'docs/benchmarks-notes.md'), 'utf8') : ''}`;
fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), md);
fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.json'), JSON.stringify(data, null, 1) + '\n');
log(`wrote docs/benchmarks.md (${renderOnly ? 'from docs/benchmarks.json, ' : ''}${where})`);
