// Words of one keepalived.conf file with their positions, the way keepalived's reader cuts a
// line: `#` or `!` outside double quotes starts a comment (`\#`, `\!` are literal), a word
// starting with `"` runs to the next `"`, `{` and `}` stand alone and end the statement
// before them, and an `include` line names further files. Keepalived has no `;` separator
// and no general line continuation (a trailing `\` only continues `$NAME=` definitions).
import type { SourcePosition } from '../model.js';
import { ConfigError } from './keepalived-error.js';

export type Token =
  | { kind: 'word'; text: string; pos: SourcePosition }
  | { kind: '{' | '}'; pos: SourcePosition }
  /** The end of a physical line: a statement ends there. */
  | { kind: 'eol'; pos: SourcePosition }
  /** `include PATTERN` (or includer/m/w/b/a): the rest of the line, as keepalived takes it. */
  | { kind: 'include'; variant: string; pattern: string; pos: SourcePosition; patternPos: SourcePosition };

const INCLUDE = /^include([rmwba]?)[ \t]+(.*)$/;
const WHITE = new Set([' ', '\t', '\r', '\v', '\f']);

/** The part of a line before its comment, `\#`/`\!` outside quotes unescaped (column map kept). */
function decomment(line: string): { text: string; cols: number[] } {
  let text = '';
  const cols: number[] = [];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\\' && (line[i + 1] === '#' || line[i + 1] === '!')) {
      i++;
      text += line[i];
      cols.push(i);
      continue;
    } else if (!quoted && (c === '#' || c === '!')) break;
    text += c;
    cols.push(i);
  }
  return { text, cols };
}

/** Every token of `text`, read as file `file`. */
export function tokenize(file: string, text: string): Token[] {
  const out: Token[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const { text: body, cols } = decomment(raw);
    const at = (i: number): SourcePosition => ({ file, line, column: (cols[i] ?? raw.length) + 1 });
    const lead = body.length - body.trimStart().length;
    const inc = INCLUDE.exec(body.slice(lead).trimEnd());
    if (inc) {
      const patternStart = body.indexOf(inc[2]!, lead + 7);
      out.push({ kind: 'include', variant: inc[1]!, pattern: inc[2]!, pos: at(lead), patternPos: at(patternStart) });
      out.push({ kind: 'eol', pos: at(body.length) });
      return;
    }
    let i = 0;
    while (i < body.length) {
      const c = body[i]!;
      if (WHITE.has(c)) { i++; continue; }
      if (c === '{' || c === '}') { out.push({ kind: c, pos: at(i) }); i++; continue; }
      const start = i;
      let word: string;
      if (c === '"') {
        const close = body.indexOf('"', i + 1);
        if (close < 0) throw new ConfigError(at(start), 'unterminated quoted string');
        word = body.slice(i + 1, close);
        i = close + 1;
      } else {
        while (i < body.length && !WHITE.has(body[i]!) && !'{}"'.includes(body[i]!)) i++;
        word = body.slice(start, i);
      }
      out.push({ kind: 'word', text: word, pos: at(start) });
    }
    out.push({ kind: 'eol', pos: at(body.length) });
  });
  return out;
}
