// The kernel change each state-changing command line makes, as data: the one mapping from a
// parsed Command to an IpvsChange (an operation of the command table and its arguments). The
// handlers in modify.ts make these changes, and -R's parsing thread (restore-batch.ts) encodes
// them ahead.
import type { Command, CommandKind } from '../cli/command.js';
import type { IpvsChange } from '../netlink/client.js';
import type { ServiceKey } from '../model.js';

/** A service key whose fwmark, address and port are all zero means "every service" to -Z. */
function isZeroService(s: ServiceKey): boolean {
  return s.fwmark === 0 && s.port === 0 && s.addr.every((b) => b === 0);
}

/** The commands that are one kernel change and nothing else. */
export type ChangeKind = Exclude<CommandKind, 'list' | 'save' | 'restore'>;

export const CHANGE_OF: Record<ChangeKind, (cmd: Command) => IpvsChange> = {
  'add-service': (cmd) => ({ op: 'addService', service: cmd.service! }),
  'edit-service': (cmd) => ({ op: 'editService', service: cmd.service! }),
  'delete-service': (cmd) => ({ op: 'delService', service: cmd.service! }),
  'add-server': (cmd) => ({ op: 'addDest', service: cmd.service!, dest: cmd.dest! }),
  'edit-server': (cmd) => ({ op: 'editDest', service: cmd.service!, dest: cmd.dest! }),
  'delete-server': (cmd) => ({ op: 'delDest', service: cmd.service!, dest: cmd.dest! }),
  flush: () => ({ op: 'flush' }),
  zero: (cmd) => ({ op: 'zero', service: cmd.service && !isZeroService(cmd.service) ? cmd.service : undefined }),
  set: (cmd) => ({ op: 'setTimeouts', timeouts: cmd.timeouts! }),
  'start-daemon': (cmd) => ({ op: 'startDaemon', daemon: cmd.daemon! }),
  'stop-daemon': (cmd) => ({ op: 'stopDaemon', daemon: cmd.daemon! }),
};
