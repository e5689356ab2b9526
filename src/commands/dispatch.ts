// The one command dispatcher, used by main and by each -R line: a parse outcome in, ipvsadm's
// output and a Status (exit code, and whether ipvsadm would have exit()ed) out.
import { helpText, versionText } from '../cli/help.js';
import type { CommandKind, ParseOutcome } from '../cli/command.js';
import { parseCommandLine } from '../cli/parse.js';
import { type Context, type Run, type Status, exited, returned } from './context.js';
import * as modify from './modify.js';

/** The state-changing commands: at hand, no await (a restore runs one per line). */
type LazyKind = 'list' | 'save' | 'restore';
const CHANGES: Record<Exclude<CommandKind, LazyKind>, Run> = {
  'add-service': modify.addService,
  'edit-service': modify.editService,
  'delete-service': modify.deleteService,
  'add-server': modify.addServer,
  'edit-server': modify.editServer,
  'delete-server': modify.deleteServer,
  flush: modify.flush,
  zero: modify.zero,
  set: modify.setTimeouts,
  'start-daemon': modify.startDaemon,
  'stop-daemon': modify.stopDaemon,
};

/** Commands whose code is only initialised when used: a plain -A need not set up the formatters. */
const RUNNERS: Record<LazyKind, () => Promise<Run>> = {
  list: async () => (await import('./list.js')).list,
  save: async () => (await import('./save.js')).save,
  // -R runs its lines through this dispatcher, handed over rather than imported (no cycle).
  restore: async () => {
    const { restore } = await import('./restore.js');
    return (cmd, ctx) => restore(cmd, ctx, runOutcome);
  },
};

/** Runs one parsed command line against an open context. */
export async function runOutcome(outcome: ParseOutcome, ctx: Context): Promise<Status> {
  switch (outcome.type) {
    case 'help':
      ctx.io.stdout.write(helpText(ctx.io.argv0));
      return exited(0);
    case 'version':
      ctx.io.stdout.write(versionText());
      return exited(0);
    case 'error':
      ctx.io.stderr.write(outcome.message);
      return outcome.exits ? exited(outcome.exitCode) : returned(outcome.exitCode);
    case 'command': {
      const kind = outcome.command.kind;
      const run = kind in RUNNERS ? await RUNNERS[kind as LazyKind]() : CHANGES[kind as Exclude<CommandKind, LazyKind>];
      return run(outcome.command, ctx);
    }
  }
}

/** Parses and runs one command line (argv without argv[0]). */
export async function runLine(args: string[], ctx: Context): Promise<Status> {
  return runOutcome(parseCommandLine(args, { argv0: ctx.io.argv0, env: ctx.io.env, resolver: ctx.resolver }), ctx);
}
