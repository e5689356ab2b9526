// Our own output options (ipvsadm 1.31 has none of them): --json, --pretty, --color[=WHEN].
// They carry no ipvsadm option NAME, so the compatibility matrix never sees them; their rules
// are checked here, after ipvsadm's own checks, so every ipvsadm error comes first.
import { fail } from './failure.js';
import type { CommandKind } from './command.js';
import type { ColourMode, OutputOptions } from '../model.js';

export type ColorMode = ColourMode;
export type { OutputOptions };

export function initialOutput(): OutputOptions {
  return { json: false, pretty: false, color: 'auto', given: new Set() };
}

/** `--color` alone means always (as `ls` and `grep`); else exactly auto, always or never. */
export function parseColorMode(value: string | null): ColorMode {
  if (value === null) return 'always';
  if (value === 'auto' || value === 'always' || value === 'never') return value;
  fail(`invalid color value \`${value}' specified`);
}

const JSON_COMMANDS: ReadonlySet<CommandKind> = new Set<CommandKind>(['list', 'save']);

/** Which commands take which of our options; --pretty only shapes --json. */
export function checkOutputOptions(command: CommandKind, out: OutputOptions): void {
  for (const name of ['json', 'pretty'] as const) {
    if (out.given.has(name) && !JSON_COMMANDS.has(command)) fail(`Illegal '${name}' option with the '${command}' command`);
  }
  if (out.given.has('color') && command !== 'list') fail(`Illegal 'color' option with the '${command}' command`);
  if (out.pretty && !out.json) fail("The option 'pretty' needs the 'json' option");
}
