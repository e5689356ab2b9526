// -R against the fake IPVS (commands/restore.ts, dispatch.ts): a line at which ipvsadm 1.31
// exit()s ends the restore with that line's status; a returned failure lets it go on; the
// status of a restore that reaches the end is its last line's.
import { describe, expect, it } from 'vitest';
import * as C from '../../../src/netlink/constants.js';
import { helpText, versionText } from '../../../src/cli/help.js';
import { FakeIpvs, ipvsadm } from './harness.js';

const TRY = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n";
const ports = (k: FakeIpvs): number[] => k.services.map((e) => e.service.port);

async function restore(k: FakeIpvs, stdin: string) {
  return ipvsadm(k, '-R', { stdin });
}

describe('-R goes on after a returned failure', () => {
  it('a failed kernel change: message, next line runs, status of the last line', async () => {
    const k = new FakeIpvs();
    expect(await restore(k, '-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n-A -t 10.0.0.1:82\n')).toEqual({
      stdout: '', stderr: 'Service already exists\n', code: 0,
    });
    expect(ports(k)).toEqual([80, 82]);
  });

  it('a failed change as the last line is the status', async () => {
    const k = new FakeIpvs();
    expect(await restore(k, '-A -t 10.0.0.1:80\n-D -t 10.0.0.1:81\n')).toEqual({ stdout: '', stderr: 'No such service\n', code: 255 });
  });

  it('a popt error after the first option', async () => {
    const k = new FakeIpvs();
    expect(await restore(k, '-A -t 10.0.0.1:80 --foo\n-A -t 10.0.0.1:81\n')).toEqual({
      stdout: '', stderr: '--foo: unknown option\n', code: 0,
    });
    expect(ports(k)).toEqual([81]);
  });

  it('a failed sync-daemon start (not pipelined) returns too', async () => {
    const k = new FakeIpvs();
    expect(await restore(k, '--start-daemon master\n--start-daemon master\n-A -t 10.0.0.1:80\n')).toEqual({
      stdout: '', stderr: 'Daemon has already run\n', code: 0,
    });
    expect(ports(k)).toEqual([80]);
  });
});

describe('-R stops where ipvsadm exits', () => {
  const cases: [string, string, { stdout: string; stderr: string; code: number }][] = [
    ['fail(): a bad address', '-A -t bad:80\n', { stdout: '', stderr: 'illegal virtual server address[:port] specified\n', code: 2 }],
    ['the Try line: no command first', 'foo\n', { stdout: '', stderr: TRY, code: 255 }],
    ['a nested -R', '-R\n', { stdout: '', stderr: TRY, code: 255 }],
    ['a failed listing', '-L -n -t 10.0.0.9:80\n', { stdout: '', stderr: 'No such service\n', code: 1 }],
    ['help', '-h\n', { stdout: helpText('ipvsadm'), stderr: '', code: 0 }],
    ['version', '-v\n', { stdout: versionText(), stderr: '', code: 0 }],
  ];
  it.each(cases)('%s', async (_name, line, expected) => {
    const k = new FakeIpvs();
    expect(await restore(k, `-A -t 10.0.0.1:80\n${line}-A -t 10.0.0.1:81\n`)).toEqual(expected);
    expect(ports(k)).toEqual([80]);
  });

  it('pipelined changes before a stopping line have all been answered, with their messages first', async () => {
    const k = new FakeIpvs();
    expect(await restore(k, '-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n-E -t 10.0.0.1:80 -s rr\nfoo\n-C\n')).toEqual({
      stdout: '', stderr: `Service already exists\n${TRY}`, code: 255,
    });
    expect(k.services.map((e) => e.service.scheduler)).toEqual(['rr']);
    expect(k.commands).not.toContain(C.IPVS_CMD_FLUSH);
  });
});

describe('-R runs lines in order', () => {
  it('a listing between changes sees the changes before it', async () => {
    const k = new FakeIpvs();
    const r = await restore(k, '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m\n-S -n\n-D -t 10.0.0.1:80\n');
    expect(r).toEqual({ stdout: '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1\n', stderr: '', code: 0 });
    expect(k.services).toEqual([]);
  });

  it('more lines than the pipelining window', async () => {
    const k = new FakeIpvs();
    const lines = Array.from({ length: 600 }, (_, i) => `-A -t 10.0.${i >> 8}.${i & 255}:80\n`).join('');
    expect(await restore(k, lines)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(k.services).toHaveLength(600);
  });

  it('empty input is status 0', async () => {
    expect(await restore(new FakeIpvs(), '')).toEqual({ stdout: '', stderr: '', code: 0 });
  });
});
