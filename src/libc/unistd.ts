// Process services a C program gets from libc (isatty, running another program), loaded on
// first use: node:child_process and node:tty each pull in net and stream, whose compilation
// is a large share of a cold command's start under emulation, and most commands need neither.
import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as ChildProcess from 'node:child_process';
import type * as Tty from 'node:tty';
import type * as WorkerThreads from 'node:worker_threads';

const load = createRequire(import.meta.url);

let childProcessModule: typeof ChildProcess | undefined;

/** node:child_process, required the first time a program is run. */
export function childProcess(): typeof ChildProcess {
  return (childProcessModule ??= load('node:child_process') as typeof ChildProcess);
}

/** node:worker_threads (a C program's pthreads), required the first time a thread is started. */
export function workerThreads(): typeof WorkerThreads {
  return load('node:worker_threads') as typeof WorkerThreads;
}

/** isatty(3): only a character device can be a terminal, so files and pipes skip node:tty. */
export function isatty(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (load('node:tty') as typeof Tty).isatty(fd);
}
