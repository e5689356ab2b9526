// A rules file (what `ipvsadm -S` writes) read as `ipvsadm -R` reads it, line by line with
// the same tokenizer and parser, for ipvsadm-apply: each line becomes a typed command with
// its position, and the first line ipvsadm would refuse is the file's problem, in ipvsadm's
// words. Only lines that describe rules belong in such a file.
import type { InputProblem, SourcePosition } from '../model.js';
import type { Command, CommandKind } from './command.js';
import { type ParseContext, parseCommandLine } from './parse.js';
import { restoreLineRecords } from './restore-lines.js';

/** The commands a rules file may hold: they build a table, and nothing else. */
export const RULE_COMMANDS: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'add-service', 'edit-service', 'delete-service', 'add-server', 'edit-server', 'delete-server', 'flush',
]);

export interface RuleLine {
  command: Command;
  position: SourcePosition;
}

export type RulesFileResult = { ok: true; lines: RuleLine[] } | { ok: false; problem: InputProblem };

/**
 * Lines starting with `#` are dropped, as ipvsadm-restore drops them (a saved rules file has
 * a `# ipvsadm.rules` head); they stay empty lines so that line numbers hold.
 */
function withoutComments(input: Uint8Array | string): Buffer {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    if (bytes[start] === 0x23) bytes.fill(0x20, start, end);
    start = end + 1;
  }
  return bytes;
}

export function readRulesFile(file: string, input: Uint8Array | string, ctx: ParseContext): RulesFileResult {
  const lines: RuleLine[] = [];
  for (const { tokens, line, column } of restoreLineRecords(withoutComments(input))) {
    const position = { file, line, column };
    const outcome = parseCommandLine(tokens, ctx);
    if (outcome.type === 'error') return { ok: false, problem: { position, message: outcome.message.replace(/\n+$/, '') } };
    if (outcome.type !== 'command') {
      return { ok: false, problem: { position, message: `${tokens[0]}: a ${outcome.type} line describes no rules` } };
    }
    if (!RULE_COMMANDS.has(outcome.command.kind)) {
      return {
        ok: false,
        problem: { position, message: `${tokens[0]}: a ${outcome.command.kind} line describes no rules (rules files hold -A, -E, -D, -a, -e, -d and -C lines)` },
      };
    }
    lines.push({ command: outcome.command, position });
  }
  return { ok: true, lines };
}
