// systemd/ipvsadm.service: its Exec lines, run by /bin/sh as systemd would run them, with
// /etc/default/ipvsadm settings as Debian's init script reads them. Here the program is a
// stand-in that records its arguments (what is called, in which order); the kernel suite runs
// the same lines against a real table (test/kernel/packaging.test.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNIT_FILE, execScript, unitEnvironment, type ExecKind } from './unit-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvsadm-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Records each call; -R also records its input; -S prints two rules.
const RECORDER = `#!/bin/sh
echo "$*" >> "$CALLS"
case "$1" in
  -R|-) sed 's/^/  < /' >> "$CALLS" ;;
  -S) printf '%s\\n' '-A -t 10.1.1.1:80 -s rr' '-a -t 10.1.1.1:80 -r 192.168.1.2:80 -m -w 1' ;;
esac
if [ -n "$FAIL_ON" ] && [ "$1" = "$FAIL_ON" ]; then exit 1; fi
`;

let run = 0;

/** Runs one Exec line with a config file holding `config`; returns the calls and the rules file. */
function exec(kind: ExecKind, config: string, rules?: string, extraEnv: Record<string, string> = {}) {
  const d = path.join(dir, String(++run));
  fs.mkdirSync(d);
  const prog = path.join(d, 'rec');
  fs.writeFileSync(prog, RECORDER, { mode: 0o755 });
  const rulesFile = path.join(d, 'rules');
  if (rules !== undefined) fs.writeFileSync(rulesFile, rules);
  const cfg = path.join(d, 'default');
  fs.writeFileSync(cfg, `IPVSADM=${prog}\nIPVSADM_APPLY=${prog}\nIPVSADM_RULES=${rulesFile}\n${config}`);
  const calls = path.join(d, 'calls');
  fs.writeFileSync(calls, '');
  const r = spawnSync('/bin/sh', ['-c', execScript(kind)], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', ...unitEnvironment(), IPVSADM_CONFIG: cfg, CALLS: calls, ...extraEnv },
  });
  return {
    status: r.status, stderr: r.stderr,
    calls: fs.readFileSync(calls, 'utf8').split('\n').filter((l) => l),
    rules: fs.existsSync(rulesFile) ? fs.readFileSync(rulesFile, 'utf8') : null,
  };
}

const RULES = '# ipvsadm.rules\n-A -t 10.1.1.1:80 -s rr\n# a comment\n-a -t 10.1.1.1:80 -r 192.168.1.2:80 -m -w 1\n';

describe('ipvsadm.service', () => {
  it('passes systemd-analyze verify where systemd is installed', () => {
    const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (probe.error) return; // no systemd on this machine: nothing to verify with
    const r = spawnSync('systemd-analyze', ['verify', UNIT_FILE], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('reads the config file the unit names', () => {
    expect(unitEnvironment()).toEqual({ IPVSADM_CONFIG: '/etc/default/ipvsadm' });
  });

  it('start with AUTO=false (Debian\'s default) loads nothing and starts no daemon', () => {
    const r = exec('ExecStart', 'AUTO="false"\nDAEMON="none"\nIFACE="eth0"\t\n', RULES);
    expect(r).toMatchObject({ status: 0, stderr: '', calls: [] });
  });

  it('start with AUTO=true clears the table and restores the rules without comments', () => {
    const r = exec('ExecStart', 'AUTO="true"\n', RULES);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.calls).toEqual(['-C', '-R', '  < -A -t 10.1.1.1:80 -s rr', '  < -a -t 10.1.1.1:80 -r 192.168.1.2:80 -m -w 1']);
  });

  it('start with AUTO=true and no rules file creates it, as Debian does', () => {
    const r = exec('ExecStart', 'AUTO=true\n');
    expect(r).toMatchObject({ status: 0, calls: ['-C', '-R'], rules: '# ipvsadm.rules\n' });
  });

  it('start fails when the restore fails', () => {
    expect(exec('ExecStart', 'AUTO=true\n', RULES, { FAIL_ON: '-R' }).status).toBe(1);
  });

  it('start runs the sync daemons of DAEMON with IFACE and SYNCID', () => {
    expect(exec('ExecStart', 'DAEMON=master\nIFACE=bond0\nSYNCID=7\n').calls).toEqual(['--start-daemon master --mcast-interface bond0 --syncid 7']);
    expect(exec('ExecStart', 'DAEMON=backup\n').calls).toEqual(['--start-daemon backup --mcast-interface eth0 --syncid 0']);
    expect(exec('ExecStart', 'AUTO=true\nDAEMON=both\nIFACE=eth1\n', '').calls).toEqual([
      '-C', '-R', '--start-daemon master --mcast-interface eth1 --syncid 0', '--start-daemon backup --mcast-interface eth1 --syncid 0',
    ]);
    expect(exec('ExecStart', 'DAEMON=master\n', undefined, { FAIL_ON: '--start-daemon' }).status).toBe(1);
  });

  it('reload with AUTO=true hands the rules file to ipvsadm-apply (no flush); AUTO=false does nothing', () => {
    expect(exec('ExecReload', 'AUTO=true\n', RULES).calls).toEqual([
      '-', '  < # ipvsadm.rules', '  < -A -t 10.1.1.1:80 -s rr', '  < # a comment', '  < -a -t 10.1.1.1:80 -r 192.168.1.2:80 -m -w 1',
    ]);
    expect(exec('ExecReload', 'AUTO=true\n', RULES, { FAIL_ON: '-' }).status).toBe(1);
    expect(exec('ExecReload', 'AUTO=false\n', RULES).calls).toEqual([]);
  });

  it('stop stops the daemons and, with AUTO=true, clears the table; it saves only with SAVE_ON_STOP=true', () => {
    const plain = exec('ExecStop', 'AUTO=true\nDAEMON=both\n', RULES);
    expect(plain).toMatchObject({ status: 0, calls: ['--stop-daemon master', '--stop-daemon backup', '-C'], rules: RULES });
    const saving = exec('ExecStop', 'AUTO=true\nDAEMON=none\nSAVE_ON_STOP=true\n', RULES);
    expect(saving).toMatchObject({ status: 0, calls: ['-S -n', '-C'] });
    expect(saving.rules).toBe('# ipvsadm.rules\n-A -t 10.1.1.1:80 -s rr\n-a -t 10.1.1.1:80 -r 192.168.1.2:80 -m -w 1\n');
  });

  it('stop keeps the old rules file when the save fails', () => {
    const r = exec('ExecStop', 'SAVE_ON_STOP=true\n', RULES, { FAIL_ON: '-S' });
    expect(r).toMatchObject({ status: 1, rules: RULES });
  });

  it('without a config file uses Debian\'s defaults: nothing to do', () => {
    const r = spawnSync('/bin/sh', ['-c', execScript('ExecStart')], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', IPVSADM_CONFIG: path.join(dir, 'absent') } });
    expect(r.status).toBe(0);
  });
});
