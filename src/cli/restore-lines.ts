// Splits `ipvsadm -R` input into per-line argument lists exactly as ipvsadm 1.31's
// config_stream_read() does (spec §13.1). That reader is an fscanf loop over bytes, and its
// quirks are part of the behaviour:
//   - separators are space, tab, CR and LF; only LF ends a line; there is no quoting and no
//     comment syntax;
//   - tokens equal to `ipvsadm` are dropped wherever they are;
//   - lines without tokens are skipped;
//   - a token is at most 4096 bytes, longer ones are split;
//   - the last line, without a final LF, is run, unless it ends in two or more white-space
//     bytes: then it is dropped, and reading stops.
// Reading also stops at the end of input; nothing after a stop is looked at.

/** %4096[^ \t\n\r] */
const MAX_TOKEN_BYTES = 4096;
const LF = 0x0a;

function isSeparator(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** One line ipvsadm would run, and where it is: 1-based line and column (in bytes) of its first token. */
export interface RestoreLine {
  tokens: string[];
  line: number;
  column: number;
}

/** The token lists of the lines ipvsadm would run, in order. */
export function* restoreLines(input: Uint8Array | string): Generator<string[]> {
  for (const record of restoreLineRecords(input)) yield record.tokens;
}

/** The lines ipvsadm would run with their positions (ipvsadm-apply's messages name them). */
export function* restoreLineRecords(input: Uint8Array | string): Generator<RestoreLine> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let pos = 0;
  let lineNo = 1;
  let lineStart = 0;

  for (;;) {
    const tokens: string[] = [];
    let lineEnded = false;
    let line = lineNo;
    let column = 0;
    while (!lineEnded) {
      if (pos >= bytes.length) {
        // fscanf hit the end: the line is run if it got a token, and reading stops.
        if (tokens.length > 0) yield { tokens, line, column };
        return;
      }
      if (isSeparator(bytes[pos]!)) {
        // White space before a token: skipped byte by byte up to a LF or a token.
        for (;;) {
          if (pos >= bytes.length) return; // end of input inside white space: line dropped
          const byte = bytes[pos++]!;
          if (byte === LF) {
            lineEnded = true;
            lineNo++;
            lineStart = pos;
            break;
          }
          if (!isSeparator(byte)) {
            pos--;
            break;
          }
        }
        continue;
      }
      const start = pos;
      if (column === 0) {
        line = lineNo;
        column = start - lineStart + 1;
      }
      while (pos < bytes.length && pos - start < MAX_TOKEN_BYTES && !isSeparator(bytes[pos]!)) pos++;
      const token = bytes.toString('utf8', start, pos); // no view per token
      if (token !== 'ipvsadm') tokens.push(token);
      else if (tokens.length === 0) column = 0; // a dropped word is not where the line starts
      // One separator is read with the token; a LF there ends the line.
      if (pos < bytes.length && isSeparator(bytes[pos]!)) {
        lineEnded = bytes[pos] === LF;
        pos++;
        if (lineEnded) {
          lineNo++;
          lineStart = pos;
        }
      }
    }
    if (tokens.length > 0) yield { tokens, line, column };
  }
}
