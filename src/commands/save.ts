// -S: every service and real server as ipvsadm command lines (always sorted), for -R; with
// --json a rules document {services: [...]} instead, written only when the dump succeeded.
import type { Command } from '../cli/command.js';
import { orderServices } from '../format/list.js';
import { emitServiceRules } from '../format/save-fields.js';
import { IpvsError } from '../netlink/client.js';
import { type Context, type Status, exited, returned } from './context.js';
import { serviceEntries } from './entries.js';
import { errnoOf } from './kernel-call.js';
import { kernelErrorMessage } from './errors.js';
import { openOutput } from './output.js';

export async function save(cmd: Command, ctx: Context): Promise<Status> {
  const naming = { numeric: cmd.list.numeric, resolver: ctx.resolver };
  const out = await openOutput(cmd, ctx, { plain: true });
  try {
    // ipvsadm sorts saved rules even with --nosort.
    // Rules carry no counters: they are not decoded.
    const services = orderServices(await ctx.client.getServices({ counters: false }), { nosort: false });
    out.sink.begin('services', 'array');
    for await (const entry of serviceEntries(ctx, services, { nosort: false, counters: false })) {
      emitServiceRules(out.sink, entry, naming);
      out.flush();
    }
    out.sink.end();
    out.finish();
    return returned(0);
  } catch (e) {
    if (!(e instanceof IpvsError)) throw e;
    ctx.io.stderr.write(`${kernelErrorMessage('save', errnoOf(e))}\n`);
    return exited(1);
  }
}
