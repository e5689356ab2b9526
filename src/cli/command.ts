// The typed result of parsing one ipvsadm command line (argv or one -R line).
import type { DestConfig, ListOptions, OutputOptions, ServiceConfig, SyncDaemon, Timeouts } from '../model.js';

/** Command names as ipvsadm uses them in its messages. */
export type CommandKind =
  | 'add-service'
  | 'edit-service'
  | 'delete-service'
  | 'flush'
  | 'list'
  | 'add-server'
  | 'edit-server'
  | 'delete-server'
  | 'set'
  | 'start-daemon'
  | 'stop-daemon'
  | 'restore'
  | 'save'
  | 'zero';

export interface Command {
  kind: CommandKind;
  /**
   * The virtual service, when -t/-u/--sctp-service/-f was given, with every setting
   * defaulted as ipvsadm does (scheduler '' on commands other than -A/-E, 'wlc' default on -A/-E,
   * netmask 0xffffffff / 128, timeout 0 unless -p, flags from -p/-o/-b).
   */
  service?: ServiceConfig;
  /** The real server for -a/-e/-d, with defaults (Route, weight 1, thresholds 0, ipip). */
  dest?: DestConfig;
  /** --start-daemon / --stop-daemon settings (interface 'eth0' and syncid 0 by default). */
  daemon?: SyncDaemon;
  /** --set values (0 = leave unchanged). */
  timeouts?: Timeouts;
  list: ListOptions;
  /** --json, --pretty, --color (ours); absent means ipvsadm's plain text, colour on a terminal. */
  output?: OutputOptions;
}

/**
 * What parsing one command line came to. Help and version text are printed and ipvsadm
 * exit(0)s; an error says in `exits` whether ipvsadm exit()s there (fail(), the `Try ...`
 * line) or returns the failure from its parser (a popt error after the first option), which
 * decides whether a -R restore stops or goes on.
 */
export type ParseOutcome =
  | { type: 'command'; command: Command }
  | { type: 'help' }
  | { type: 'version' }
  /** `message` is exactly what goes to stderr, trailing newline(s) included. */
  | { type: 'error'; message: string; exitCode: number; exits: boolean };
