// Every state-changing command against the fake IPVS: the change it makes, and ipvsadm's
// message and status when the kernel refuses it (commands/modify.ts, kernel-call.ts, errors.ts).
import { describe, expect, it } from 'vitest';
import * as C from '../../../src/netlink/constants.js';
import { EPERM } from '../../../src/libc/errno.js';
import { FakeIpvs, ipvsadm } from './harness.js';

const ok = { stdout: '', stderr: '', code: 0 };
const refused = (message: string) => ({ stdout: '', stderr: `${message}\n`, code: 255 });

async function withService(): Promise<FakeIpvs> {
  const k = new FakeIpvs();
  expect(await ipvsadm(k, '-A -t 10.0.0.1:80 -s rr')).toEqual(ok);
  return k;
}

describe('services', () => {
  it('-A adds, a second -A is "Service already exists"', async () => {
    const k = await withService();
    expect(k.services.map((e) => [e.service.port, e.service.scheduler])).toEqual([[80, 'rr']]);
    expect(await ipvsadm(k, '-A -t 10.0.0.1:80')).toEqual(refused('Service already exists'));
  });

  it('-A with an unknown scheduler', async () => {
    expect(await ipvsadm(new FakeIpvs(), '-A -t 10.0.0.1:80 -s nope')).toEqual(refused('Scheduler or persistence engine not found'));
  });

  it('-E edits, or "No such service"', async () => {
    const k = await withService();
    expect(await ipvsadm(k, '-E -t 10.0.0.1:80 -s wlc -p 60')).toEqual(ok);
    expect(k.services[0]!.service).toMatchObject({ scheduler: 'wlc', timeout: 60 });
    expect(await ipvsadm(k, '-E -t 10.0.0.1:81 -s wlc')).toEqual(refused('No such service'));
  });

  it('-D deletes, or "No such service"', async () => {
    const k = await withService();
    expect(await ipvsadm(k, '-D -t 10.0.0.1:80')).toEqual(ok);
    expect(k.services).toEqual([]);
    expect(await ipvsadm(k, '-D -t 10.0.0.1:80')).toEqual(refused('No such service'));
  });

  it('-C flushes', async () => {
    const k = await withService();
    expect(await ipvsadm(k, '-C')).toEqual(ok);
    expect(k.services).toEqual([]);
  });

  it('-Z zeroes one service (ESRCH: "No such service") or, with no service, all', async () => {
    const k = await withService();
    expect(await ipvsadm(k, '-Z -t 10.0.0.1:80')).toEqual(ok);
    expect(await ipvsadm(k, '-Z -t 10.0.0.9:80')).toEqual(refused('No such service'));
    expect(await ipvsadm(k, '-Z')).toEqual(ok);
    expect(k.commands.filter((c) => c === C.IPVS_CMD_ZERO)).toHaveLength(3);
  });
});

describe('real servers', () => {
  it('-a adds, -e edits, -d deletes, with ipvsadm\'s words for each refusal', async () => {
    const k = await withService();
    expect(await ipvsadm(k, '-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 3')).toEqual(ok);
    expect(k.services[0]!.dests.map((d) => [d.port, d.weight, d.fwdMethod])).toEqual([[80, 3, 0]]);
    expect(await ipvsadm(k, '-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m')).toEqual(refused('Destination already exists'));
    expect(await ipvsadm(k, '-a -t 10.0.0.9:80 -r 10.0.0.2:80')).toEqual(refused('Service not defined'));
    expect(await ipvsadm(k, '-e -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 5')).toEqual(ok);
    expect(k.services[0]!.dests[0]).toMatchObject({ weight: 5, fwdMethod: 3 });
    expect(await ipvsadm(k, '-e -t 10.0.0.1:80 -r 10.0.0.3:80')).toEqual(refused('No such destination'));
    expect(await ipvsadm(k, '-d -t 10.0.0.1:80 -r 10.0.0.2:80')).toEqual(ok);
    expect(await ipvsadm(k, '-d -t 10.0.0.1:80 -r 10.0.0.2:80')).toEqual(refused('No such destination'));
    expect(await ipvsadm(k, '-d -t 10.0.0.9:80 -r 10.0.0.2:80')).toEqual(refused('Service not defined'));
  });
});

describe('timeouts and sync daemons', () => {
  it('--set changes the non-zero timeouts', async () => {
    const k = new FakeIpvs();
    expect(await ipvsadm(k, '--set 10 0 30')).toEqual(ok);
    expect(k.timeouts).toEqual({ tcp: 10, tcpFin: 120, udp: 30 });
  });

  it('--start-daemon twice is "Daemon has already run"; --stop-daemon of none is "No daemon is running"', async () => {
    const k = new FakeIpvs();
    expect(await ipvsadm(k, '--start-daemon master --mcast-interface lo --syncid 7')).toEqual(ok);
    expect(k.daemons).toMatchObject([{ state: 1, mcastIfn: 'lo', syncId: 7 }]);
    expect(await ipvsadm(k, '--start-daemon master')).toEqual(refused('Daemon has already run'));
    expect(await ipvsadm(k, '--stop-daemon master')).toEqual(ok);
    expect(await ipvsadm(k, '--stop-daemon master')).toEqual(refused('No daemon is running'));
  });

  it('a stop the kernel does not answer (its new thread had not yet run) still ends, as a stop', async () => {
    const k = new FakeIpvs();
    k.stopsUnanswered = true;
    expect(await ipvsadm(k, '--start-daemon backup --mcast-interface lo')).toEqual(ok);
    expect(await ipvsadm(k, '--stop-daemon backup')).toEqual(ok);
    expect(k.daemons).toEqual([]);
    expect(await ipvsadm(k, '--stop-daemon backup')).toEqual(refused('No daemon is running'));
    // Inside -R too, where the stop is the last line.
    const restore = await ipvsadm(k, '-R', { stdin: '--start-daemon backup --mcast-interface lo\n--stop-daemon backup\n' });
    expect(restore).toEqual(ok);
    expect(k.daemons).toEqual([]);
  });
});

describe('errors for any operation', () => {
  it('EPERM reads "Permission denied (you must be root)"', async () => {
    const k = new FakeIpvs();
    k.failing.set(C.IPVS_CMD_NEW_SERVICE, EPERM);
    expect(await ipvsadm(k, '-A -t 10.0.0.1:80')).toEqual(refused('Permission denied (you must be root)'));
  });

  it('an errno without a table row is strerror\'s text', async () => {
    const k = new FakeIpvs();
    k.failing.set(C.IPVS_CMD_FLUSH, 16);
    expect(await ipvsadm(k, '-C')).toEqual(refused('Device or resource busy'));
  });
});
