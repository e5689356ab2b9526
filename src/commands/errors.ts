// How ipvsadm 1.31 words a failed kernel call: a table keyed by (operation, errno), then a
// table for any operation, then the C library's strerror() text (src/libc/errno.ts).
import type { CommandKind } from '../cli/command.js';
import {
  EAFNOSUPPORT, EEXIST, EINVAL, EMSGSIZE, ENOENT, ENOMEM, ENOPROTOOPT, EOPNOTSUPP, EPERM, ESRCH, strerror,
} from '../libc/errno.js';

/** The libipvs call a command makes; listing calls share the 'list' rows. */
export type KernelOp = CommandKind | 'init';

const BY_OPERATION: Partial<Record<KernelOp, Record<number, string>>> = {
  'add-service': { [EEXIST]: 'Service already exists', [ENOENT]: 'Scheduler or persistence engine not found' },
  'edit-service': { [ESRCH]: 'No such service', [ENOENT]: 'Scheduler or persistence engine not found' },
  'delete-service': { [ESRCH]: 'No such service' },
  zero: { [ESRCH]: 'No such service' },
  'add-server': { [ESRCH]: 'Service not defined', [EEXIST]: 'Destination already exists' },
  'edit-server': { [ESRCH]: 'Service not defined', [ENOENT]: 'No such destination' },
  'delete-server': { [ESRCH]: 'Service not defined', [ENOENT]: 'No such destination' },
  'start-daemon': { [EEXIST]: 'Daemon has already run' },
  'stop-daemon': { [ESRCH]: 'No daemon is running' },
  list: { [ESRCH]: 'No such service' },
  save: { [ESRCH]: 'No such service' },
};

const ANY_OPERATION: Record<number, string> = {
  [EPERM]: 'Permission denied (you must be root)',
  [EINVAL]: 'Invalid operation.  Possibly wrong module version, address not unicast, ...',
  [ENOPROTOOPT]: 'Protocol not available',
  [ENOMEM]: 'Memory allocation problem',
  [EOPNOTSUPP]: 'Operation not supported with IPv6',
  [EAFNOSUPPORT]: 'Operation not supported with specified address family',
  [EMSGSIZE]: 'Module is wrong version',
};

/** The one line ipvsadm prints (without newline) when `op` failed with `errno`. */
export function kernelErrorMessage(op: KernelOp, errno: number): string {
  return BY_OPERATION[op]?.[errno] ?? ANY_OPERATION[errno] ?? strerror(errno);
}
