// Asks the generated bash completion for the words it offers, as bash's programmable
// completion calls it: COMP_LINE/COMP_POINT set, the function run, COMPREPLY printed.
import fs from 'node:fs';
import path from 'node:path';
import { IPVSADM_OPTIONS } from '../../../src/cli/options.js';
import { helpText } from '../../../src/cli/help.js';
import { SCHED_FLAG_WORDS, TUNNEL_TYPES } from '../../../src/cli/values.js';
// @ts-expect-error: a build script without type declarations
import { renderCompletion } from '../../../scripts/gen/completion.mjs';

/** Writes the completion script into `dir`; returns its path. */
export function writeCompletion(dir: string): string {
  const file = path.join(dir, 'ipvsadm-completion');
  fs.writeFileSync(file, renderCompletion({
    options: IPVSADM_OPTIONS, helpText: helpText('ipvsadm'),
    tunnelTypes: Object.keys(TUNNEL_TYPES), schedFlags: Object.keys(SCHED_FLAG_WORDS),
  }));
  return file;
}

/** bash's argv for completing `line` (cursor at its end) with the script at `script`. */
export function completionArgv(script: string, line: string): string[] {
  const driver = [
    'source "$1"',
    'complete -p ipvsadm >/dev/null || exit 3',
    'COMP_LINE=$2; COMP_POINT=${#COMP_LINE}',
    "COMP_WORDBREAKS=$' \\t\\n\"\\'><=;|&(:'",
    '_ipvsadm_ts',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  return ['bash', '--norc', '--noprofile', '-c', driver, 'bash', script, line];
}

/** The offered words from the driver's output. */
export function offered(stdout: string): string[] {
  return stdout.split('\n').filter((w) => w !== '');
}
