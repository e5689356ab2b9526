// -R's parsing thread. The kernel carries out each change inside our sendmsg(), so on one
// thread parsing and the kernel's work take turns. With a worker, the input is cut into chunks
// of whole lines (restore-batch.ts) that the two threads claim in order from a shared counter:
// the worker parses and encodes each chunk it claims and hands it over as a batch; the main
// thread runs the chunks in order, and one that nobody has claimed yet when its turn comes, it
// claims and parses itself. So neither waits while there is parsing to do, and what is run,
// the messages and the exit status are those of one thread: every line that is not a plain
// change is parsed and run by the main thread in its place, and if the worker fails, the main
// thread parses the chunks it did not deliver.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerThreads } from '../libc/unistd.js';
import { createSystemResolver } from '../resolve/system.js';
import { type RestoreBatch, chunkBounds, encodeChunk } from './restore-batch.js';

/** Chunk size: some 700 lines of a saved table (`-a -t 10.0.39.15:80 -r 192.168.3.17:8080 -m -w 1`). */
const CHUNK_BYTES = 32 * 1024;
/** Smaller inputs are parsed by the main thread alone: a worker's start would cost more than it saves. */
const AUTO_MIN_BYTES = 256 * 1024;
/** Chunks the worker may be ahead of the main thread by (bounded memory for a file of any size). */
const AHEAD = 16;
const ROLE = 'ipvsadm-restore-parser';
/** Slots of the shared Int32Array. */
export const NEXT_CLAIM = 0;
export const RUN_UP_TO = 1;

/** A chunk as the main thread gets it: encoded by the worker, or its lines to parse here. */
export type RestoreChunk = { batch: RestoreBatch } | { lines: Uint8Array };

export interface RestoreThread {
  /** Chunk `c` (asked for in order from 0), or undefined past the last. */
  chunk(c: number): Promise<RestoreChunk | undefined>;
  /** Chunk `c` has been run (the worker may go on ahead). */
  ran(c: number): void;
  stop(): void;
}

export interface ParseSettings {
  argv0: string;
  env: Record<string, string | undefined>;
}

export type StartRestoreThread = (input: Uint8Array, settings: ParseSettings) => Promise<RestoreThread | undefined>;

interface ThreadData extends ParseSettings {
  role: typeof ROLE;
  input: Uint8Array;
  bounds: number[];
  shared: SharedArrayBuffer;
}

export type FromThread = { chunk: number; batch: RestoreBatch } | { end: true } | { error: string };

/**
 * IPVSADM_RESTORE_THREAD: `off`; a chunk size N in bytes (a worker is started whatever the
 * input; the tests use small chunks); or unset/`auto`: when the input is large and there are
 * two CPUs or more.
 */
function chunkSize(env: Record<string, string | undefined>, inputBytes: number, cpus: number): number | undefined {
  const setting = env.IPVSADM_RESTORE_THREAD ?? 'auto';
  if (/^[1-9]\d*$/.test(setting)) return Number(setting);
  if (setting !== 'auto') return undefined;
  return inputBytes >= AUTO_MIN_BYTES && cpus >= 2 ? CHUNK_BYTES : undefined;
}

/** How to start the worker: the bundle beside this one (through start.cjs, for its code cache), or the compiled module. */
function workerScript(): { code: string } | { url: URL } | undefined {
  const here = import.meta.url;
  if (here.endsWith('.cjs')) {
    const dir = path.dirname(fileURLToPath(here));
    const start = path.join(dir, 'start.cjs');
    const bundle = path.join(dir, 'restore-thread.cjs');
    if (!fs.existsSync(start) || !fs.existsSync(bundle)) return undefined;
    return { code: `require(${JSON.stringify(start)}).startBundle(${JSON.stringify(bundle)})` };
  }
  if (here.endsWith('.js')) {
    const url = new URL('../entry/restore-thread.js', here);
    return fs.existsSync(url) ? { url } : undefined;
  }
  return undefined; // TypeScript sources (unit tests): one thread
}

/** Starts the parsing worker for `input` when the setting and the input call for one. */
export const startRestoreThread: StartRestoreThread = async (input, settings) => {
  const size = chunkSize(settings.env, input.length, os.availableParallelism());
  if (size === undefined) return undefined;
  const script = workerScript();
  if (!script) return undefined;
  const { Worker } = workerThreads();
  const bounds = chunkBounds(input, size);
  const shared = new SharedArrayBuffer(8);
  const workerData: ThreadData = { role: ROLE, input, bounds, shared, argv0: settings.argv0, env: { ...settings.env } };
  const worker = 'code' in script ? new Worker(script.code, { eval: true, workerData }) : new Worker(script.url, { workerData });
  return new SharedChunks(input, bounds, new Int32Array(shared), worker);
};

/** What SharedChunks needs of a worker (a Worker; a stand-in in the unit tests). */
export interface ChunkWorker {
  on(event: 'message', listener: (m: FromThread) => void): unknown;
  on(event: 'error' | 'exit', listener: () => void): unknown;
  removeAllListeners(): unknown;
  terminate(): Promise<number>;
}

/**
 * The main thread's side of the chunks it shares with the worker. `state` is shared with it:
 * [NEXT_CLAIM] the next chunk nobody has claimed, [RUN_UP_TO] the chunks run so far.
 */
export class SharedChunks implements RestoreThread {
  private readonly delivered = new Map<number, RestoreBatch>();
  private failed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly input: Uint8Array,
    private readonly bounds: number[],
    private readonly state: Int32Array,
    private readonly worker: ChunkWorker,
  ) {
    worker.on('message', (m: FromThread) => {
      if ('chunk' in m) this.delivered.set(m.chunk, m.batch);
      else if ('error' in m) this.failed = true;
      this.wake?.();
    });
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
  }

  private fail(): void {
    this.failed = true;
    this.wake?.();
  }

  async chunk(c: number): Promise<RestoreChunk | undefined> {
    if (c >= this.bounds.length - 1) return undefined;
    for (;;) {
      const batch = this.delivered.get(c);
      if (batch) {
        this.delivered.delete(c);
        return { batch };
      }
      // Nobody has it yet: it is ours. (Claims go in order, so a claimed chunk is the worker's.)
      if (Atomics.compareExchange(this.state, NEXT_CLAIM, c, c + 1) === c || this.failed) {
        return { lines: this.input.subarray(this.bounds[c]!, this.bounds[c + 1]!) };
      }
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  ran(c: number): void {
    Atomics.store(this.state, RUN_UP_TO, c + 1);
    Atomics.notify(this.state, RUN_UP_TO);
  }

  stop(): void {
    this.worker.removeAllListeners();
    this.worker.on('error', () => undefined); // one still on its way must not be an uncaught 'error'
    void this.worker.terminate();
  }
}

/** The worker's side: claim the next chunk, parse and encode it, hand it over; never more than AHEAD ahead. */
export function serveRestoreThread(): void {
  const { parentPort, workerData } = workerThreads();
  const data = workerData as ThreadData | undefined;
  if (!parentPort || data?.role !== ROLE) throw new Error('not an ipvsadm -R parsing thread');
  const state = new Int32Array(data.shared);
  const chunks = data.bounds.length - 1;
  try {
    const ctx = { argv0: data.argv0, env: data.env, resolver: createSystemResolver() };
    for (;;) {
      const c = Atomics.add(state, NEXT_CLAIM, 1);
      if (c >= chunks) break;
      for (let ran = Atomics.load(state, RUN_UP_TO); c - ran >= AHEAD; ran = Atomics.load(state, RUN_UP_TO)) {
        Atomics.wait(state, RUN_UP_TO, ran, 1000);
      }
      const batch = encodeChunk(data.input.subarray(data.bounds[c]!, data.bounds[c + 1]!), ctx);
      const buffers = [batch.kinds.buffer, batch.cmds.buffer, batch.ends.buffer, batch.attrs.buffer] as ArrayBuffer[];
      parentPort.postMessage({ chunk: c, batch } satisfies FromThread, buffers);
    }
    parentPort.postMessage({ end: true } satisfies FromThread);
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies FromThread);
  }
}
