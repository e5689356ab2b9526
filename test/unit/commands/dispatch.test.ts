// The dispatcher and the small pieces under every command (dispatch.ts, errors.ts,
// kernel-call.ts, entries.ts, context.ts), on a context built from the fake IPVS.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/parse.js';
import { helpText, versionText } from '../../../src/cli/help.js';
import { type Context, type IpvsSession, exited, returned } from '../../../src/commands/context.js';
import { runLine, runOutcome } from '../../../src/commands/dispatch.js';
import { serviceEntries } from '../../../src/commands/entries.js';
import { kernelErrorMessage } from '../../../src/commands/errors.js';
import { errnoOf, kernelCall } from '../../../src/commands/kernel-call.js';
import { EEXIST, EINVAL, ENOENT, EPERM, ESRCH } from '../../../src/libc/errno.js';
import { IpvsError } from '../../../src/netlink/errors.js';
import { FakeResolver } from '../cli/helpers.js';
import { FakeIpvs } from './fake-ipvs.js';
import { capturedIo } from './harness.js';

interface Captured {
  ctx: Context;
  out: () => string;
  err: () => string;
  session: IpvsSession;
}

async function context(k = new FakeIpvs()): Promise<Captured> {
  const { io, stdout, stderr } = capturedIo();
  const session = await k.open();
  const ctx: Context = {
    client: session,
    info: await session.getInfo(),
    resolver: new FakeResolver(),
    readProcFile: () => {
      throw new Error('no /proc here');
    },
    io,
  };
  return { ctx, out: stdout, err: stderr, session };
}

describe('runOutcome', () => {
  it('help and version print and exit 0', async () => {
    const c = await context();
    expect(await runOutcome({ type: 'help' }, c.ctx)).toEqual(exited(0));
    expect(await runOutcome({ type: 'version' }, c.ctx)).toEqual(exited(0));
    expect(c.out()).toBe(helpText('ipvsadm') + versionText());
    c.session.close();
  });

  it('an error prints its message; `exits` decides exited or returned', async () => {
    const c = await context();
    expect(await runOutcome({ type: 'error', message: 'a\n', exitCode: 2, exits: true }, c.ctx)).toEqual(exited(2));
    expect(await runOutcome({ type: 'error', message: 'b\n', exitCode: 255, exits: false }, c.ctx)).toEqual(returned(255));
    expect(c.err()).toBe('a\nb\n');
    c.session.close();
  });

  it('the parser says which errors exit: fail() and the Try line do, a popt error after the first option does not', () => {
    const parse = (line: string) => parseCommandLine(line.split(' '), { argv0: 'ipvsadm', env: {}, resolver: new FakeResolver() });
    expect(parse('-A -t bad:80')).toMatchObject({ type: 'error', exitCode: 2, exits: true });
    expect(parse('foo')).toMatchObject({ type: 'error', exitCode: 255, exits: true });
    expect(parse('-A -t 10.0.0.1:80 --foo')).toMatchObject({ type: 'error', exitCode: 255, exits: false });
    expect(parse('-A -t 10.0.0.1:80 -s')).toMatchObject({ type: 'error', exitCode: 255, exits: false });
  });

  it('a command runs its module: a change returns, a failed listing exits', async () => {
    const k = new FakeIpvs();
    const c = await context(k);
    expect(await runLine(['-A', '-t', '10.0.0.1:80'], c.ctx)).toEqual(returned(0));
    expect(await runLine(['-A', '-t', '10.0.0.1:80'], c.ctx)).toEqual(returned(255));
    expect(await runLine(['-L', '-n', '-t', '10.0.0.2:80'], c.ctx)).toEqual(exited(1));
    expect(c.err()).toBe('Service already exists\nNo such service\n');
    expect(k.services).toHaveLength(1);
    c.session.close();
  });
});

describe('kernel errors', () => {
  it('the operation\'s row, then the row for any operation, then strerror', () => {
    expect(kernelErrorMessage('add-service', EEXIST)).toBe('Service already exists');
    expect(kernelErrorMessage('edit-server', ENOENT)).toBe('No such destination');
    expect(kernelErrorMessage('flush', ENOENT)).toBe('No such file or directory');
    expect(kernelErrorMessage('delete-service', EPERM)).toBe('Permission denied (you must be root)');
    expect(kernelErrorMessage('list', ESRCH)).toBe('No such service');
    expect(kernelErrorMessage('init', 4242)).toBe('Unknown error 4242');
  });

  it('an exchange that failed without a kernel errno reads as EINVAL', () => {
    expect(errnoOf(new IpvsError(ESRCH))).toBe(ESRCH);
    expect(errnoOf(new Error('boom'))).toBe(EINVAL);
  });

  it('kernelCall: 0, or the message and a returned 255; a bug is not turned into a message', async () => {
    const c = await context();
    expect(await kernelCall(c.ctx, 'zero', async () => undefined)).toEqual(returned(0));
    expect(await kernelCall(c.ctx, 'zero', async () => Promise.reject(new IpvsError(ESRCH)))).toEqual(returned(255));
    expect(c.err()).toBe('No such service\n');
    await expect(kernelCall(c.ctx, 'zero', async () => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
    c.session.close();
  });
});

describe('serviceEntries', () => {
  it('yields each service with its real servers, sorted unless nosort', async () => {
    const k = new FakeIpvs();
    const c = await context(k);
    for (const line of ['-A -t 10.0.0.1:80', '-A -t 10.0.0.2:80', '-a -t 10.0.0.1:80 -r 10.0.0.9:80', '-a -t 10.0.0.1:80 -r 10.0.0.3:80']) {
      expect((await runLine(line.split(' '), c.ctx)).code).toBe(0);
    }
    const services = await c.session.getServices();
    const collect = async (nosort: boolean) => {
      const out: string[][] = [];
      for await (const e of serviceEntries({ client: c.session }, services, { nosort, counters: false })) out.push([String(e.service.addr[3]), ...e.dests.map((d) => String(d.addr[3]))]);
      return out;
    };
    expect(await collect(false)).toEqual([['1', '3', '9'], ['2']]);
    expect(await collect(true)).toEqual([['1', '9', '3'], ['2']]);
    c.session.close();
  });
});
