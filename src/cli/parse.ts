// One ipvsadm command line (argv without argv[0], or one -R line) into a typed Command, with
// ipvsadm 1.31's checks in its order (spec §6.3): first option, each later option in argv
// order (duplicate, then value), --set values, leftovers, -b, the compatibility matrix, then
// the per-command rules. Every error carries ipvsadm's exact stderr bytes and exit code.
import type { Timeouts } from '../model.js';
import type { NameResolver } from '../resolve/resolver.js';
import type { Command, CommandKind, ParseOutcome } from './command.js';
import { checkCommandOptions } from './compat.js';
import { ParseFailure, fail } from './failure.js';
import { HANDLERS, daemonState, timeoutValue } from './handlers.js';
import { IPVSADM_OPTIONS } from './options.js';
import type { IpvsadmOption } from './options.js';
import { PoptContext } from './popt.js';
import { DEFAULT_SCHEDULER, checkCommandRules } from './rules.js';
import { initialState } from './state.js';
import { checkOutputOptions } from './output.js';
import type { ParseState } from './state.js';
import { parseSchedFlags } from './values.js';

export interface ParseContext {
  /** argv[0] as invoked: it appears in the `Try ...` line. */
  argv0: string;
  /** For POSIXLY_CORRECT / POSIX_ME_HARDER. */
  env: Record<string, string | undefined>;
  resolver: NameResolver;
}

/** `--set TCP TCPFIN UDP`: three leftovers, validated in order. */
function readSetTimeouts(popt: PoptContext<IpvsadmOption>): Timeouts {
  const words = [popt.nextLeftover(), popt.nextLeftover(), popt.nextLeftover()];
  if (words.some((w) => w === undefined)) fail('--set option requires 3 timeout values');
  const [tcp, tcpFin, udp] = words.map((w) => timeoutValue(w!, 0)) as [number, number, number];
  return { tcp, tcpFin, udp };
}

const DEST_COMMANDS: ReadonlySet<CommandKind> = new Set<CommandKind>(['add-server', 'edit-server', 'delete-server']);

function buildCommand(st: ParseState): Command {
  const command: Command = { kind: st.command, list: st.list };
  if (st.output.given.size > 0) command.output = st.output;
  if (st.given.has('service-address')) {
    // fwmark services carry no protocol (ipvsadm's internal TCP only served port lookups).
    command.service = { ...st.svc, protocol: st.svc.fwmark ? 0 : st.svc.protocol };
  }
  if (DEST_COMMANDS.has(st.command)) command.dest = st.dest;
  if (st.command === 'start-daemon' || st.command === 'stop-daemon') command.daemon = st.daemon;
  if (st.timeouts) command.timeouts = st.timeouts;
  return command;
}

/** ipvsadm's tryhelp_exit(): the first word is no command; exit(-1). */
function tryHelp(argv0: string): ParseFailure {
  return new ParseFailure(`Try \`${argv0} -h' or '${argv0} --help' for more information.\n`, 255, true);
}

function parseOrThrow(args: readonly string[], ctx: ParseContext): ParseOutcome {
  const posixlyCorrect = ctx.env.POSIXLY_CORRECT !== undefined || ctx.env.POSIX_ME_HARDER !== undefined;
  const popt = new PoptContext(args, IPVSADM_OPTIONS, posixlyCorrect);

  const first = popt.nextOption();
  if (first.kind !== 'option' || first.option.command === undefined) throw tryHelp(ctx.argv0);
  const action = first.option.command;
  if (action === 'help') return { type: 'help' };
  if (action === 'version') return { type: 'version' };
  const st = initialState(action, ctx.resolver);
  if (action === 'start-daemon' || action === 'stop-daemon') st.daemon.state = daemonState(action, first.value ?? '');

  for (;;) {
    const next = popt.nextOption();
    if (next.kind === 'end') break;
    // A popt error on a later option: ipvsadm prints it and returns -1 from its parser.
    if (next.kind === 'error') throw new ParseFailure(`${popt.badOption()}: ${next.error}\n`, 255, false);
    const { option, value } = next;
    if (option.command !== undefined) fail(`invalid option \`${popt.badOption()}'`);
    if (option.name !== undefined) {
      if (st.given.has(option.name)) fail(`multiple '${option.name}' options specified`);
      st.given.add(option.name);
    }
    HANDLERS[option.id](st, value);
  }

  if (st.command === 'set') st.timeouts = readSetTimeouts(popt);
  const unexpected = popt.nextLeftover();
  if (unexpected !== undefined) fail(`unexpected argument ${unexpected}`);

  if (st.schedFlags !== '') {
    // Against the scheduler of this line, or the default: never the service's current one.
    const parsed = parseSchedFlags(st.schedFlags, st.svc.scheduler || DEFAULT_SCHEDULER);
    if ('error' in parsed) fail(parsed.error);
    st.svc.flags |= parsed.flags;
  }

  const problem = checkCommandOptions(st.command, st.given);
  if (problem) fail(problem);
  checkCommandRules(st);
  checkOutputOptions(st.command, st.output);
  return { type: 'command', command: buildCommand(st) };
}

/**
 * Parses one ipvsadm command line. `args` is argv without argv[0]; the caller handles the
 * no-argument case (ipvsadm lists the table then).
 */
export function parseCommandLine(args: string[], ctx: ParseContext): ParseOutcome {
  try {
    return parseOrThrow(args, ctx);
  } catch (e) {
    if (e instanceof ParseFailure) return { type: 'error', message: e.output, exitCode: e.exitCode, exits: e.exits };
    throw e;
  }
}
