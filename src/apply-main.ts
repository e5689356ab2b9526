// ipvsadm-apply's top level: its command line (commander: no ipvsadm compatibility binds a
// tool ipvsadm does not have), the input read and checked before IPVS is touched, then the
// plan made, printed or checked (src/commands/apply.ts). Never throws for bad input.
import fs from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Io } from './commands/context.js';
import { EXIT, type ApplyMode, runApply } from './commands/apply.js';
import { type InputFormat, readDesired } from './commands/desired.js';
import { type RunOptions, connectOrReport } from './main.js';
import { IpvsClient } from './netlink/client.js';
import { createSystemResolver } from './resolve/system.js';
import { VERSION } from './version.js';

const FORMATS: readonly InputFormat[] = ['rules', 'json', 'keepalived'];

const EXIT_HELP = `
Exit status:
  ${EXIT.ok}  done: the table matches the input (or the dry run was printed)
  ${EXIT.drift}  --check: the table differs from the input (the plan is printed)
  ${EXIT.input}  bad usage or bad input: nothing was changed
  ${EXIT.kernel}  a change failed: the changes before it were made (see the message)
  ${EXIT.noIpvs}  IPVS could not be reached (not loaded, or no permission)
`;

interface ParsedArgs {
  file: string;
  format: InputFormat;
  mode: ApplyMode;
  drain?: number;
  json: boolean;
  pretty: boolean;
}

function drainSeconds(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 86400 * 365) throw new InvalidArgumentError('expected a whole number of seconds');
  return Number(value);
}

/** The command line of ipvsadm-apply (also the option table its man page is made from). */
export function applyProgram(io: Pick<Io, 'stdout' | 'stderr'> = { stdout: process.stdout, stderr: process.stderr }): Command {
  return new Command('ipvsadm-apply')
    .description('Bring the IPVS table to the one a rules file describes, with the fewest changes and never a flush.')
    .usage('[options] [FILE|-]')
    .argument('[file]', 'the desired table (- or none: standard input)', '-')
    .addOption(new Option('-f, --format <format>', 'input format').choices(FORMATS).default('rules'))
    .addOption(new Option('-n, --dry-run', 'print the plan as ipvsadm -R lines; change nothing').conflicts('check'))
    .option('-c, --check', 'exit 1 and print the plan when the table differs; change nothing')
    .option('-d, --drain <seconds>', 'set leaving real servers to weight 0 and wait up to SECONDS for their connections before removing them', drainSeconds)
    .option('-j, --json', 'print the plan or the result as JSON')
    .option('-p, --pretty', 'indent the JSON')
    .version(VERSION, '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXIT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
}

/** argv into settings, or the exit status when commander printed help, version or an error. */
function parseArgs(io: Io, args: string[]): ParsedArgs | number {
  const cmd = applyProgram(io);
  try {
    cmd.parse(args, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.input;
  }
  const o = cmd.opts<{ format: InputFormat; dryRun?: boolean; check?: boolean; drain?: number; json?: boolean; pretty?: boolean }>();
  return {
    file: cmd.processedArgs[0] as string,
    format: o.format,
    mode: o.dryRun ? 'dry-run' : o.check ? 'check' : 'apply',
    drain: o.drain,
    json: Boolean(o.json),
    pretty: Boolean(o.pretty),
  };
}

async function readInput(io: Io, file: string): Promise<Buffer | string> {
  if (file === '-') return io.stdin();
  try {
    return fs.readFileSync(file);
  } catch (e) {
    return `ipvsadm-apply: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`;
  }
}

/** `ipvsadm-apply [options] [FILE|-]`; resolves to its exit status. */
export async function runIpvsadmApply(io: Io, args: string[], opts: RunOptions = {}): Promise<number> {
  const parsed = parseArgs(io, args);
  if (typeof parsed === 'number') return parsed;
  const text = await readInput(io, parsed.file);
  if (typeof text === 'string') {
    io.stderr.write(text);
    return EXIT.input;
  }
  const resolver = opts.resolver ?? createSystemResolver();
  const desired = await readDesired({ format: parsed.format, file: parsed.file, text, parse: { argv0: 'ipvsadm', env: io.env, resolver } });
  if (!desired.ok) {
    const { position: at, message } = desired.problem;
    io.stderr.write(`${at.file}:${at.line}:${at.column}: ${message}\n`);
    return EXIT.input;
  }
  const conn = await connectOrReport(io, opts);
  if (!conn) return EXIT.noIpvs;
  try {
    return await runApply(desired.services, { mode: parsed.mode, drainSeconds: parsed.drain, json: parsed.json, pretty: parsed.pretty }, { client: conn.client, io, openClient: opts.openClient ?? (() => IpvsClient.open()) });
  } finally {
    conn.client.close();
  }
}
