// -L -c through the field printer: the heading lines and one row per connection. JSON
// document {connections: [...]}, each with protocol, expire (seconds), state, client,
// virtual and destination (address objects) and, when the kernel's line has them, the
// persistence engine's name and data.
import { IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP } from '../model.js';
import type { RawAddress } from '../model.js';
import { addrPortText } from './address.js';
import type { Naming } from './address.js';
import { connDestAddress, connPairAddresses } from './conn-line.js';
import type { ScannedConn } from '../libc/scanf.js';
import { addressFields, familyStyle } from './field-words.js';
import type { FieldSink } from './fields.js';

export const CONN_HEADING_TEXT = 'IPVS connection entries';

/** The column heading (with --persistent-conn: destination 18 wide, pe name 16 wide). */
export function connTitleText(persistentConn: boolean): string {
  const common = `pro expire ${'state'.padEnd(11)} ${'source'.padEnd(18)} ${'virtual'.padEnd(18)} `;
  return persistentConn ? `${common}${'destination'.padEnd(18)} ${'pe name'.padEnd(16)} pe_data` : `${common}destination`;
}

export function lineProtocol(name: string): number {
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

export function emitConnHeading(p: FieldSink, persistentConn: boolean): void {
  p.text(CONN_HEADING_TEXT);
  p.newline('heading');
  p.text(connTitleText(persistentConn));
  p.newline('title');
}

/** One endpoint: a JSON object under `key`, its `host:port` text padded to `width` (0: none). */
function emitEndpoint(p: FieldSink, key: string, ep: { af: number; addr: RawAddress }, port: number, proto: number, naming: Naming, width: number): void {
  p.begin(key, 'object');
  addressFields(p, ep.af, ep.addr, port, proto, naming);
  p.end();
  if (!p.json) p.text(addrPortText(ep.af, ep.addr, port, proto, naming).padEnd(width), familyStyle(ep.af));
}

/** One row for a scanned line (rows with PE data get the mismatched 16/18 widths). */
export function emitConnRow(p: FieldSink, conn: ScannedConn, persistentConn: boolean, naming: Naming): void {
  const proto = lineProtocol(conn.protocol);
  const [client, virtual] = connPairAddresses(conn.client, conn.virtual);
  const dest = connDestAddress(conn.dest);
  const withPe = conn.count === 11;
  p.begin(null, 'object');
  p.field('protocol', proto ? conn.protocol.toLowerCase() : conn.protocol, conn.protocol.padEnd(3));
  p.field('expire', conn.expires >>> 0, ` ${expireText(conn.expires).padEnd(6)}`);
  p.field('state', conn.state, ` ${conn.state.padEnd(11)}`, 'state');
  p.text(' ');
  emitEndpoint(p, 'client', client, conn.clientPort, proto, naming, 18);
  p.text(' ');
  emitEndpoint(p, 'virtual', virtual, conn.virtualPort, proto, naming, 18);
  p.text(' ');
  const peColumns = persistentConn && withPe;
  emitEndpoint(p, 'destination', dest, conn.destPort, proto, naming, peColumns ? 16 : 0);
  if (withPe) {
    p.begin('pe', 'object');
    p.field('name', conn.peName, peColumns ? ` ${conn.peName.padEnd(18)}` : null);
    p.field('data', conn.peData, peColumns ? ` ${conn.peData}` : null);
    p.end();
  }
  p.end();
  p.newline('connection');
}
