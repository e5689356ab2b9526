// The commands that change kernel state: argv's typed Command in, its one kernel change
// (changes.ts) out, ipvsadm's message and exit code on failure.
import type { IpvsChange } from '../netlink/client.js';
import type { ChangeOp, IpvsChangeOf } from '../netlink/commands.js';
import { type ChangeKind, CHANGE_OF } from './changes.js';
import type { IpvsOperations, Run } from './context.js';
import { kernelCall } from './kernel-call.js';

/** Each operation as the IpvsOperations method that makes it. */
const PERFORM: { [K in ChangeOp]: (client: IpvsOperations, change: IpvsChangeOf<K>) => Promise<void> } = {
  addService: (client, c) => client.addService(c.service),
  editService: (client, c) => client.editService(c.service),
  delService: (client, c) => client.delService(c.service),
  addDest: (client, c) => client.addDest(c.service, c.dest),
  editDest: (client, c) => client.editDest(c.service, c.dest),
  delDest: (client, c) => client.delDest(c.service, c.dest),
  flush: (client) => client.flush(),
  zero: (client, c) => client.zero(c.service),
  setTimeouts: (client, c) => client.setTimeouts(c.timeouts),
  startDaemon: (client, c) => client.startDaemon(c.daemon),
  stopDaemon: (client, c) => client.stopDaemon(c.daemon),
};

/** Makes `change` through the client's method for it. */
function perform(client: IpvsOperations, change: IpvsChange): Promise<void> {
  return (PERFORM[change.op] as (client: IpvsOperations, change: IpvsChange) => Promise<void>)(client, change);
}

const change = (kind: ChangeKind): Run => (cmd, ctx) => kernelCall(ctx, kind, () => perform(ctx.client, CHANGE_OF[kind](cmd)));

export const addService = change('add-service');
export const editService = change('edit-service');
export const deleteService = change('delete-service');
export const addServer = change('add-server');
export const editServer = change('edit-server');
export const deleteServer = change('delete-server');
export const flush = change('flush');
export const zero = change('zero');
export const setTimeouts = change('set');
export const startDaemon = change('start-daemon');
export const stopDaemon = change('stop-daemon');
