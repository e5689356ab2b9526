#!/usr/bin/env node
// Runs the kernel suite (vitest project "kernel") where IPVS is: natively when this kernel
// has IPVS and we are root, otherwise inside a throw-away VM booting Debian's kernel.
//
//   IPVS_KERNEL_TESTS=auto (default) | native | vm | skip
//   IPVS_TEST_KERNEL=6.1 (default) | 6.12      kernel line for the VM
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
  const line = process.env.IPVS_TEST_KERNEL || '6.1';
  const missing = missingVmPackages(line);
  if (missing.length) aptInstall(missing, 'kernel suite in a VM');
  if (!findKernel(line)) {
    log(`no kernel found for IPVS_TEST_KERNEL=${line} after installing ${kernelPackage(line)}`);
    process.exit(2);
  }
  log(`this kernel has no usable IPVS: booting ${findKernel(line)} in a VM`);
  const command = ['modprobe ip_vs &&', ...vitestCommand().map((a) => `'${a.replace(/'/g, `'\\''`)}'`)].join(' ');
  runInVm(command, { cwd: ROOT, collectDir: process.env.IPVS_COLLECT_DIR }).then(
    (r) => {
      log(`VM: kernel ${r.kernel}, accel ${r.accel}, booted in ${(r.bootMs / 1000).toFixed(1)} s`);
      finish(r.code, `VM ${r.kernel}`);
    },
    (e) => {
      log(e.message);
      process.exit(2);
    },
  );
}
