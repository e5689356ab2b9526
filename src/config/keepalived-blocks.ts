// keepalived.conf as a tree of statements: the words of a statement and the block `{ … }`
// after it, if any. Includes are spliced in where they stand, token by token, so a block may
// open in one file and close in another, as keepalived allows.
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import type { SourcePosition } from '../model.js';
import { ConfigError } from './keepalived-error.js';
import { tokenize, type Token } from './keepalived-lexer.js';

export interface Word {
  text: string;
  pos: SourcePosition;
}

export interface Statement {
  words: Word[];
  /** The statements between `{` and `}`, when a block follows. */
  block?: Statement[];
  /** Where the block's `{` is. */
  open?: SourcePosition;
}

export interface IncludeReader {
  readFile: (file: string) => string;
  /** Absolute pattern in, sorted matching files out. */
  glob: (pattern: string, cwd: string) => string[];
}

/** Include variants that make a pattern matching no file an error (keepalived's includew, includea). */
const NO_MATCH_IS_ERROR = new Set(['w', 'a']);

function directoryOf(file: string): string {
  return file === '-' ? process.cwd() : path.dirname(path.resolve(file));
}

/** The tokens of `file` with every include replaced by the tokens of the files it names. */
function expand(file: string, text: string, reader: IncludeReader, open: string[]): Token[] {
  const out: Token[] = [];
  for (const t of tokenize(file, text)) {
    if (t.kind !== 'include') { out.push(t); continue; }
    const cwd = directoryOf(file);
    const files = reader.glob(t.pattern, cwd).map((f) => path.resolve(cwd, f));
    if (files.length === 0) {
      // keepalived only logs a pattern without a match; a plain name that is missing is
      // an error here, since a table silently short of its services is worse.
      if (!isDynamicPattern(t.pattern)) throw new ConfigError(t.patternPos, `included file "${t.pattern}" not found`);
      if (NO_MATCH_IS_ERROR.has(t.variant)) throw new ConfigError(t.patternPos, `no file matches include pattern "${t.pattern}"`);
    }
    for (const f of files) {
      if (open.includes(f)) throw new ConfigError(t.patternPos, `include loop: "${f}" is already being read`);
      let body: string;
      try {
        body = reader.readFile(f);
      } catch (e) {
        throw new ConfigError(t.patternPos, `cannot read included file "${f}": ${(e as Error).message}`);
      }
      out.push(...expand(f, body, reader, [...open, f]));
    }
  }
  return out;
}

/** Statements of a token run up to its closing `}` (or the end at the top level). */
function parseStatements(tokens: Token[], at: { i: number }, opener: Statement | null): Statement[] {
  const out: Statement[] = [];
  let words: Word[] = [];
  const flush = (): void => {
    if (words.length) out.push({ words });
    words = [];
  };
  while (at.i < tokens.length) {
    const t = tokens[at.i++]!;
    if (t.kind === 'word') words.push({ text: t.text, pos: t.pos });
    else if (t.kind === 'eol') flush();
    else if (t.kind === '{') {
      flush();
      // A `{` on a line of its own belongs to the statement before it.
      const owner = out[out.length - 1];
      if (!owner || owner.block) throw new ConfigError(t.pos, 'unexpected "{"');
      owner.open = t.pos;
      owner.block = parseStatements(tokens, at, owner);
    } else if (t.kind === '}') {
      flush();
      if (!opener) throw new ConfigError(t.pos, 'unexpected "}" (no block is open)');
      return out;
    }
  }
  flush();
  if (opener) {
    throw new ConfigError(opener.open!, `block of "${opener.words[0]!.text}" is not closed (missing "}")`);
  }
  return out;
}

/** The statement tree of `file` (its text given), includes read through `reader`. */
export function readStatements(file: string, text: string, reader: IncludeReader): Statement[] {
  const tokens = expand(file, text, reader, file === '-' ? [] : [path.resolve(file)]);
  return parseStatements(tokens, { i: 0 }, null);
}
