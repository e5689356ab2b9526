#!/usr/bin/env node
// Runs one shell command as root inside a throw-away qemu VM that boots Debian's distro
// kernel (IPVS as modules). The host's / is shared read-only over 9p under a tmpfs overlay,
// so the project, node and the real ipvsadm are all there; a second, writable 9p share
// carries the command's stdout, stderr and exit status back, streamed while it runs.
//
//   node scripts/vm.mjs 'bin/ipvsadm -A -t 10.0.0.1:80 -s rr && bin/ipvsadm -L -n'
//
// Environment: IPVS_TEST_KERNEL=6.1 (default) | 6.12 | a full version such as 6.1.0-56-amd64;
// IPVS_VM_ACCEL=auto (default: KVM if it boots, else TCG) | kvm | tcg; IPVS_VM_MEM (MiB).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.vm');

// Modules the initramfs needs to mount 9p and overlayfs; dependencies come from modules.dep.
const INITRAMFS_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'overlay'];

/** Debian package that provides a kernel line, for apt. */
export function kernelPackage(line) {
  if (!line || line === '6.1') return 'linux-image-amd64';
  if (/^\d+\.\d+$/.test(line)) return `linux-image-${line}-amd64`;
  return `linux-image-${line}`;
}

/** Installed kernel versions (from /boot/vmlinuz-*), newest first. */
function installedKernels() {
  let names = [];
  try { names = fs.readdirSync('/boot'); } catch { /* none */ }
  return names
    .filter((n) => n.startsWith('vmlinuz-'))
    .map((n) => n.slice('vmlinuz-'.length))
    .filter((v) => fs.existsSync(`/lib/modules/${v}/modules.dep`))
    .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
}

/** Picks the kernel version for IPVS_TEST_KERNEL (a line like 6.1 / 6.12 or a full version). */
export function findKernel(line = process.env.IPVS_TEST_KERNEL || '6.1') {
  const all = installedKernels();
  if (all.includes(line)) return line;
  return all.find((v) => v.startsWith(`${line}.`) && v.endsWith('-amd64')) ?? null;
}

/** What the VM needs on the host, as apt package names, for whatever is missing. */
export function missingVmPackages(line = process.env.IPVS_TEST_KERNEL || '6.1') {
  const missing = [];
  if (!which('qemu-system-x86_64')) missing.push('qemu-system-x86');
  if (!fs.existsSync('/bin/busybox') && !fs.existsSync('/usr/bin/busybox')) missing.push('busybox-static');
  if (!findKernel(line)) missing.push(kernelPackage(line));
  if (!fs.existsSync('/usr/sbin/ipvsadm')) missing.push('ipvsadm');
  if (!which('ip')) missing.push('iproute2');
  if (!which('modprobe') && !fs.existsSync('/sbin/modprobe')) missing.push('kmod');
  return missing;
}

function which(cmd) {
  for (const dir of (process.env.PATH || '/usr/bin:/bin').split(':').concat(['/usr/sbin', '/sbin'])) {
    const p = path.join(dir, cmd);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch { /* next */ }
  }
  return null;
}

function busyboxPath() {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) {
    try {
      // busybox-static is a static binary; a dynamic one would not run in the initramfs.
      const out = execFileSync('file', ['-L', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      if (/dynamically linked/.test(out)) continue;
    } catch { /* no `file`: assume static */ }
    if (fs.existsSync(p)) return p;
  }
  throw new Error('busybox-static is not installed (apt-get install busybox-static)');
}

/** Module files for `names` and their dependencies, dependencies first. */
function moduleClosure(kver, names) {
  const dir = `/lib/modules/${kver}`;
  const deps = new Map();
  for (const line of fs.readFileSync(`${dir}/modules.dep`, 'utf8').split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) deps.set(m[1], m[2].split(/\s+/).filter(Boolean));
  }
  const byName = new Map();
  for (const file of deps.keys()) byName.set(path.basename(file).replace(/\.ko(\.\w+)?$/, '').replace(/-/g, '_'), file);
  const order = [];
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const d of deps.get(file) ?? []) visit(d);
    order.push(file);
  };
  for (const n of names) {
    const file = byName.get(n);
    if (file) visit(file); // absent = built into this kernel
  }
  return order.map((f) => path.join(dir, f));
}

// --- a minimal newc cpio writer, so the host needs no cpio binary -------------------------
function cpioEntry(name, mode, data = Buffer.alloc(0), ino = 1) {
  const nameBuf = Buffer.from(name + '\0');
  const hex = (n) => n.toString(16).padStart(8, '0');
  const header = '070701' + [ino, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, nameBuf.length, 0].map(hex).join('');
  const pad = (len) => Buffer.alloc((4 - (len % 4)) % 4);
  const head = Buffer.concat([Buffer.from(header), nameBuf]);
  return Buffer.concat([head, pad(head.length), data, pad(data.length)]);
}

function buildCpio(files) {
  const parts = [];
  let ino = 1;
  for (const f of files) parts.push(cpioEntry(f.name, f.mode, f.data, ino++));
  parts.push(cpioEntry('TRAILER!!!', 0, Buffer.alloc(0), ino));
  return Buffer.concat(parts);
}

const INIT_SCRIPT = (modules) => `#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /lower /rw /newroot /share
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
${modules.map((m) => `/bin/busybox insmod /modules/${path.basename(m)} || echo "vm-init: insmod ${path.basename(m)} failed"`).join('\n')}
share=$(/bin/busybox sed -n 's/.*vmshare=\\([^ ]*\\).*/\\1/p' /proc/cmdline)
/bin/busybox mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot /lower || { echo "vm-init: cannot mount the host root"; echo o > /proc/sysrq-trigger; }
/bin/busybox mount -t tmpfs -o size=70% rw /rw
/bin/busybox mkdir -p /rw/upper /rw/work
/bin/busybox mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot
/bin/busybox mkdir -p "/newroot$share"
/bin/busybox mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 jobshare "/newroot$share"
/bin/busybox mount --move /proc /newroot/proc
/bin/busybox mount --move /sys /newroot/sys
/bin/busybox mount --move /dev /newroot/dev
# switch_root, not chroot: the kernel's module autoloading runs /sbin/modprobe of the real root.
exec /bin/busybox switch_root /newroot /bin/sh "$share/stage2.sh"
`;

/** Builds (or reuses) the initramfs for a kernel version; returns its path. */
export function ensureInitramfs(kver) {
  fs.mkdirSync(CACHE, { recursive: true });
  const modules = moduleClosure(kver, INITRAMFS_MODULES);
  const init = INIT_SCRIPT(modules);
  const key = `${kver}-${Buffer.from(init).toString('base64url').length}-${hash(init)}`;
  const out = path.join(CACHE, `initramfs-${key}.cpio`);
  if (fs.existsSync(out)) return out;
  const files = [
    { name: 'bin', mode: 0o40755 },
    { name: 'modules', mode: 0o40755 },
    { name: 'init', mode: 0o100755, data: Buffer.from(init) },
    { name: 'bin/busybox', mode: 0o100755, data: fs.readFileSync(busyboxPath()) },
    ...modules.map((m) => ({ name: `modules/${path.basename(m)}`, mode: 0o100644, data: fs.readFileSync(m) })),
  ];
  fs.writeFileSync(out + '.tmp', buildCpio(files));
  fs.renameSync(out + '.tmp', out);
  return out;
}

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16);
}

const STAGE2 = (job, cwd, command, env) => `#!/bin/sh
# Runs as PID 1 inside the VM's root: finish the mounts, run the job, power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
${Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`).join('\n')}
# A fresh /tmp, unless the project or the job share lives under it (a clone in /tmp): a
# tmpfs there would hide them. The overlay's /tmp is writable either way.
case "${job}:${cwd}" in
  /tmp/*|*:/tmp/*) ;;
  *) mount -t tmpfs tmpfs /tmp ;;
esac
mount -t tmpfs tmpfs /run
mkdir -p /dev/pts /dev/shm /run/netns
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
ip link set lo up
: > ${job}/booted
# Files a job leaves in $IPVS_VM_OUT are copied back to the host (runInVm's collectDir).
export IPVS_VM_OUT=${job}/out
mkdir -p ${job}/out
cd ${shellQuote(cwd)}
( ${command} ) > ${job}/stdout 2> ${job}/stderr < /dev/null
echo $? > ${job}/rc.tmp
mv ${job}/rc.tmp ${job}/rc
sync
echo o > /proc/sysrq-trigger
sleep 10
`;

function shellQuote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

/** Variables passed from the host into the VM's command environment. */
function forwardedEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(IPVS_|BENCH_|CI$|NO_COLOR$|FORCE_COLOR$|TERM$|LANG$|LC_ALL$)/.test(k)) env[k] = v;
  }
  env.IPVS_IN_VM = '1';
  return env;
}

function kvmStatusFile() {
  let boot = 'unknown';
  try { boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(); } catch { /* ignore */ }
  return path.join(CACHE, `kvm-${boot}`);
}

function kvmUsable() {
  try { fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK); } catch { return false; }
  try { return fs.readFileSync(kvmStatusFile(), 'utf8').trim() !== 'hangs'; } catch { return true; }
}

/**
 * Boots the VM, runs `command` (a shell command line) from `cwd`, streams its output.
 * Resolves with { code, accel, bootMs, totalMs }.
 */
export async function runInVm(command, opts = {}) {
  const kver = findKernel(opts.kernel);
  if (!kver) throw new Error(`no kernel for IPVS_TEST_KERNEL=${opts.kernel ?? process.env.IPVS_TEST_KERNEL ?? '6.1'}: apt-get install ${kernelPackage(opts.kernel ?? process.env.IPVS_TEST_KERNEL)}`);
  const initrd = ensureInitramfs(kver);
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const wanted = (opts.accel ?? process.env.IPVS_VM_ACCEL ?? 'auto').toLowerCase();
  const tries = wanted === 'auto' ? (kvmUsable() ? ['kvm', 'tcg'] : ['tcg']) : [wanted];
  for (const accel of tries) {
    const res = await bootOnce({ kver, initrd, command, cwd: opts.cwd ?? process.cwd(), accel, stdout, stderr,
      bootTimeoutMs: accel === 'kvm' && wanted === 'auto' ? 15000 : 180000, totalTimeoutMs: opts.timeoutMs ?? 3600000,
      collectDir: opts.collectDir, cpus: opts.cpus });
    if (res.hung && accel === 'kvm' && wanted === 'auto') {
      fs.writeFileSync(kvmStatusFile(), 'hangs\n');
      stderr.write('vm: the KVM guest did not boot; falling back to TCG\n');
      continue;
    }
    if (res.hung) throw new Error(`vm: the ${accel} guest did not boot (console output in ${res.consoleLog})`);
    return { ...res, kernel: kver };
  }
  throw new Error('vm: could not boot');
}

async function bootOnce({ kver, initrd, command, cwd, accel, stdout, stderr, bootTimeoutMs, totalTimeoutMs, collectDir, cpus: wantCpus }) {
  const started = Date.now();
  const jobs = path.join(CACHE, 'jobs');
  fs.mkdirSync(jobs, { recursive: true });
  const job = fs.mkdtempSync(path.join(jobs, 'job-'));
  fs.writeFileSync(path.join(job, 'stage2.sh'), STAGE2(job, cwd, command, forwardedEnv()));
  const consoleLog = path.join(job, 'console.log');
  const mem = process.env.IPVS_VM_MEM || '2048';
  const cpus = wantCpus ?? Math.max(1, Math.min(os.cpus().length, 4));
  const args = [
    '-machine', accel === 'kvm' ? 'q35,accel=kvm' : 'q35,accel=tcg',
    ...(accel === 'kvm' ? [] : ['-cpu', 'max']),
    '-smp', String(cpus), '-m', mem,
    '-nographic', '-no-reboot', '-nodefaults', '-serial', `file:${consoleLog}`,
    '-kernel', `/boot/vmlinuz-${kver}`, '-initrd', initrd,
    '-append', `console=ttyS0 quiet loglevel=3 panic=-1 vmshare=${job}`,
    '-virtfs', 'local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap',
    '-virtfs', `local,path=${job},mount_tag=jobshare,security_model=none,multidevs=remap`,
    '-net', 'none',
  ];
  const qemu = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let qemuErr = '';
  qemu.stderr.on('data', (d) => { qemuErr += d; });
  const exited = new Promise((resolve) => qemu.on('exit', resolve));
  const offsets = { stdout: 0, stderr: 0 };
  const pump = () => {
    for (const [name, sink] of [['stdout', stdout], ['stderr', stderr]]) {
      let fd;
      try { fd = fs.openSync(path.join(job, name), 'r'); } catch { continue; }
      try {
        const buf = Buffer.alloc(65536);
        for (;;) {
          const n = fs.readSync(fd, buf, 0, buf.length, offsets[name]);
          if (n <= 0) break;
          offsets[name] += n;
          sink.write(Buffer.from(buf.subarray(0, n)));
        }
      } finally { fs.closeSync(fd); }
    }
  };
  let bootMs = null;
  let hung = false;
  let done = false;
  exited.then(() => { done = true; });
  while (!done) {
    await new Promise((r) => setTimeout(r, 150));
    if (bootMs === null && fs.existsSync(path.join(job, 'booted'))) bootMs = Date.now() - started;
    pump();
    const elapsed = Date.now() - started;
    if (bootMs === null && elapsed > bootTimeoutMs) { hung = true; qemu.kill('SIGKILL'); break; }
    if (elapsed > totalTimeoutMs) { stderr.write('vm: time limit reached, killing the VM\n'); qemu.kill('SIGKILL'); break; }
  }
  await exited;
  pump();
  // A guest that died before it booted (KVM here can abort on an MSR) counts as hung.
  if (bootMs === null && accel === 'kvm') hung = true;
  const rcFile = path.join(job, 'rc');
  const code = fs.existsSync(rcFile) ? Number(fs.readFileSync(rcFile, 'utf8').trim()) : null;
  if (!hung && code === null) {
    stderr.write(`vm: the command did not finish (qemu: ${qemuErr.trim() || 'no message'}; console: ${consoleLog})\n`);
    try { stderr.write(fs.readFileSync(consoleLog, 'utf8').split('\n').slice(-30).join('\n') + '\n'); } catch { /* none */ }
  }
  if (collectDir && fs.existsSync(path.join(job, 'out'))) {
    fs.mkdirSync(collectDir, { recursive: true });
    fs.cpSync(path.join(job, 'out'), collectDir, { recursive: true });
  }
  if (code !== null && !process.env.IPVS_VM_KEEP) fs.rmSync(job, { recursive: true, force: true });
  return { code: code ?? 1, hung, accel, bootMs, totalMs: Date.now() - started, consoleLog };
}

// CLI: node scripts/vm.mjs '<shell command>'
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv.slice(2).join(' ').trim() || 'sh -c "uname -r; modprobe ip_vs && ipvsadm -L -n"';
  const missing = missingVmPackages();
  if (missing.length) {
    process.stderr.write(`vm: missing on this machine: ${missing.join(' ')} (apt-get install ${missing.join(' ')})\n`);
    process.exit(2);
  }
  runInVm(command, { cwd: process.cwd(), collectDir: process.env.IPVS_COLLECT_DIR }).then(
    (r) => {
      if (process.env.IPVS_VM_VERBOSE) process.stderr.write(`vm: kernel ${r.kernel}, ${r.accel}, boot ${r.bootMs} ms, total ${r.totalMs} ms, exit ${r.code}\n`);
      process.exit(r.code);
    },
    (e) => { process.stderr.write(`${e.message}\n`); process.exit(2); },
  );
}
