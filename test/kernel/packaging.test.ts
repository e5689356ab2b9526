// What the package ships, against a real IPVS table: the systemd unit's Exec lines (as
// systemd runs them, with our ipvsadm first on PATH) and the bash completion's services and
// real servers of the live table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { namespacesPerTest } from './netns.js';
import { REPO, runInNetns, runReal } from './transcript.js';
import { execScript, unitEnvironment, type ExecKind } from '../unit/docs/unit-file.js';
import { completionArgv, offered, writeCompletion } from '../unit/docs/bash-complete.js';

const ns = namespacesPerTest();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvs-pack-'));
fs.chmodSync(dir, 0o755); // the completion is also run as an unprivileged user
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The unit's PATH with this checkout's bin/ in front, as a prefix install would be.
const PATH = `${path.join(REPO, 'bin')}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

function run(n: string, kind: ExecKind, config: string) {
  const cfg = path.join(dir, `default-${n}`);
  fs.writeFileSync(cfg, config);
  return runInNetns(n, ['env', '-i', `PATH=${PATH}`, ...Object.entries({ ...unitEnvironment(), IPVSADM_CONFIG: cfg }).map(([k, v]) => `${k}=${v}`), '/bin/sh', '-c', execScript(kind)]);
}

/** The rules in the order -S writes them, from the real ipvsadm in a scratch namespace. */
async function canonical(rules: string[]): Promise<string> {
  const n = ns();
  expect((await runReal(n, { args: ['-R'], stdin: rules.join('\n') + '\n' })).code).toBe(0);
  return (await runReal(n, '-S -n')).stdout;
}

describe('ipvsadm.service against a namespace', () => {
  it('start restores the rules file, reload brings the table to a changed file without a flush, stop saves and clears', async () => {
    const first = await canonical([
      '-A -t 10.1.1.1:80 -s wlc', '-a -t 10.1.1.1:80 -r 192.168.1.2:80 -g -w 1', '-a -t 10.1.1.1:80 -r 192.168.1.3:8080 -m -w 5',
      '-A -u 10.1.1.1:53 -s rr -o', '-A -t [2001:db8::10]:443 -s sh -b sh-port -p 30 -M 48', '-a -t [2001:db8::10]:443 -r [2001:db8::2]:443 -m -w 2',
      '-A -f 100 -s rr', '-a -f 100 -r 10.1.1.5:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum',
    ]);
    // The second file keeps 10.1.1.1:80 as it is and changes everything else.
    const second = await canonical([
      '-A -t 10.1.1.1:80 -s wlc', '-a -t 10.1.1.1:80 -r 192.168.1.2:80 -g -w 1', '-a -t 10.1.1.1:80 -r 192.168.1.3:8080 -m -w 5',
      '-A -t 10.1.1.2:443 -s rr', '-a -t 10.1.1.2:443 -r 192.168.2.2:443 -m -w 3',
    ]);
    const n = ns();
    const rules = path.join(dir, `rules-${n}`);
    fs.writeFileSync(rules, `# ipvsadm.rules\n${first}`);
    const config = `# as Debian's file, pointed at a test rules file\nAUTO="true"\nDAEMON="none"\nIFACE="eth0"\t\nIPVSADM_RULES=${rules}\n`;
    expect((await runReal(n, '-A -t 10.9.9.9:80 -s rr')).code).toBe(0); // cleared by start

    expect(await run(n, 'ExecStart', config)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect((await runReal(n, '-S -n')).stdout).toBe(first);

    // A connection from the director itself to 10.1.1.1:80 makes the service count one. A
    // reload that flushed would leave a new service counting none; ours keeps the service.
    await runInNetns(n, ['timeout', '2', 'bash', '-c', 'exec 3<>/dev/tcp/10.1.1.1/80']);
    const conns = async () => Number((await runReal(n, '-L -n --stats --exact -t 10.1.1.1:80')).stdout.split('\n').find((l) => l.startsWith('TCP '))?.trim().split(/\s+/)[2]);
    let before = await conns();
    for (const until = Date.now() + 10_000; before !== 1 && Date.now() < until;) before = await conns();
    expect(before).toBe(1);
    fs.writeFileSync(rules, `# ipvsadm.rules\n${second}`);
    expect(await run(n, 'ExecReload', config)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect((await runReal(n, '-S -n')).stdout).toBe(second);
    await new Promise((r) => setTimeout(r, 2500)); // one estimator tick (6.1)
    expect(await conns(), 'the kept service was never deleted').toBe(1);

    expect((await runReal(n, '-a -t 10.1.1.2:443 -r 192.168.2.3:443 -m -w 1')).code).toBe(0); // saved by stop
    expect(await run(n, 'ExecStop', `${config}SAVE_ON_STOP=true\n`)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(fs.readFileSync(rules, 'utf8')).toBe(`# ipvsadm.rules\n${await canonical([...second.trim().split('\n'), '-a -t 10.1.1.2:443 -r 192.168.2.3:443 -m -w 1'])}`);
    expect((await runReal(n, '-S -n')).stdout).toBe('');
  });

  it('start fails, and says why, when a rule is refused', async () => {
    const n = ns();
    const rules = path.join(dir, `bad-${n}`);
    fs.writeFileSync(rules, '-A -t 10.1.1.1:80 -s nosuch\n');
    const r = await run(n, 'ExecStart', `AUTO=true\nIPVSADM_RULES=${rules}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toBe('');
  });
});

describe('bash completion on the live table', () => {
  const script = writeCompletion(dir);
  const complete = async (n: string, line: string, user?: string) => {
    const argv = completionArgv(script, line);
    const r = await runInNetns(n, ['env', `PATH=${PATH}`, ...(user ? ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--clear-groups'] : []), ...argv]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return offered(r.stdout);
  };

  it('offers the services of the table for -t, -u, -f and the real servers for -r', async () => {
    const n = ns();
    for (const line of [
      '-A -t 10.1.1.1:80 -s rr', '-A -t 10.1.1.2:443 -s rr', '-A -u 10.1.1.1:53 -s rr', '-A -f 7 -s rr', '-A -t [2001:db8::10]:80 -s rr',
      '-a -t 10.1.1.1:80 -r 192.168.1.2:80 -m', '-a -t 10.1.1.1:80 -r 192.168.1.3:8080 -m', '-a -t 10.1.1.2:443 -r 192.168.2.2:443 -m',
    ]) expect((await runReal(n, line)).code).toBe(0);

    expect(await complete(n, 'ipvsadm -L -t ')).toEqual(['10.1.1.1:80', '10.1.1.2:443', '[2001:db8::10]:80']);
    expect(await complete(n, 'ipvsadm -L --tcp-service 10.1.1.2')).toEqual(['10.1.1.2:443']);
    expect(await complete(n, 'ipvsadm -Z -u ')).toEqual(['10.1.1.1:53']);
    expect(await complete(n, 'ipvsadm -D -f ')).toEqual(['7']);
    // bash replaces only the part after the last ':' of the word.
    expect(await complete(n, 'ipvsadm -E -t 10.1.1.1:')).toEqual(['80']);
    expect(await complete(n, 'ipvsadm -d -t 10.1.1.1:80 -r ')).toEqual(['192.168.1.2:80', '192.168.1.3:8080']);
    expect(await complete(n, 'ipvsadm -e --tcp-service 10.1.1.2:443 -r ')).toEqual(['192.168.2.2:443']);
    expect(await complete(n, 'ipvsadm -d -r ')).toEqual(['192.168.1.2:80', '192.168.1.3:8080', '192.168.2.2:443']);
  });

  it('offers nothing from the table to a user who may not read it', async () => {
    const n = ns();
    expect((await runReal(n, '-A -t 10.1.1.1:80 -s rr')).code).toBe(0);
    expect(await complete(n, 'ipvsadm -L -t ', '65534')).toEqual([]);
    expect(await complete(n, 'ipvsadm -L -t ')).toEqual(['10.1.1.1:80']);
  });
});
