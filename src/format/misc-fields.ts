// --timeout and --daemon through the field printer. JSON documents {timeouts: {tcp, tcpFin,
// udp}} (seconds) and {daemons: [{state, interface, syncId, maxLength, group, port, ttl}]}
// (the optional settings when the kernel reports them non-zero, as the text shows them).
import { DAEMON_BACKUP, DAEMON_MASTER } from '../model.js';
import type { SyncDaemon, Timeouts } from '../model.js';
import type { FieldSink } from './fields.js';
import { signed32, unsigned32 } from './numbers.js';

/** `Timeout (tcp tcpfin udp): T F U` + '\n' (signed decimals). */
export function emitTimeouts(p: FieldSink, t: Timeouts): void {
  p.begin('timeouts', 'object');
  p.text('Timeout (tcp tcpfin udp):');
  p.field('tcp', t.tcp | 0, ` ${signed32(t.tcp)}`);
  p.field('tcpFin', t.tcpFin | 0, ` ${signed32(t.tcpFin)}`);
  p.field('udp', t.udp | 0, ` ${signed32(t.udp)}`);
  p.end();
  p.newline('timeouts');
}

/** `STATE sync daemon (mcast=IF, syncid=N[, maxlen=N][, group=ADDR][, port=N][, ttl=N])` + '\n'. */
export function emitDaemon(p: FieldSink, daemon: SyncDaemon, state: 'master' | 'backup'): void {
  p.begin(null, 'object');
  p.field('state', state, state);
  p.field('interface', daemon.mcastIfn, ` sync daemon (mcast=${daemon.mcastIfn}`);
  p.field('syncId', daemon.syncId | 0, `, syncid=${signed32(daemon.syncId)}`);
  if (daemon.syncMaxlen) p.field('maxLength', daemon.syncMaxlen >>> 0, `, maxlen=${unsigned32(daemon.syncMaxlen)}`);
  // The group is shown whenever the kernel reported one (its text is already inet_ntop form).
  if (daemon.mcastGroup) p.field('group', daemon.mcastGroup, `, group=${daemon.mcastGroup}`);
  if (daemon.mcastPort) p.field('port', daemon.mcastPort >>> 0, `, port=${unsigned32(daemon.mcastPort)}`);
  if (daemon.mcastTtl) p.field('ttl', daemon.mcastTtl >>> 0, `, ttl=${unsigned32(daemon.mcastTtl)}`);
  p.text(')');
  p.end();
  p.newline('daemon');
}

/** Every master, then every backup, in a `daemons` array; other states print nothing. */
export function emitDaemons(p: FieldSink, daemons: readonly SyncDaemon[]): void {
  p.begin('daemons', 'array');
  for (const d of daemons) if (d.state & DAEMON_MASTER) emitDaemon(p, d, 'master');
  for (const d of daemons) if (!(d.state & DAEMON_MASTER) && d.state & DAEMON_BACKUP) emitDaemon(p, d, 'backup');
  p.end();
}
