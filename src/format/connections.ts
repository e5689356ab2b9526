// -L -c: /proc/net/ip_vs_conn rendered as ipvsadm does (file header skipped, two heading
// lines, one row per line; no sorting, no truncation; IPv6 in brackets; names unless -n).
import type { NameResolver } from '../resolve/resolver.js';
import { IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, type ListOptions } from '../model.js';
import { addrPortText } from './address.js';
import type { Naming } from './address.js';
import { connDestAddress, connPairAddresses } from './conn-line.js';
import { fgetsPieces, scanConnLine } from '../libc/scanf.js';
import type { ScannedConn } from '../libc/scanf.js';

export const CONN_PROC_FILE = '/proc/net/ip_vs_conn';

/** The file had no first line: ipvsadm prints this message and exits 1. */
export class EmptyConnectionsFileError extends Error {
  constructor() {
    super(`unexpected input from ${CONN_PROC_FILE}`);
    this.name = 'EmptyConnectionsFileError';
  }
}

export const CONN_HEADING = 'IPVS connection entries\n';

/** The column heading (with --persistent-conn: destination 18 wide, pe name 16 wide). */
export function connTitleLine(persistentConn: boolean): string {
  const common = `pro expire ${'state'.padEnd(11)} ${'source'.padEnd(18)} ${'virtual'.padEnd(18)} `;
  return persistentConn ? `${common}${'destination'.padEnd(18)} ${'pe name'.padEnd(16)} pe_data\n` : `${common}destination\n`;
}

function lineProtocol(name: string): number {
  if (name === 'TCP') return IPPROTO_TCP;
  if (name === 'UDP') return IPPROTO_UDP;
  if (name === 'SCTP') return IPPROTO_SCTP;
  return 0;
}

/** `%02d:%02d` of minutes and seconds; minutes are not capped. */
export function expireText(seconds: number): string {
  const s = seconds >>> 0;
  const pad2 = (n: number): string => String(n).padStart(2, '0');
  return `${pad2(Math.floor(s / 60))}:${pad2(s % 60)}`;
}

/** One output row for a scanned line (rows with PE data get the mismatched 16/18 widths). */
export function connRow(conn: ScannedConn, persistentConn: boolean, naming: Naming): string {
  const proto = lineProtocol(conn.protocol);
  const [client, virtual] = connPairAddresses(conn.client, conn.virtual);
  const dest = connDestAddress(conn.dest);
  const cname = addrPortText(client.af, client.addr, conn.clientPort, proto, naming);
  const vname = addrPortText(virtual.af, virtual.addr, conn.virtualPort, proto, naming);
  const dname = addrPortText(dest.af, dest.addr, conn.destPort, proto, naming);
  const head = `${conn.protocol.padEnd(3)} ${expireText(conn.expires).padEnd(6)} ${conn.state.padEnd(11)} ${cname.padEnd(18)} ${vname.padEnd(18)} `;
  if (persistentConn && conn.count === 11) return `${head}${dname.padEnd(16)} ${conn.peName.padEnd(18)} ${conn.peData}\n`;
  return `${head}${dname}\n`;
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
  const pieces = fgetsPieces(source);
  if (pieces.next().done) throw new EmptyConnectionsFileError();
  yield CONN_HEADING;
  yield connTitleLine(opts.persistentConn);
  for (const piece of pieces) {
    const conn = scanConnLine(piece);
    if (conn.count < 9) continue;
    yield connRow(conn, opts.persistentConn, naming);
  }
}
