// -R with lines parsed and encoded ahead (restore-batch.ts, restore.ts's batch path): the
// requests, messages and exit status must be those of parsing every line in place. The worker
// itself runs in the bundle and is compared the same way in test/unit/bin/restore-thread.test.ts;
// here the batches are made in-process, so a failing "worker" can be staged too.
import { describe, expect, it } from 'vitest';
import { restoreBatches, batchItems, AS_TOKENS, PIPELINED_KINDS, tokenItems } from '../../../src/commands/restore-batch.js';
import { CHANGE_OF } from '../../../src/commands/changes.js';
import type { Context, IpvsOperations } from '../../../src/commands/context.js';
import type { RestoreThread } from '../../../src/commands/restore-thread.js';
import { runOutcome } from '../../../src/commands/dispatch.js';
import { restore } from '../../../src/commands/restore.js';
import { parseCommandLine } from '../../../src/cli/parse.js';
import type { Command } from '../../../src/cli/command.js';
import { IpvsError } from '../../../src/netlink/errors.js';
import { type RequestSpec, requestFor } from '../../../src/netlink/messages.js';
import type { Operation } from '../../../src/netlink/commands.js';
import { EEXIST } from '../../../src/libc/errno.js';
import { FakeResolver } from '../cli/helpers.js';
import { capturedIo } from './harness.js';

const INFO = { version: 0x010201, connTabSize: 4096 };

/** A client that records each request's bytes (as requestFor encodes them) and fails every `failEvery`-th change. */
function recordingClient(failEvery: number): { client: IpvsOperations; log: string[] } {
  const log: string[] = [];
  let n = 0;
  const record = (spec: RequestSpec): Promise<void> => {
    log.push(`${spec.cmd}:${Buffer.from(spec.attrs).toString('hex')}`);
    return ++n % failEvery === 0 ? Promise.reject(new IpvsError(EEXIST, 'exists')) : Promise.resolve();
  };
  const change = (op: Operation) => (...args: unknown[]): Promise<void> => {
    const named: Record<Operation, (a: unknown[]) => object> = {
      addService: (a) => ({ service: a[0] }), editService: (a) => ({ service: a[0] }), delService: (a) => ({ service: a[0] }),
      addDest: (a) => ({ service: a[0], dest: a[1] }), editDest: (a) => ({ service: a[0], dest: a[1] }),
      delDest: (a) => ({ service: a[0], dest: a[1] }), zero: (a) => ({ service: a[0] }), flush: () => ({}),
      setTimeouts: (a) => ({ timeouts: a[0] }), startDaemon: (a) => ({ daemon: a[0] }), stopDaemon: (a) => ({ daemon: a[0] }),
    } as Record<Operation, (a: unknown[]) => object>;
    return record(requestFor(op, named[op]!(args) as never));
  };
  const client: IpvsOperations = {
    getServices: async () => [], getService: async () => Promise.reject(new IpvsError(3, 'no')), getDests: async () => [],
    getTimeouts: async () => ({ tcp: 900, tcpFin: 120, udp: 300 }), getDaemons: async () => [],
    addService: change('addService'), editService: change('editService'), delService: change('delService'),
    addDest: change('addDest'), editDest: change('editDest'), delDest: change('delDest'), zero: change('zero'),
    flush: change('flush'), setTimeouts: change('setTimeouts'), startDaemon: change('startDaemon'), stopDaemon: change('stopDaemon'),
    sendEncoded: record,
  };
  return { client, log };
}

/** A "worker" made in-process: batches of `size` lines after `head`, failing after `failAfter` batches. */
function inProcessThread(head: number, size: number, failAfter = Infinity) {
  return async (input: Uint8Array): Promise<RestoreThread> => ({
    head,
    async *batches() {
      let made = 0;
      for (const b of restoreBatches(input, head, { argv0: 'ipvsadm', env: {}, resolver: new FakeResolver() }, size)) {
        if (made++ === failAfter) throw new Error('worker died');
        yield b;
      }
    },
    stop() {},
  });
}

async function runRestore(stdin: string, thread?: Context['restoreThread'], failEvery = 5) {
  const { client, log } = recordingClient(failEvery);
  const { io, stdout, stderr } = capturedIo(stdin);
  const ctx: Context = { client, info: INFO, io, resolver: new FakeResolver(), readProcFile: () => '', restoreThread: thread };
  const status = await restore({ kind: 'restore' } as Command, ctx, runOutcome);
  return { status, stdout: stdout(), stderr: stderr(), log };
}

const LINES = [
  ...Array.from({ length: 12 }, (_, i) => [`-A -t 10.0.0.${i}:80 -s rr`, `-a -t 10.0.0.${i}:80 -r 192.168.0.${i}:80 -m -w 2`]).flat(),
  '-A -t 10.1.1.1:80 --bogus', // a popt error: returned, the restore goes on
  '-E -t 10.0.0.1:80 -s wlc -p 30', '-e -t 10.0.0.1:80 -r 192.168.0.1:80 -g', '-Z -t 10.0.0.2:80', '--set 10 20 30',
  '-d -t 10.0.0.3:80 -r 192.168.0.3:80', '-D -t 10.0.0.4:80', '-L -n', '-C', '-Z',
  '-A -f 7 -6 -s wlc -p 60 -M 64', '-a -f 7 -6 -r [2001:db8::2]:0 -i', '-S -n',
];

describe('-R lines encoded ahead', () => {
  it('each line is an encoded change exactly when it is a pipelined change, with the bytes of parsing it in place', () => {
    const input = Buffer.from(LINES.join('\n') + '\n');
    const ctx = { argv0: 'ipvsadm', env: {}, resolver: new FakeResolver() };
    const items = [...restoreBatches(input, 3, ctx, 4)].flatMap((b) => [...batchItems(b)]);
    const expected = [...tokenItems(input, 3)].map((item) => {
      const tokens = (item as { tokens: string[] }).tokens;
      const o = parseCommandLine(tokens, ctx);
      if (o.type !== 'command' || !PIPELINED_KINDS.includes(o.command.kind as never)) return { tokens };
      const kind = o.command.kind as (typeof PIPELINED_KINDS)[number];
      const c = CHANGE_OF[kind](o.command);
      return { kind, bytes: Buffer.from(requestFor(c.op, c as never).attrs).toString('hex') };
    });
    expect(items.map((i) => (i.kind === undefined ? { tokens: i.tokens } : { kind: i.kind, bytes: Buffer.from(i.spec.attrs).toString('hex') })))
      .toEqual(expected);
    expect(expected.filter((e) => 'tokens' in e)).toHaveLength(3); // --bogus, -L -n, -S -n
    expect(AS_TOKENS).toBe(255);
  });

  const inputs: Record<string, string> = {
    'changes, errors, listings': LINES.join('\n') + '\n',
    'stopped by a failed validation': `${LINES.slice(0, 9).join('\n')}\n-A -t 10.9.9.9:0 -s rr\n${LINES.slice(9).join('\n')}\n`,
    'stopped by -h': `${LINES.slice(0, 14).join('\n')}\n-h\n-A -t 10.9.9.9:80\n`,
    'a nested -R': `${LINES.slice(0, 5).join('\n')}\n-R\n-A -t 10.9.9.9:80\n`,
  };
  for (const [name, stdin] of Object.entries(inputs)) {
    it(`${name}: same requests, output and status as parsing in place`, async () => {
      const inPlace = await runRestore(stdin);
      expect(inPlace.log.length).toBeGreaterThan(3);
      for (const [head, size] of [[0, 1], [0, 4], [3, 5], [1000, 4]] as const) {
        expect(await runRestore(stdin, inProcessThread(head, size))).toEqual(inPlace);
      }
    });
  }

  it('when the worker fails, the lines it did not deliver are parsed here', async () => {
    const stdin = LINES.join('\n') + '\n';
    const inPlace = await runRestore(stdin);
    for (const failAfter of [0, 1, 3]) expect(await runRestore(stdin, inProcessThread(2, 4, failAfter))).toEqual(inPlace);
  });

  it('without sendEncoded on the client there is no thread', async () => {
    let asked = false;
    const { client } = recordingClient(1000);
    delete client.sendEncoded;
    const { io } = capturedIo('-A -t 10.0.0.1:80\n');
    const thread = async (): Promise<undefined> => {
      asked = true;
      return undefined;
    };
    await restore({ kind: 'restore' } as Command, { client, info: INFO, io, resolver: new FakeResolver(), readProcFile: () => '', restoreThread: thread }, runOutcome);
    expect(asked).toBe(false);
  });
});
