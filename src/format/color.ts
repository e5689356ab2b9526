// Optional colour for a human reading a listing on a terminal: the first, line-wise form
// (service lines bold), kept for library users. The commands colour per field instead
// (colour.ts and the field printer).
//
// Rule: colour is used only when the caller says stdout is a TTY, NO_COLOR is not set at all
// (any value, even empty, turns it off) and TERM is not `dumb`. The caller decides with
// colorWanted() from values it passes in; this module never looks at process state itself.
// With colour off (the default) every function returns its input bytes unchanged, so the
// plain output stays byte-identical to ipvsadm's. With colour on, only service lines are
// decorated (bold), and the escape codes never cover the line's '\n'.
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { ListLine } from './list.js';

export function colorWanted(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb';
}

let painter: ChalkInstance | undefined;

/** A chalk instance with a fixed level: chalk's own terminal detection is not used. */
function paint(): ChalkInstance {
  painter ??= new Chalk({ level: 1 });
  return painter;
}

/** The line's text, decorated for its kind when `enabled`; exactly `line.text` otherwise. */
export function colorizeLine(line: ListLine, enabled: boolean): string {
  if (!enabled || line.kind !== 'service') return line.text;
  const body = line.text.endsWith('\n') ? line.text.slice(0, -1) : line.text;
  return `${paint().bold(body)}${line.text.slice(body.length)}`;
}

/** colorizeLine over a stream of structured listing lines. */
export function* colorizeListing(parts: Iterable<ListLine>, enabled: boolean): Generator<string> {
  for (const part of parts) yield colorizeLine(part, enabled);
}
