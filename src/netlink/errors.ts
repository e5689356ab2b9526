// The one error type of the client: a kernel (or transport) failure with its numeric errno.
import { errnoName } from '../libc/errno.js';

export class IpvsError extends Error {
  override name = 'IpvsError';
  /** Positive errno (the kernel's NLMSG_ERROR carries it negated). */
  readonly errno: number;
  /** Symbolic name such as 'ESRCH', when Node knows it. */
  readonly code: string | undefined;

  constructor(errno: number, message?: string) {
    const code = errnoName(errno);
    super(message ?? `IPVS request failed: ${code ?? `errno ${errno}`}`);
    this.errno = errno;
    this.code = code;
  }

  /**
   * An error the kernel answered. Answers are handled in the socket's callback, so a stack
   * trace would only show this module's internals; not capturing it halves the cost of a
   * restore in which every request fails.
   */
  static fromKernel(errno: number, message?: string): IpvsError {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return new IpvsError(errno, message);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/**
 * Our socket failed rather than the kernel answering (answers lost to a full receive buffer,
 * a truncated datagram, a failed send): `errno` is the socket's. ipvsadm has no kernel errno
 * then and says what libipvs says for that, the EINVAL message.
 */
export class NetlinkSocketError extends IpvsError {
  override name = 'NetlinkSocketError';
}
