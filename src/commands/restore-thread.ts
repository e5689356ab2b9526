// -R's parsing thread. The kernel carries out each change inside our sendmsg(), so on one
// thread parsing and the kernel's work take turns; a worker thread parses and encodes the
// lines ahead (restore-batch.ts) while this one sends them, and on a machine with two CPUs the
// two overlap. What is run, the messages and the exit status are those of one thread: the
// lines come back in order, every line that is not a plain change is parsed and run here, and
// if the worker fails, the lines it did not deliver are parsed here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerThreads } from '../libc/unistd.js';
import { createSystemResolver } from '../resolve/system.js';
import type { Worker } from 'node:worker_threads';
import { type RestoreBatch, restoreBatches } from './restore-batch.js';

/** The lines run before the worker's first batch: parsed here while the worker starts. */
const AUTO_HEAD = 2000;
/** Smaller inputs are parsed here alone: a worker's start would cost more than it saves. */
const AUTO_MIN_BYTES = 256 * 1024;
/** Batches the worker may be ahead by (bounded memory for a file of any size). */
const AHEAD = 16;
const ROLE = 'ipvsadm-restore-parser';
/** Lines per batch. */
const BATCH_LINES = 1024;

export interface RestoreThread {
  /** How many lines the caller runs from its own parse before the first batch. */
  head: number;
  /** The batches of the lines after `head`, in order; throws if the worker failed. */
  batches(): AsyncGenerator<RestoreBatch>;
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
  skip: number;
}

type FromThread = { batch: RestoreBatch } | { end: true } | { error: string };

/**
 * IPVSADM_RESTORE_THREAD: `off`; a line count N (a worker parses from the N+1st line on,
 * whatever the input, as the tests run it); or unset/`auto`: from line AUTO_HEAD+1 when the
 * input is large and there are two CPUs or more.
 */
export function threadHead(env: Record<string, string | undefined>, inputBytes: number, cpus: number): number | undefined {
  const setting = env.IPVSADM_RESTORE_THREAD ?? 'auto';
  if (/^\d+$/.test(setting)) return Number(setting);
  if (setting !== 'auto') return undefined;
  return inputBytes >= AUTO_MIN_BYTES && cpus >= 2 ? AUTO_HEAD : undefined;
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

/** One worker's batches as they arrive. */
class WorkerQueue {
  private readonly queue: FromThread[] = [];
  private wake: (() => void) | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: FromThread) => this.arrive(m));
    worker.on('error', (e: Error) => this.arrive({ error: e.message }));
    worker.on('exit', (code) => this.arrive({ error: `parsing thread exited (${code})` }));
  }

  private arrive(m: FromThread): void {
    this.queue.push(m);
    this.wake?.();
  }

  /** Its next batch, or undefined at its end; throws if it failed. */
  async next(): Promise<RestoreBatch | undefined> {
    while (this.queue.length === 0) await new Promise<void>((r) => (this.wake = r));
    const m = this.queue[0]!;
    if ('end' in m) return undefined;
    if ('error' in m) throw new Error(m.error);
    this.queue.shift();
    this.worker.postMessage(1); // one more batch may be made
    return m.batch;
  }

  stop(): void {
    this.worker.removeAllListeners();
    void this.worker.terminate();
  }
}

/** Starts the parsing worker for `input` when the setting and the input call for one. */
export const startRestoreThread: StartRestoreThread = async (input, settings) => {
  const head = threadHead(settings.env, input.length, os.availableParallelism());
  if (head === undefined) return undefined;
  const script = workerScript();
  if (!script) return undefined;
  const { Worker } = workerThreads();
  const workerData: ThreadData = { role: ROLE, input, skip: head, argv0: settings.argv0, env: { ...settings.env } };
  const worker = new WorkerQueue('code' in script ? new Worker(script.code, { eval: true, workerData }) : new Worker(script.url, { workerData }));
  return {
    head,
    async *batches() {
      for (;;) {
        const batch = await worker.next();
        if (!batch) return;
        yield batch;
      }
    },
    stop() {
      worker.stop();
    },
  };
};

/** The worker's side: parse and encode the lines after `skip`, at most AHEAD batches ahead. */
export async function serveRestoreThread(): Promise<void> {
  const { parentPort, workerData } = workerThreads();
  const data = workerData as ThreadData | undefined;
  if (!parentPort || data?.role !== ROLE) throw new Error('not an ipvsadm -R parsing thread');
  let credit = AHEAD;
  let wake: (() => void) | undefined;
  parentPort.on('message', (n: number) => {
    credit += n;
    wake?.();
  });
  try {
    const ctx = { argv0: data.argv0, env: data.env, resolver: createSystemResolver() };
    for (const batch of restoreBatches(data.input, data.skip, ctx, BATCH_LINES)) {
      while (credit === 0) await new Promise<void>((r) => (wake = r));
      credit--;
      const buffers = [batch.kinds.buffer, batch.cmds.buffer, batch.ends.buffer, batch.attrs.buffer] as ArrayBuffer[];
      parentPort.postMessage({ batch } satisfies FromThread, buffers);
    }
    parentPort.postMessage({ end: true } satisfies FromThread);
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies FromThread);
  }
  parentPort.unref();
}
