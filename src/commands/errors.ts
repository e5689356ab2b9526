// How ipvsadm 1.31 words a failed kernel call: a table keyed by (operation, errno), then a
// table for any operation, then the C library's strerror() text.
import type { CommandKind } from '../cli/command.js';

export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const ENOMEM = 12;
export const EEXIST = 17;
export const ENODEV = 19;
export const EINVAL = 22;
export const ERANGE = 34;
export const EMSGSIZE = 90;
export const ENOPROTOOPT = 92;
export const EOPNOTSUPP = 95;
export const EAFNOSUPPORT = 97;

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

/** glibc's English strerror() texts for the errnos a netlink exchange can produce. */
const STRERROR: Record<number, string> = {
  1: 'Operation not permitted',
  2: 'No such file or directory',
  3: 'No such process',
  4: 'Interrupted system call',
  5: 'Input/output error',
  6: 'No such device or address',
  7: 'Argument list too long',
  9: 'Bad file descriptor',
  11: 'Resource temporarily unavailable',
  12: 'Cannot allocate memory',
  13: 'Permission denied',
  14: 'Bad address',
  16: 'Device or resource busy',
  17: 'File exists',
  19: 'No such device',
  22: 'Invalid argument',
  23: 'Too many open files in system',
  24: 'Too many open files',
  28: 'No space left on device',
  34: 'Numerical result out of range',
  61: 'No data available',
  71: 'Protocol error',
  74: 'Bad message',
  75: 'Value too large for defined data type',
  90: 'Message too long',
  92: 'Protocol not available',
  93: 'Protocol not supported',
  95: 'Operation not supported',
  97: 'Address family not supported by protocol',
  98: 'Address already in use',
  99: 'Cannot assign requested address',
  100: 'Network is down',
  101: 'Network is unreachable',
  105: 'No buffer space available',
  110: 'Connection timed out',
  111: 'Connection refused',
};

export function strerror(errno: number): string {
  return STRERROR[errno] ?? `Unknown error ${errno}`;
}

/** The one line ipvsadm prints (without newline) when `op` failed with `errno`. */
export function kernelErrorMessage(op: KernelOp, errno: number): string {
  return BY_OPERATION[op]?.[errno] ?? ANY_OPERATION[errno] ?? strerror(errno);
}
