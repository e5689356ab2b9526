// Runs one state-changing kernel call and turns a failure into ipvsadm's message and exit code.
import { IpvsError } from '../netlink/client.js';
import { NetlinkSocketError } from '../netlink/errors.js';
import { MalformedReplyError } from '../netlink/schema.js';
import { type Context, type Status, returned } from './context.js';
import { type KernelOp, kernelErrorMessage } from './errors.js';
import { EINVAL } from '../libc/errno.js';

/**
 * The errno of a failed exchange; one without an errno from the kernel (a reply that cannot
 * be parsed, a socket error such as lost answers) reads as EINVAL, as in libipvs.
 */
export function errnoOf(e: unknown): number {
  const fromKernel = e instanceof IpvsError && !(e instanceof MalformedReplyError) && !(e instanceof NetlinkSocketError);
  return fromKernel ? e.errno : EINVAL;
}

/**
 * 0 on success; on failure prints ipvsadm's one line for (op, errno) and returns 255 (ipvsadm
 * returns -1 from a failed change: a -R restore goes on).
 */
export async function kernelCall(ctx: Context, op: KernelOp, call: () => Promise<unknown>): Promise<Status> {
  try {
    await call();
    return returned(0);
  } catch (e) {
    if (!(e instanceof IpvsError) && !(e instanceof Error && 'errno' in e)) throw e;
    ctx.io.stderr.write(`${kernelErrorMessage(op, errnoOf(e))}\n`);
    return returned(255);
  }
}
