// -L --daemon: one line per running sync daemon, master first, then backup (the lines come
// from the field printer, misc-fields.ts).
import type { SyncDaemon } from '../model.js';
import { emitDaemon, emitDaemons } from './misc-fields.js';
import { renderText, textLines } from './render-text.js';

/** `STATE sync daemon (mcast=IF, syncid=N[, maxlen=N][, group=ADDR][, port=N][, ttl=N])` + '\n'. */
export function daemonLine(daemon: SyncDaemon, state: 'master' | 'backup'): string {
  return renderText((p) => emitDaemon(p, daemon, state));
}

/** Lines for every master, then every backup; other states print nothing. Empty when none run. */
export function daemonLines(daemons: readonly SyncDaemon[]): string[] {
  return textLines((p) => emitDaemons(p, daemons)).map((l) => l.text);
}
