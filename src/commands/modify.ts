// The commands that change kernel state, one small function each: argv's typed Command in,
// one kernel call out, ipvsadm's message and exit code on failure.
import type { ServiceKey } from '../model.js';
import type { Run } from './context.js';
import { kernelCall } from './kernel-call.js';

/** A service key whose fwmark, address and port are all zero means "every service" to -Z. */
function isZeroService(s: ServiceKey): boolean {
  return s.fwmark === 0 && s.port === 0 && s.addr.every((b) => b === 0);
}

export const addService: Run = (cmd, ctx) => kernelCall(ctx, 'add-service', () => ctx.client.addService(cmd.service!));
export const editService: Run = (cmd, ctx) => kernelCall(ctx, 'edit-service', () => ctx.client.editService(cmd.service!));
export const deleteService: Run = (cmd, ctx) => kernelCall(ctx, 'delete-service', () => ctx.client.delService(cmd.service!));
export const addServer: Run = (cmd, ctx) => kernelCall(ctx, 'add-server', () => ctx.client.addDest(cmd.service!, cmd.dest!));
export const editServer: Run = (cmd, ctx) => kernelCall(ctx, 'edit-server', () => ctx.client.editDest(cmd.service!, cmd.dest!));
export const deleteServer: Run = (cmd, ctx) => kernelCall(ctx, 'delete-server', () => ctx.client.delDest(cmd.service!, cmd.dest!));
export const flush: Run = (_cmd, ctx) => kernelCall(ctx, 'flush', () => ctx.client.flush());
export const zero: Run = (cmd, ctx) =>
  kernelCall(ctx, 'zero', () => ctx.client.zero(cmd.service && !isZeroService(cmd.service) ? cmd.service : undefined));
export const setTimeouts: Run = (cmd, ctx) => kernelCall(ctx, 'set', () => ctx.client.setTimeouts(cmd.timeouts!));
export const startDaemon: Run = (cmd, ctx) => kernelCall(ctx, 'start-daemon', () => ctx.client.startDaemon(cmd.daemon!));
export const stopDaemon: Run = (cmd, ctx) => kernelCall(ctx, 'stop-daemon', () => ctx.client.stopDaemon(cmd.daemon!));
