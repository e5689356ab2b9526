// -R: run each line of standard input as an ipvsadm command line, with ipvsadm 1.31's rules
// for what stops the restore: a line at which ipvsadm exit()s ends it (help, version, fail(),
// the `Try ...` line, a failed listing); a returned failure (a popt error after the first
// option, a failed kernel change) does not. State-changing lines are pipelined: their requests
// go out on the one socket without waiting for each answer; answers come back in order, so
// messages, effect and the stopping point are those of running the lines one at a time.
// A large input is shared with a parsing worker thread in chunks (restore-thread.ts): the
// chunks it parsed come already encoded, and all run in the same order.
import type { Command } from '../cli/command.js';
import { parseCommandLine } from '../cli/parse.js';
import { type Context, type RunOutcome, type Status, exited, returned } from './context.js';
import { kernelCall } from './kernel-call.js';
import { PIPELINED, type RestoreItem, batchItems, tokenItems } from './restore-batch.js';

/** Requests in flight at most: bounded so the kernel's answers never overflow our socket. */
const WINDOW = 256;

export async function restore(_cmd: Command, ctx: Context, run: RunOutcome): Promise<Status> {
  const input = await ctx.io.stdin();
  const client = ctx.client;
  const sendEncoded = client.sendEncoded?.bind(client);
  const thread = sendEncoded && ctx.restoreThread ? await ctx.restoreThread(input, { argv0: ctx.io.argv0, env: ctx.io.env }) : undefined;
  const parseContext = { argv0: ctx.io.argv0, env: ctx.io.env, resolver: ctx.resolver };
  const inFlight: Promise<Status>[] = [];
  let last = returned(0);
  const settle = async (): Promise<void> => {
    for (const p of inFlight.splice(0)) last = await p;
  };

  /** Runs the lines in order; the status the restore ends with, if a line ends it. */
  const runItems = async (items: Iterable<RestoreItem>): Promise<Status | undefined> => {
    for (const item of items) {
      if (item.kind !== undefined) {
        const spec = item.spec;
        inFlight.push(kernelCall(ctx, item.kind, () => sendEncoded!(spec)));
        if (inFlight.length >= WINDOW) last = await inFlight.shift()!;
        continue;
      }
      const outcome = parseCommandLine(item.tokens, parseContext);
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
    return undefined;
  };

  try {
    if (!thread) {
      const end = await runItems(tokenItems(input));
      if (end) return end;
    } else {
      for (let c = 0; ; c++) {
        const chunk = await thread.chunk(c);
        if (!chunk) break;
        const end = await runItems('batch' in chunk ? batchItems(chunk.batch) : tokenItems(chunk.lines));
        if (end) return end;
        thread.ran(c);
      }
    }
    await settle();
    return last;
  } finally {
    thread?.stop();
  }
}
