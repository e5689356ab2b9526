// -L --daemon: one line per running sync daemon, master first, then backup.
import { DAEMON_BACKUP, DAEMON_MASTER } from '../model.js';
import type { SyncDaemon } from '../model.js';
import { signed32, unsigned32 } from './numbers.js';

/** `STATE sync daemon (mcast=IF, syncid=N[, maxlen=N][, group=ADDR][, port=N][, ttl=N])` + '\n'. */
export function daemonLine(daemon: SyncDaemon, state: 'master' | 'backup'): string {
  let line = `${state} sync daemon (mcast=${daemon.mcastIfn}, syncid=${signed32(daemon.syncId)}`;
  if (daemon.syncMaxlen) line += `, maxlen=${unsigned32(daemon.syncMaxlen)}`;
  // The group is shown whenever the kernel reported one (its text is already inet_ntop form).
  if (daemon.mcastGroup) line += `, group=${daemon.mcastGroup}`;
  if (daemon.mcastPort) line += `, port=${unsigned32(daemon.mcastPort)}`;
  if (daemon.mcastTtl) line += `, ttl=${unsigned32(daemon.mcastTtl)}`;
  return `${line})\n`;
}

/** Lines for every master, then every backup; other states print nothing. Empty when none run. */
export function daemonLines(daemons: readonly SyncDaemon[]): string[] {
  const masters = daemons.filter((d) => d.state & DAEMON_MASTER).map((d) => daemonLine(d, 'master'));
  const backups = daemons.filter((d) => !(d.state & DAEMON_MASTER) && d.state & DAEMON_BACKUP).map((d) => daemonLine(d, 'backup'));
  return [...masters, ...backups];
}
