// -R with its input shared in chunks with a parsing worker (restore-batch.ts, restore-thread.ts,
// restore.ts): the requests, messages and exit status must be those of parsing every line in
// place, whichever thread parses which chunk. The worker itself runs in the bundle and is
// compared the same way in test/unit/bin/restore-thread.test.ts; here a stand-in plays it
// in-process, so any share of the chunks and a failing worker can be staged.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AS_TOKENS, PIPELINED_KINDS, batchItems, chunkBounds, encodeChunk, tokenItems } from '../../../src/commands/restore-batch.js';
import { type FromThread, NEXT_CLAIM, SharedChunks } from '../../../src/commands/restore-thread.js';
import { restoreLines } from '../../../src/cli/restore-lines.js';
import { CHANGE_OF } from '../../../src/commands/changes.js';
import type { Context, IpvsOperations } from '../../../src/commands/context.js';
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

const PARSE = { argv0: 'ipvsadm', env: {}, resolver: new FakeResolver() };

/**
 * A stand-in worker over SharedChunks: for each chunk, before the main thread asks for it,
 * `plan(c)` says whether the worker claims it ('worker': claimed and delivered; 'late':
 * claimed, delivered only when the main thread waits for it; 'main': left to the main thread)
 * or dies ('die': claims it and fails).
 */
function staged(size: number, plan: (c: number) => 'worker' | 'late' | 'main' | 'die') {
  return async (input: Uint8Array) => {
    const bounds = chunkBounds(input, size);
    const state = new Int32Array(new SharedArrayBuffer(8));
    const worker = Object.assign(new EventEmitter(), { terminate: async () => 0 });
    const chunks = new SharedChunks(input, bounds, state, worker);
    let dead = false;
    const ask = chunks.chunk.bind(chunks);
    chunks.chunk = async (c: number) => {
      if (!dead && c < bounds.length - 1 && Atomics.load(state, NEXT_CLAIM) === c) {
        const what = plan(c);
        if (what !== 'main') Atomics.add(state, NEXT_CLAIM, 1);
        const message = (): FromThread => ({ chunk: c, batch: encodeChunk(input.subarray(bounds[c]!, bounds[c + 1]!), PARSE) });
        if (what === 'worker') worker.emit('message', message());
        if (what === 'late') setTimeout(() => worker.emit('message', message()), 1);
        if (what === 'die') {
          dead = true;
          setTimeout(() => worker.emit('error', new Error('worker died')), 1);
        }
      }
      return ask(c);
    };
    return chunks;
  };
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

describe('-R chunks encoded by a worker', () => {
  it('chunks hold whole lines and split into the same lines as the whole input', () => {
    const input = Buffer.from(`${LINES.join('\n')}\n\n   \n-A -t 10.9.9.9:80 -s ${'x'.repeat(5000)}\r\n-A -t 10.9.9.8:80  `);
    const whole = [...restoreLines(input)];
    for (const size of [1, 7, 30, 100, 1 << 20]) {
      const bounds = chunkBounds(input, size);
      expect(bounds[0]).toBe(0);
      expect(bounds.at(-1)).toBe(input.length);
      for (let i = 1; i < bounds.length - 1; i++) {
        expect(input[bounds[i]! - 1]).toBe(0x0a);
        expect(bounds[i]!).toBeGreaterThan(bounds[i - 1]!);
      }
      expect(bounds.slice(0, -1).flatMap((b, i) => [...restoreLines(input.subarray(b, bounds[i + 1]))])).toEqual(whole);
    }
  });

  it('a line is an encoded change exactly when it is a pipelined change, with the bytes of parsing it in place', () => {
    const input = Buffer.from(LINES.join('\n') + '\n');
    const batch = encodeChunk(input, PARSE);
    const items = [...batchItems(batch)];
    const expected = [...tokenItems(input)].map((item) => {
      const tokens = (item as { tokens: string[] }).tokens;
      const o = parseCommandLine(tokens, PARSE);
      if (o.type !== 'command' || !PIPELINED_KINDS.includes(o.command.kind as never)) return { tokens };
      const kind = o.command.kind as (typeof PIPELINED_KINDS)[number];
      const c = CHANGE_OF[kind](o.command);
      return { kind, bytes: Buffer.from(requestFor(c.op, c as never).attrs).toString('hex') };
    });
    expect(items.map((i) => (i.kind === undefined ? { tokens: i.tokens } : { kind: i.kind, bytes: Buffer.from(i.spec.attrs).toString('hex') })))
      .toEqual(expected);
    expect(expected.filter((e) => 'tokens' in e)).toHaveLength(3); // --bogus, -L -n, -S -n
    expect(batch.kinds.filter((k) => k === AS_TOKENS)).toHaveLength(3);
  });

  const inputs: Record<string, string> = {
    'changes, errors, listings': LINES.join('\n') + '\n',
    'stopped by a failed validation': `${LINES.slice(0, 9).join('\n')}\n-A -t 10.9.9.9:0 -s rr\n${LINES.slice(9).join('\n')}\n`,
    'stopped by -h': `${LINES.slice(0, 14).join('\n')}\n-h\n-A -t 10.9.9.9:80\n`,
    'a nested -R': `${LINES.slice(0, 5).join('\n')}\n-R\n-A -t 10.9.9.9:80\n`,
  };
  const plans = {
    'all by the worker': () => 'worker' as const,
    'all by the main thread': () => 'main' as const,
    'alternating, some late': (c: number) => (['worker', 'main', 'late'] as const)[c % 3]!,
  };
  for (const [name, stdin] of Object.entries(inputs)) {
    it(`${name}: same requests, output and status as parsing in place`, async () => {
      const inPlace = await runRestore(stdin);
      expect(inPlace.log.length).toBeGreaterThan(3);
      for (const plan of Object.values(plans)) {
        for (const size of [1, 40, 200, 1 << 20]) expect(await runRestore(stdin, staged(size, plan))).toEqual(inPlace);
      }
    });
  }

  it('when the worker fails, the main thread parses the chunks it did not deliver', async () => {
    const stdin = LINES.join('\n') + '\n';
    const inPlace = await runRestore(stdin);
    for (const dieAt of [0, 1, 3]) {
      const plan = (c: number) => (c < dieAt ? 'worker' : c === dieAt ? 'die' : 'main') as 'worker' | 'die' | 'main';
      expect(await runRestore(stdin, staged(40, plan))).toEqual(inPlace);
    }
  });
  it("a worker's error arriving after the restore has stopped it is not an uncaught error", () => {
    const worker = Object.assign(new EventEmitter(), { terminate: async () => 0 });
    const input = Buffer.from('-A -t 10.0.0.1:80\n');
    const chunks = new SharedChunks(input, chunkBounds(input, 4), new Int32Array(new SharedArrayBuffer(8)), worker);
    chunks.stop();
    expect(() => worker.emit('error', new Error('late'))).not.toThrow();
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
