// -L -c: /proc/net/ip_vs_conn rendered as ipvsadm does (file header skipped, two heading
// lines, one row per line; no sorting, no truncation; IPv6 in brackets; names unless -n).
import type { NameResolver } from '../resolve/resolver.js';
import type { ListOptions } from '../model.js';
import type { Naming } from './address.js';
import { CONN_HEADING_TEXT, connTitleText, emitConnRow, expireText } from './conn-fields.js';
import { fgetsPieces, scanConnLine } from '../libc/scanf.js';
import type { ScannedConn } from '../libc/scanf.js';
import { renderText } from './render-text.js';

export const CONN_PROC_FILE = '/proc/net/ip_vs_conn';

/** The file had no first line: ipvsadm prints this message and exits 1. */
export class EmptyConnectionsFileError extends Error {
  constructor() {
    super(`unexpected input from ${CONN_PROC_FILE}`);
    this.name = 'EmptyConnectionsFileError';
  }
}

export const CONN_HEADING = `${CONN_HEADING_TEXT}\n`;

/** The column heading (with --persistent-conn: destination 18 wide, pe name 16 wide). */
export function connTitleLine(persistentConn: boolean): string {
  return `${connTitleText(persistentConn)}\n`;
}

export { expireText };

/** One output row for a scanned line (rows with PE data get the mismatched 16/18 widths). */
export function connRow(conn: ScannedConn, persistentConn: boolean, naming: Naming): string {
  return renderText((p) => emitConnRow(p, conn, persistentConn, naming));
}

/**
 * The scanned lines of the file that make rows, after its header line: pieces without the
 * nine mandatory fields are skipped (ipvsadm would print a row of stale stack values for
 * them, or stop with exit 1 for a blank piece). Throws EmptyConnectionsFileError, before
 * yielding anything, when there is no first line.
 */
export function* connectionRecords(source: string | Iterable<string>): Generator<ScannedConn> {
  const pieces = fgetsPieces(source);
  if (pieces.next().done) throw new EmptyConnectionsFileError();
  for (const piece of pieces) {
    const conn = scanConnLine(piece);
    if (conn.count >= 9) yield conn;
  }
}

/**
 * The whole -c output from the file's text: one string, or its chunks in order with their
 * newlines kept (lines from a line reader must be passed as `line + "\n"`).
 * Throws EmptyConnectionsFileError (before yielding anything) when there is no first line.
 * Pieces that do not hold the nine mandatory fields are skipped: ipvsadm would print a row of
 * stale stack values for them (or stop with exit 1, for a blank piece).
 */
export function* connectionLines(
  source: string | Iterable<string>,
  opts: Pick<ListOptions, 'numeric' | 'persistentConn'>,
  resolver: NameResolver,
): Generator<string> {
  const naming: Naming = { numeric: opts.numeric, resolver };
  const records = connectionRecords(source);
  const first = records.next(); // throws before the heading when the file is empty
  yield CONN_HEADING;
  yield connTitleLine(opts.persistentConn);
  if (first.done) return;
  yield connRow(first.value, opts.persistentConn, naming);
  for (const conn of records) yield connRow(conn, opts.persistentConn, naming);
}
