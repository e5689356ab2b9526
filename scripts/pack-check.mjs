#!/usr/bin/env node
// CI's pack check: the npm tarball as a user gets it. `npm pack`, then a global install of the
// tarball into a temporary prefix (the way docs/operators.md says, failing on any npm
// warning), then: PREFIX/bin/ipvsadm -h prints what the real ipvsadm 1.31 printed (recorded
// in test/unit/cli/fixtures/real-ipvsadm-parse.json; both need IPVS to print help, so it runs
// in the test VM when this kernel has none), the man pages are under PREFIX/share/man, the
// completion and the unit are in the installed package, and the tarball holds nothing else
// than what runs and what is documented to ship.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const failures = [];
let checks = 0;

function log(msg) {
  process.stderr.write(`pack-check: ${msg}\n`);
}

function check(ok, what) {
  checks++;
  if (!ok) failures.push(what);
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT, ...opts });
  if (r.error) throw r.error;
  return r;
}

// Under the repository (.vm/ is ignored by git) rather than /tmp: the test VM sees the host's
// files, but mounts its own /tmp.
fs.mkdirSync(path.join(ROOT, '.vm'), { recursive: true });
const work = fs.mkdtempSync(path.join(ROOT, '.vm', 'pack-'));
const prefix = path.join(work, 'prefix');

try {
  // 1. A fresh build, then the tarball (the build's output would garble pack's JSON).
  const build = run('npm', ['run', 'build']);
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work]);
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const info = JSON.parse(packed.stdout)[0];
  const tarball = path.join(work, info.filename);
  const files = info.files.map((f) => f.path);
  log(`${info.filename}: ${files.length} files, ${info.size} bytes packed, ${info.unpackedSize} unpacked`);

  const banned = files.filter((f) => /^(test|bench|scripts|src|man|docs|\.ci|\.vm)\//.test(f) || /\.test\.|\.ts$(?<!\.d\.ts)/.test(f) || f.startsWith('dist/entry/'));
  check(banned.length === 0, `tarball holds no test, bench, script or source files${banned.length ? `: ${banned.join(', ')}` : ''}`);
  const required = [
    'package.json', 'README.md', 'LICENSE', 'NOTICE', 'CHANGELOG.md',
    ...Object.values(pkg.bin), ...pkg.man.map((m) => m.replace(/^\.\//, '')),
    'bin/package.json', 'dist/bundle/ipvsadm.cjs', 'dist/bundle/ipvsadm-save.cjs', 'dist/bundle/ipvsadm-restore.cjs', 'dist/bundle/ipvsadm-apply.cjs', 'dist/bundle/start.cjs', 'dist/bundle/restore-thread.cjs', 'dist/bundle/ipvsadm.cjs.cache', 'dist/bundle/ipvsadm-save.cjs.cache', 'dist/bundle/ipvsadm-restore.cjs.cache', 'dist/bundle/ipvsadm-apply.cjs.cache', 'dist/ipvsadm.schema.json', 'dist/completion/ipvsadm-apply', 'dist/man/ipvsadm-apply.8', 'dist/index.js', 'dist/index.d.ts', 'dist/completion/ipvsadm', 'systemd/ipvsadm.service',
  ];
  const absent = required.filter((f) => !files.includes(f));
  check(absent.length === 0, `tarball holds what runs and ships${absent.length ? `; missing: ${absent.join(', ')}` : ''}`);

  // 2. Global install into the prefix, as the operator guide says; npm must not warn.
  const install = run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund',
    `--allow-scripts=netlink,file:${tarball}`, tarball]);
  if (install.status !== 0) throw new Error(`global install failed:\n${install.stderr}`);
  const warnings = install.stderr.split('\n').filter((l) => /^npm (warn|WARN|error|ERR)/.test(l));
  check(warnings.length === 0, `global install prints no warnings${warnings.length ? `:\n${warnings.join('\n')}` : ''}`);

  const pkgDir = path.join(prefix, 'lib', 'node_modules', pkg.name);
  for (const name of Object.keys(pkg.bin)) check(fs.existsSync(path.join(prefix, 'bin', name)), `PREFIX/bin/${name} exists`);
  for (const m of pkg.man) {
    const page = path.basename(m);
    const installed = path.join(prefix, 'share', 'man', `man${page.split('.').pop()}`, page);
    check(fs.existsSync(installed) && fs.readFileSync(installed, 'utf8') === fs.readFileSync(path.join(pkgDir, m), 'utf8'), `man page ${page} under PREFIX/share/man`);
  }
  const found = run('man', ['-M', path.join(prefix, 'share', 'man'), '-w', 'ipvsadm']);
  check(found.status === 0 && found.stdout.trim().startsWith(prefix), '`man -M PREFIX/share/man -w ipvsadm` finds the installed page');
  check(fs.existsSync(path.join(pkgDir, 'dist', 'completion', 'ipvsadm')), 'bash completion in the installed package');
  check(fs.existsSync(path.join(pkgDir, 'systemd', 'ipvsadm.service')), 'systemd unit in the installed package');
  const unexpected = fs.readdirSync(pkgDir).filter((e) => !['bin', 'dist', 'systemd', 'node_modules', 'package.json', 'README.md', 'LICENSE', 'NOTICE', 'CHANGELOG.md'].includes(e));
  check(unexpected.length === 0, `installed package holds only what ships${unexpected.length ? `: ${unexpected.join(', ')}` : ''}`);

  // 3. ipvsadm -h from the prefix, found on PATH (so argv[0] is the bare name), against the
  // real ipvsadm's recorded output.
  const recordings = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'unit', 'cli', 'fixtures', 'real-ipvsadm-parse.json'), 'utf8'));
  const real = recordings.find((r) => JSON.stringify(r.args) === JSON.stringify(['-h', 'foo']));
  if (!real) throw new Error("no recording of the real ipvsadm for ['-h', 'foo']");
  const binDir = path.join(prefix, 'bin');
  const native = run('env', [`PATH=${binDir}:${process.env.PATH}`, 'ipvsadm', '-h', 'foo']);
  let ours = { stdout: native.stdout, stderr: native.stderr, code: native.status };
  if (native.stderr.includes("Can't initialize ipvs")) {
    log('no IPVS in this kernel: running ipvsadm -h in the test VM');
    const { runInVm } = await import('./vm.mjs');
    const out = [];
    const err = [];
    const sink = (chunks) => new Writable({ write(c, _e, cb) { chunks.push(Buffer.from(c)); cb(); } });
    const r = await runInVm(`modprobe ip_vs && PATH='${binDir}':$PATH exec ipvsadm -h foo`, { cwd: ROOT, stdout: sink(out), stderr: sink(err) });
    // The VM runner's own notes ("vm: ...", e.g. a KVM fallback) share the stderr stream.
    const stderr = Buffer.concat(err).toString('utf8').split(/(?<=\n)/);
    for (const note of stderr.filter((l) => l.startsWith('vm: '))) log(note.trimEnd());
    ours = { stdout: Buffer.concat(out).toString('utf8'), stderr: stderr.filter((l) => !l.startsWith('vm: ')).join(''), code: r.code };
  }
  check(ours.stdout === real.stdout && ours.stderr === real.stderr && ours.code === real.exitCode,
    `PREFIX/bin/ipvsadm -h foo equals the real ipvsadm's (stdout ${ours.stdout.length} bytes, exit ${ours.code})` +
    (ours.stdout === real.stdout ? '' : `\n--- ours:\n${ours.stdout}`) +
    (ours.stderr === real.stderr ? '' : `\n--- stderr: ${JSON.stringify(ours.stderr)}, recorded ${JSON.stringify(real.stderr)}`) +
    (ours.code === real.exitCode ? '' : `\n--- exit ${ours.code}, recorded ${real.exitCode}`));
} catch (e) {
  failures.push(e.message);
  log(`FAIL ${e.message}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

process.stdout.write(failures.length ? `pack-check: ${failures.length} of ${checks} checks FAILED\n` : `pack-check: all ${checks} checks passed\n`);
process.exit(failures.length ? 1 : 0);
