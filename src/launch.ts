// Process glue for the bin/ launchers: real streams, argv[0] as a shell would have passed it,
// buffered stdout (one write per 4 KiB, as stdio buffers a pipe; not per line), and the exit status.
import fs from 'node:fs';
import path from 'node:path';
import type { Io, OutputStream } from './commands/context.js';
import { isatty } from './libc/unistd.js';

/**
 * ipvsadm prints argv[0] as invoked. A script launcher only sees the path the shell found, so
 * when PATH leads to this same file under its bare name, we say the bare name.
 */
export function invokedName(scriptPath: string | undefined, fallback: string, envPath = process.env.PATH ?? ''): string {
  if (!scriptPath) return fallback;
  const base = path.basename(scriptPath);
  for (const dir of envPath.split(':')) {
    if (!dir) continue;
    const candidate = path.join(dir, base);
    if (fs.existsSync(candidate)) {
      try {
        return fs.realpathSync(candidate) === fs.realpathSync(scriptPath) ? base : scriptPath;
      } catch {
        return scriptPath;
      }
    }
  }
  return scriptPath;
}

/**
 * A write to a pipe nobody reads kills the C ipvsadm with SIGPIPE (`ipvsadm -L | head -1`:
 * a shell sees 141, nothing is printed). Node ignores SIGPIPE; removing the last listener of
 * it puts back the default action, and the signal then ends us the same way.
 */
export function dieOfBrokenPipe(): never {
  const noop = (): void => {};
  process.on('SIGPIPE', noop);
  process.removeListener('SIGPIPE', noop);
  process.kill(process.pid, 'SIGPIPE');
  process.exit(141); // only if the signal could not end us
}

/** Collects output and writes it to a file descriptor in large synchronous chunks. */
export class FdWriter implements OutputStream {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number, private readonly limit = 65536) {}

  write(chunk: string): boolean {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.limit) this.flush();
    return true;
  }

  writeBytes(bytes: Uint8Array): boolean {
    this.flush();
    this.writeAll(bytes);
    return true;
  }

  flush(): void {
    if (this.size === 0) return;
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    this.writeAll(data);
  }

  private writeAll(data: Uint8Array): void {
    let off = 0;
    while (off < data.length) {
      try {
        off += fs.writeSync(this.fd, data, off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') dieOfBrokenPipe();
        throw e;
      }
    }
  }
}

function readAllStdin(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (d: Buffer) => chunks.push(d));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}

export function processIo(argv0: string): Io & { flush(): void } {
  // Flushed every 4 KiB, as glibc's stdio buffers a pipe: a reader that goes away
  // (`ipvsadm -L | head -1`) is then noticed at the same point as by the C program.
  const stdout = new FdWriter(1, 4096);
  // stderr unbuffered in spirit: flushed at every line so it interleaves like the C tool's.
  const stderr = new FdWriter(2, 1);
  return {
    argv0,
    env: process.env,
    stdin: readAllStdin,
    stdout,
    stderr,
    // Asked only by listings deciding on colour; process.stdout is never made (see unistd).
    get isTTY() {
      return isatty(1);
    },
    flush() {
      stdout.flush();
      stderr.flush();
    },
  };
}

/** Runs `body` with process streams, then exits with its status (also on an unexpected crash). */
export async function launch(defaultName: string, body: (io: Io, args: string[]) => Promise<number>): Promise<never> {
  const io = processIo(invokedName(process.argv[1], defaultName));
  let code: number;
  try {
    code = await body(io, process.argv.slice(2));
  } catch (e) {
    io.flush();
    // A bug of ours, not an ipvsadm message: say so briefly, no stack trace unless asked.
    process.stderr.write(`${io.argv0}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.IPVSADM_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exit(70);
  }
  io.flush();
  process.exit(code);
}
