// Debian packages the tests need, installed when we can (root with apt-get), else a stop that
// names them: shared by the unit-test preflight and the kernel-suite driver.
import { spawnSync } from 'node:child_process';

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** True when `cmd` is found on PATH. */
export function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Installs `pkgs` for `what`, or exits 2 saying how (`hint` names a way around it). */
export function aptInstall(pkgs, what, log, hint = '') {
  if (!isRoot() || !onPath('apt-get')) {
    log(`cannot run the ${what}: missing ${pkgs.join(' ')} — install them (apt-get install ${pkgs.join(' ')})${hint}`);
    process.exit(2);
  }
  log(`installing ${pkgs.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) {
    log(`apt-get install ${pkgs.join(' ')} failed`);
    process.exit(2);
  }
}
