// ipvsadm's top level: connect to IPVS (loading the module if needed), parse argv into a
// typed Command, run it, and return the exit status. Never throws for bad input; never
// calls process.exit (the launcher does), so tests and -R can run it in-process.
import { readFileSync } from 'node:fs';
import type { Context, IpvsSession, Io, ProcReader } from './commands/context.js';
import { runLine } from './commands/dispatch.js';
import type { StartRestoreThread } from './commands/restore-thread.js';
import { kernelErrorMessage } from './commands/errors.js';
import { errnoOf } from './commands/kernel-call.js';
import { ENOPROTOOPT, EPERM } from './libc/errno.js';
import { childProcess } from './libc/unistd.js';
import type { IpvsInfo } from './model.js';
import { IpvsClient } from './netlink/client.js';
import type { NameResolver } from './resolve/resolver.js';
import { createSystemResolver } from './resolve/system.js';

export type { Io } from './commands/context.js';

const INIT_HINT = 'Are you sure that IP Virtual Server is built in the kernel or as module?\n';

/** Opens IPVS and asks GET_INFO, as ipvsadm does before looking at any argument. */
async function connect(open: () => Promise<IpvsSession>): Promise<{ client: IpvsSession; info: IpvsInfo }> {
  const client = await open();
  try {
    return { client, info: await client.getInfo() };
  } catch (e) {
    client.close();
    throw e;
  }
}

/** errno of a failed start-up; an unknown family reads as libipvs's sockopt fallback would. */
function initErrno(e: unknown): number {
  const errno = errnoOf(e);
  if (errno === ENOPROTOOPT && typeof process.geteuid === 'function' && process.geteuid() !== 0) return EPERM;
  return errno;
}

/** Runs `/sbin/modprobe -- ip_vs`, passing its output through; true when it succeeded. */
function loadModule(io: Io): boolean {
  const r = childProcess().spawnSync('/sbin/modprobe', ['--', 'ip_vs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.stdout) io.stdout.write(r.stdout);
  if (r.stderr) io.stderr.write(r.stderr);
  return r.status === 0;
}

export interface RunOptions {
  /** Default: the system's files and lookups, as glibc answers ipvsadm. */
  resolver?: NameResolver;
  /** Opens the connection to IPVS. Default: an IpvsClient on a generic-netlink socket. */
  openClient?: () => Promise<IpvsSession>;
  /** Reads /proc files (-c reads /proc/net/ip_vs_conn). Default: the file system. */
  readProcFile?: ProcReader;
  /** Loads ip_vs after a failed start; true when that worked. Default: `/sbin/modprobe -- ip_vs`. */
  loadModule?: (io: Io) => boolean;
}

/** Loaded only by a -R: a plain command need not initialise it. */
const startRestoreThread: StartRestoreThread = async (input, settings) =>
  (await import('./commands/restore-thread.js')).startRestoreThread(input, settings);

const readProcFile: ProcReader = (file) => readFileSync(file, 'latin1');

/**
 * Connects as ipvsadm does at start-up: open and GET_INFO, once more after loading the module
 * when that fails. On failure prints ipvsadm's two lines and resolves to null.
 */
export async function connectOrReport(io: Io, opts: RunOptions = {}): Promise<{ client: IpvsSession; info: IpvsInfo } | null> {
  const open = opts.openClient ?? (() => IpvsClient.open());
  try {
    return await connect(open);
  } catch (first) {
    let errno = initErrno(first);
    if ((opts.loadModule ?? loadModule)(io)) {
      try {
        return await connect(open);
      } catch (second) {
        errno = initErrno(second);
      }
    }
    io.stderr.write(`Can't initialize ipvs: ${kernelErrorMessage('init', errno)}\n${INIT_HINT}`);
    return null;
  }
}

/** Runs one ipvsadm invocation (`args` = argv without argv[0]); resolves to the exit status. */
export async function runIpvsadm(args: string[], io: Io, opts: RunOptions = {}): Promise<number> {
  const conn = await connectOrReport(io, opts);
  if (!conn) return 2;
  const ctx: Context = {
    client: conn.client,
    openClient: opts.openClient ?? (() => IpvsClient.open()),
    info: conn.info,
    io,
    resolver: opts.resolver ?? createSystemResolver(),
    readProcFile: opts.readProcFile ?? readProcFile,
    // A parsing thread has the system's resolver only: with another, every line is parsed here.
    restoreThread: opts.resolver ? undefined : startRestoreThread,
  };
  try {
    return (await runLine(args.length === 0 ? ['-L'] : args, ctx)).code;
  } finally {
    conn.client.close();
  }
}
