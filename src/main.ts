// ipvsadm's top level: connect to IPVS (loading the module if needed), parse argv into a
// typed Command, run it, and return the exit status. Never throws for bad input; never
// calls process.exit (the launcher does), so tests and -R can run it in-process.
import { spawnSync } from 'node:child_process';
import { helpText, versionText } from './cli/help.js';
import { parseCommandLine } from './cli/parse.js';
import type { Command, CommandKind, ParseOutcome } from './cli/command.js';
import type { Context, Io } from './commands/context.js';
import { ENOPROTOOPT, EPERM, kernelErrorMessage } from './commands/errors.js';
import { errnoOf } from './commands/kernel-call.js';
import * as modify from './commands/modify.js';
import { IpvsClient } from './netlink/client.js';
import type { NameResolver } from './resolve/resolver.js';
import { createSystemResolver } from './resolve/system.js';

export type { Io } from './commands/context.js';

type Run = (cmd: Command, ctx: Context) => Promise<number>;

/** Commands whose code is only loaded when used: a plain -A need not load the formatters. */
const RUNNERS: Record<CommandKind, () => Promise<Run>> = {
  'add-service': async () => modify.addService,
  'edit-service': async () => modify.editService,
  'delete-service': async () => modify.deleteService,
  'add-server': async () => modify.addServer,
  'edit-server': async () => modify.editServer,
  'delete-server': async () => modify.deleteServer,
  flush: async () => modify.flush,
  zero: async () => modify.zero,
  set: async () => modify.setTimeouts,
  'start-daemon': async () => modify.startDaemon,
  'stop-daemon': async () => modify.stopDaemon,
  list: async () => (await import('./commands/list.js')).list,
  save: async () => (await import('./commands/save.js')).save,
  restore: async () => (await import('./commands/restore.js')).restore,
};

const INIT_HINT = 'Are you sure that IP Virtual Server is built in the kernel or as module?\n';

/** Opens IPVS and asks GET_INFO, as ipvsadm does before looking at any argument. */
async function connect(open: () => Promise<IpvsClient>): Promise<{ client: IpvsClient; info: Awaited<ReturnType<IpvsClient['getInfo']>> }> {
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
  const r = spawnSync('/sbin/modprobe', ['--', 'ip_vs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.stdout) io.stdout.write(r.stdout);
  if (r.stderr) io.stderr.write(r.stderr);
  return r.status === 0;
}

export interface RunOptions {
  resolver?: NameResolver;
  /** Opens the kernel client (tests: a fake kernel). */
  open?: () => Promise<IpvsClient>;
  /** Loads ip_vs after a failed start; true when that worked (tests: no modprobe). */
  loadModule?: (io: Io) => boolean;
}

/** Runs one ipvsadm invocation (`args` = argv without argv[0]); resolves to the exit status. */
export async function runIpvsadm(args: string[], io: Io, opts: RunOptions = {}): Promise<number> {
  const open = opts.open ?? (() => IpvsClient.open());
  let conn;
  try {
    conn = await connect(open);
  } catch (first) {
    let errno = initErrno(first);
    if ((opts.loadModule ?? loadModule)(io)) {
      try {
        conn = await connect(open);
      } catch (second) {
        errno = initErrno(second);
      }
    }
    if (!conn) {
      io.stderr.write(`Can't initialize ipvs: ${kernelErrorMessage('init', errno)}\n${INIT_HINT}`);
      return 2;
    }
  }
  const ctx: Context = { client: conn.client, info: conn.info, io, resolver: opts.resolver ?? createSystemResolver() };
  try {
    return await runArgs(args.length === 0 ? ['-L'] : args, ctx);
  } finally {
    conn.client.close();
  }
}

/** Parses and runs one command line against an open context (also used for each -R line). */
export async function runArgs(args: string[], ctx: Context): Promise<number> {
  return runParsed(parseCommandLine(args, { argv0: ctx.io.argv0, env: ctx.io.env, resolver: ctx.resolver }), ctx);
}

export async function runParsed(outcome: ParseOutcome, ctx: Context): Promise<number> {
  switch (outcome.type) {
    case 'help':
      ctx.io.stdout.write(helpText(ctx.io.argv0));
      return 0;
    case 'version':
      ctx.io.stdout.write(versionText());
      return 0;
    case 'error':
      ctx.io.stderr.write(outcome.message);
      return outcome.exitCode;
    case 'command': {
      const run = await RUNNERS[outcome.command.kind]();
      return run(outcome.command, ctx);
    }
  }
}
