// -L and -S against the fake IPVS and a given /proc (commands/list.ts, save.ts, entries.ts):
// which listing runs, in which order, and the status and message of each failure.
import { describe, expect, it } from 'vitest';
import * as C from '../../../src/netlink/constants.js';
import { EPERM } from '../../../src/libc/errno.js';
import { FakeIpvs, ipvsadm } from './harness.js';

const CONN_FILE = '/proc/net/ip_vs_conn';
const CONN_TEXT =
  'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n' +
  'TCP 0A000005 D431 0A000001 0050 0A000002 0050 ESTABLISHED 899\n';

async function rich(): Promise<FakeIpvs> {
  const k = new FakeIpvs();
  for (const line of ['-A -t 10.0.0.1:80 -s rr', '-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 3', '-A -u [2001:db8::1]:53', '--start-daemon master --mcast-interface lo --syncid 7']) {
    expect((await ipvsadm(k, line)).code).toBe(0);
  }
  return k;
}

const HEAD = 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
const TCP_SERVICE = 'TCP  10.0.0.1:80 rr\n  -> 10.0.0.2:80                  Masq    3      0          0         \n';

describe('-L', () => {
  it('the whole table: version line, titles, services with their real servers', async () => {
    expect(await ipvsadm(await rich(), '-L -n')).toEqual({
      stdout: `IP Virtual Server version 1.2.1 (size=4096)\n${HEAD}${TCP_SERVICE}UDP  [2001:db8::1]:53 wlc\n`,
      stderr: '',
      code: 0,
    });
  });

  it('no arguments lists the table', async () => {
    const k = await rich();
    expect(await ipvsadm(k, [])).toEqual(await ipvsadm(k, '-L'));
  });

  it('one service, or "No such service" and exit 1', async () => {
    const k = await rich();
    expect(await ipvsadm(k, '-L -n -t 10.0.0.1:80')).toEqual({ stdout: `${HEAD}${TCP_SERVICE}`, stderr: '', code: 0 });
    expect(await ipvsadm(k, '-L -n -t 10.0.0.9:80')).toEqual({ stdout: '', stderr: 'No such service\n', code: 1 });
  });

  it('a failed dump: the version line, then the message and exit 1', async () => {
    const k = await rich();
    k.failing.set(C.IPVS_CMD_GET_SERVICE, EPERM);
    expect(await ipvsadm(k, '-L -n')).toEqual({
      stdout: 'IP Virtual Server version 1.2.1 (size=4096)\n',
      stderr: 'Permission denied (you must be root)\n',
      code: 1,
    });
  });

  it('--timeout and --daemon; a failed one exits 1 without a message', async () => {
    const k = await rich();
    expect(await ipvsadm(k, '-L --timeout')).toEqual({ stdout: 'Timeout (tcp tcpfin udp): 900 120 300\n', stderr: '', code: 0 });
    expect(await ipvsadm(k, '-L --daemon')).toEqual({ stdout: 'master sync daemon (mcast=lo, syncid=7)\n', stderr: '', code: 0 });
    k.failing.set(C.IPVS_CMD_GET_CONFIG, EPERM);
    k.failing.set(C.IPVS_CMD_GET_DAEMON, EPERM);
    expect(await ipvsadm(k, '-L --timeout')).toEqual({ stdout: '', stderr: '', code: 1 });
    expect(await ipvsadm(k, '-L --daemon')).toEqual({ stdout: '', stderr: '', code: 1 });
  });

  it('-c reads the connection file through the injected /proc reader', async () => {
    const k = await rich();
    expect(await ipvsadm(k, '-L -n -c', { proc: { [CONN_FILE]: CONN_TEXT } })).toEqual({
      stdout:
        'IPVS connection entries\npro expire state       source             virtual            destination\n' +
        'TCP 14:59  ESTABLISHED 10.0.0.5:54321     10.0.0.1:80        10.0.0.2:80\n',
      stderr: '',
      code: 0,
    });
  });

  it('-c: a file that cannot be opened, or is empty, exits 1 with ipvsadm\'s words', async () => {
    const k = await rich();
    expect(await ipvsadm(k, '-L -n -c')).toEqual({ stdout: '', stderr: `cannot open file ${CONN_FILE}\n`, code: 1 });
    expect(await ipvsadm(k, '-L -n -c', { proc: { [CONN_FILE]: '' } })).toEqual({ stdout: '', stderr: `unexpected input from ${CONN_FILE}\n`, code: 1 });
  });

  it('a listing decodes counters only for --stats and --rate', async () => {
    const k = await rich();
    const stats = await ipvsadm(k, '-L -n --stats');
    expect(stats.stdout).toContain('Conns   InPkts  OutPkts  InBytes OutBytes');
    expect(stats.code).toBe(0);
  });
});

describe('-S', () => {
  it('every service and real server as rules, always sorted', async () => {
    const k = await rich();
    await ipvsadm(k, '-A -t 10.0.0.0:80');
    expect(await ipvsadm(k, '-S -n')).toEqual({
      stdout: '-A -t 10.0.0.0:80 -s wlc\n-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 3\n-A -u [2001:db8::1]:53 -s wlc\n',
      stderr: '',
      code: 0,
    });
  });

  it('a failed dump exits 1 with the message', async () => {
    const k = await rich();
    k.failing.set(C.IPVS_CMD_GET_DEST, EPERM);
    expect(await ipvsadm(k, '-S -n')).toEqual({ stdout: '', stderr: 'Permission denied (you must be root)\n', code: 1 });
  });
});

describe('-L and -S on a big table spread the real-server dumps over more sockets', () => {
  it('opens up to three more connections, lists in the same order, and closes them', async () => {
    const { FakeIpvs: Fake, countSessions, ipvsadm: run } = await import('./harness.js');
    const kernel = new Fake();
    const lines: string[] = [];
    for (let s = 0; s < 800; s++) {
      lines.push(`-A -t 10.0.${s >> 8}.${s & 255}:80 -s rr`, `-a -t 10.0.${s >> 8}.${s & 255}:80 -r 192.168.1.${(s % 200) + 1}:80 -m -w ${s % 7}`);
    }
    expect((await run(kernel, '-R', { stdin: lines.join('\n') + '\n' })).code).toBe(0);
    const sessions = countSessions(kernel);
    const listed = await run(kernel, '-L -n');
    expect(sessions).toEqual({ opened: 4, closed: 4 }); // the command's own, and three for 800 services
    const rows = listed.stdout.split('\n').filter((l) => l.startsWith('  -> 192.'));
    expect(rows).toHaveLength(800);
    // Each service's own real server, in the service order -L sorts (by address, then port).
    const services = listed.stdout.split('\n').filter((l) => l.startsWith('TCP  '));
    services.forEach((line, i) => {
      const n = Number(line.split(/\s+/)[1]!.split(':')[0]!.split('.')[2]) * 256 + Number(line.split(/\s+/)[1]!.split(':')[0]!.split('.')[3]);
      expect(rows[i]).toMatch(new RegExp(`^  -> 192\\.168\\.1\\.${(n % 200) + 1}:80 +Masq +${n % 7} `));
    });
    sessions.opened = sessions.closed = 0;
    const saved = await run(kernel, '-S -n');
    expect(sessions).toEqual({ opened: 4, closed: 4 });
    expect(saved.stdout.split('\n').filter((l) => l.startsWith('-a '))).toHaveLength(800);
  });
});
