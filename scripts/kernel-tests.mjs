#!/usr/bin/env node
// Runs the kernel suite (vitest project "kernel") where IPVS is: natively when this kernel
// has IPVS and we are root, otherwise inside a throw-away VM booting Debian's kernel.
//
//   IPVS_KERNEL_TESTS=auto (default) | native | vm | skip
//   IPVS_TEST_KERNEL=6.1 (default) | 6.12 | 6.1,6.12   kernel line(s) for the VM, run in turn
//   extra arguments are passed to vitest (e.g. a test file filter)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findKernel, kernelPackage, missingVmPackages, runInVm } from './vm.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = (process.env.IPVS_KERNEL_TESTS || 'auto').toLowerCase();
const vitestArgs = process.argv.slice(2);
const started = Date.now();

function log(msg) {
  process.stderr.write(`kernel-tests: ${msg}\n`);
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** True when this kernel can run IPVS for us right now (loading the module if it must). */
function nativeIpvs() {
  if (!isRoot()) return false;
  if (fs.existsSync('/proc/net/ip_vs')) return true;
  const r = spawnSync('modprobe', ['ip_vs'], { stdio: 'ignore' });
  return r.status === 0 && fs.existsSync('/proc/net/ip_vs');
}

function needNative(what) {
  const missing = [];
  for (const [bin, pkg] of [['ip', 'iproute2'], ['/usr/sbin/ipvsadm', 'ipvsadm']]) {
    const found = bin.startsWith('/') ? fs.existsSync(bin) : spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
    if (!found) missing.push(pkg);
  }
  if (missing.length) aptInstall(missing, what);
}

/** Installs Debian packages when we can (root + apt-get), else stops with what is missing. */
function aptInstall(pkgs, what) {
  if (!isRoot() || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    log(`cannot run the ${what}: missing ${pkgs.join(' ')} — install them (apt-get install ${pkgs.join(' ')}) or set IPVS_KERNEL_TESTS=skip`);
    process.exit(2);
  }
  log(`installing ${pkgs.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) {
    log(`apt-get install ${pkgs.join(' ')} failed`);
    process.exit(2);
  }
}

function vitestCommand() {
  return ['node', path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'kernel', ...vitestArgs];
}

function finish(code, where) {
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  log(`kernel suite ${code === 0 ? 'passed' : 'FAILED'} (${where}, ${secs} s)`);
  process.exit(code);
}

if (mode === 'skip') {
  log('kernel suite SKIPPED because IPVS_KERNEL_TESTS=skip — nothing was shown on a kernel');
  process.exit(0);
}

if (mode === 'native' || (mode === 'auto' && nativeIpvs())) {
  if (!nativeIpvs()) {
    log('IPVS_KERNEL_TESTS=native but this kernel has no usable IPVS (need root and ip_vs)');
    process.exit(2);
  }
  needNative('kernel suite natively');
  log(`running natively on ${fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}`);
  const [cmd, ...args] = vitestCommand();
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT });
  finish(r.status ?? 1, 'native');
} else {
  runInVms((process.env.IPVS_TEST_KERNEL || '6.1').split(/[\s,]+/).filter(Boolean));
}

/**
 * A sink for one VM's output: passes it on (each line prefixed with the kernel when several
 * VMs share the terminal) and remembers vitest's closing "Tests ..." line, so that the summary
 * says how many tests ran on each kernel.
 */
function vmOutput(sink, prefix) {
  let rest = '';
  const seen = { tests: '' };
  return {
    seen,
    write(chunk) {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) {
        sink.write(prefix + l + '\n');
        const m = /^\s*Tests\s+(.*\S)/.exec(l.replace(/\x1b\[[0-9;]*m/g, ''));
        if (m) seen.tests = m[1];
      }
      return true;
    },
    end() {
      if (rest) sink.write(prefix + rest + '\n');
      rest = '';
    },
  };
}

async function runInVms(lines) {
  for (const line of lines) {
    const missing = missingVmPackages(line);
    if (missing.length) aptInstall(missing, `kernel suite in a VM (${line})`);
    if (!findKernel(line)) {
      log(`no kernel found for IPVS_TEST_KERNEL=${line} after installing ${kernelPackage(line)}`);
      process.exit(2);
    }
  }
  const command = ['modprobe ip_vs &&', ...vitestCommand().map((a) => `'${a.replace(/'/g, `'\\''`)}'`)].join(' ');
  // Several kernels boot side by side, one virtual CPU each (the suite inside is serial), unless
  // IPVS_TEST_SERIAL=1 runs them in turn.
  const parallel = lines.length > 1 && process.env.IPVS_TEST_SERIAL !== '1';
  const runOne = async (line) => {
    log(`this kernel has no usable IPVS: booting ${findKernel(line)} in a VM`);
    const t = Date.now();
    const prefix = parallel ? `[${line}] ` : '';
    const out = vmOutput(process.stdout, prefix);
    const err = vmOutput(process.stderr, prefix);
    try {
      const r = await runInVm(command, { cwd: ROOT, kernel: line, stdout: out, stderr: err, cpus: parallel ? 1 : undefined, collectDir: process.env.IPVS_COLLECT_DIR });
      log(`VM: kernel ${r.kernel}, accel ${r.accel}, booted in ${(r.bootMs / 1000).toFixed(1)} s`);
      return { kernel: r.kernel, code: r.code, secs: (Date.now() - t) / 1000, tests: out.seen.tests };
    } catch (e) {
      log(e.message);
      return { kernel: findKernel(line), code: 2, secs: (Date.now() - t) / 1000, tests: '' };
    } finally {
      out.end();
      err.end();
    }
  };
  const results = [];
  if (parallel) results.push(...(await Promise.all(lines.map(runOne))));
  else for (const line of lines) results.push(await runOne(line));
  for (const r of results) {
    log(`  ${r.kernel}: ${r.code === 0 ? 'passed' : 'FAILED'} in ${r.secs.toFixed(1)} s — tests: ${r.tests || 'no vitest summary'}`);
  }
  const failed = results.find((r) => r.code !== 0);
  finish(failed ? failed.code || 1 : 0, `VM ${results.map((r) => r.kernel).join(' + ')}`);
}
