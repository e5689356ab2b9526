// -R: run each line of standard input as an ipvsadm command line, with ipvsadm 1.31's rules
// for what stops the restore: a line at which ipvsadm exit()s ends it (help, version, fail(),
// the `Try ...` line, a failed listing); a returned failure (a popt error after the first
// option, a failed kernel change) does not. State-changing lines are pipelined: their requests
// go out on the one socket without waiting for each answer; answers come back in order, so
// messages, effect and the stopping point are those of running the lines one at a time.
import type { Command, CommandKind } from '../cli/command.js';
import { parseCommandLine } from '../cli/parse.js';
import { restoreLines } from '../cli/restore-lines.js';
import { type Context, type RunOutcome, type Status, exited, returned } from './context.js';

/**
 * Lines that only change kernel state can be in flight together (a failed change returns, so
 * none of them can stop the restore). Sync-daemon lines are not pipelined: starting and
 * stopping kernel threads is slow and rare in rule files, and each is better answered before
 * the next line goes out.
 */
const PIPELINED: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'add-service', 'edit-service', 'delete-service', 'add-server', 'edit-server', 'delete-server',
  'flush', 'zero', 'set',
]);

/** Requests in flight at most: bounded so the kernel's answers never overflow our socket. */
const WINDOW = 256;

export async function restore(_cmd: Command, ctx: Context, run: RunOutcome): Promise<Status> {
  const input = await ctx.io.stdin();
  const inFlight: Promise<Status>[] = [];
  let last = returned(0);
  const settle = async (): Promise<void> => {
    for (const p of inFlight.splice(0)) last = await p;
  };

  for (const tokens of restoreLines(input)) {
    const outcome = parseCommandLine(tokens, { argv0: ctx.io.argv0, env: ctx.io.env, resolver: ctx.resolver });
    if (outcome.type === 'command' && PIPELINED.has(outcome.command.kind)) {
      inFlight.push(run(outcome, ctx));
      if (inFlight.length >= WINDOW) last = await inFlight.shift()!;
      continue;
    }
    await settle();
    if (outcome.type === 'command' && outcome.command.kind === 'restore') {
      // ipvsadm refuses a nested -R the way it refuses a line that is not a command.
      ctx.io.stderr.write(`Try \`${ctx.io.argv0} -h' or '${ctx.io.argv0} --help' for more information.\n`);
      return exited(255);
    }
    last = await run(outcome, ctx);
    if (last.exited) return last;
  }
  await settle();
  return last;
}
