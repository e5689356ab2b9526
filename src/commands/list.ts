// -L / -l: the service table (all services or one), or with -c / --timeout / --daemon those
// listings instead. Errors print ipvsadm's line and exit 1, as its list functions exit(1).
// Every listing goes through the field printer: ipvsadm's text (streamed), or with --json
// one document written only when the listing succeeded.
import type { Command } from '../cli/command.js';
import { emitConnHeading, emitConnRow } from '../format/conn-fields.js';
import { CONN_PROC_FILE, EmptyConnectionsFileError, connectionRecords } from '../format/connections.js';
import { emitServiceEntry, emitTitles, emitVersion } from '../format/list-fields.js';
import { orderServices } from '../format/list.js';
import { emitDaemons, emitTimeouts } from '../format/misc-fields.js';
import { type Context, type Status, exited, returned } from './context.js';
import { serviceEntries } from './entries.js';
import { errnoOf } from './kernel-call.js';
import { kernelErrorMessage } from './errors.js';
import { openOutput } from './output.js';
import { IpvsError } from '../netlink/client.js';

/** ipvsadm's list functions exit(1) after printing the libipvs message. */
function listFailure(ctx: Context, e: unknown): Status {
  if (!(e instanceof IpvsError)) throw e;
  ctx.io.stderr.write(`${kernelErrorMessage('list', errnoOf(e))}\n`);
  return exited(1);
}

async function listConnections(cmd: Command, ctx: Context): Promise<Status> {
  let text: string;
  try {
    text = ctx.readProcFile(CONN_PROC_FILE);
  } catch {
    ctx.io.stderr.write(`cannot open file ${CONN_PROC_FILE}\n`);
    return exited(1);
  }
  const out = await openOutput(cmd, ctx);
  const naming = { numeric: cmd.list.numeric, resolver: ctx.resolver };
  try {
    const records = connectionRecords(text);
    const first = records.next(); // throws before anything is printed when the file is empty
    emitConnHeading(out.sink, cmd.list.persistentConn);
    out.sink.begin('connections', 'array');
    if (!first.done) emitConnRow(out.sink, first.value, cmd.list.persistentConn, naming);
    for (const conn of records) {
      emitConnRow(out.sink, conn, cmd.list.persistentConn, naming);
      out.flush();
    }
    out.sink.end();
    out.finish();
  } catch (e) {
    if (!(e instanceof EmptyConnectionsFileError)) throw e;
    ctx.io.stderr.write(`unexpected input from ${CONN_PROC_FILE}\n`);
    return exited(1);
  }
  return returned(0);
}

async function listTimeouts(cmd: Command, ctx: Context): Promise<Status> {
  try {
    const timeouts = await ctx.client.getTimeouts();
    const out = await openOutput(cmd, ctx);
    emitTimeouts(out.sink, timeouts);
    out.finish();
    return returned(0);
  } catch (e) {
    if (e instanceof IpvsError) return exited(1); // ipvsadm exits 1 without a message here
    throw e;
  }
}

async function listDaemons(cmd: Command, ctx: Context): Promise<Status> {
  try {
    const daemons = await ctx.client.getDaemons();
    const out = await openOutput(cmd, ctx);
    emitDaemons(out.sink, daemons);
    out.finish();
    return returned(0);
  } catch (e) {
    if (e instanceof IpvsError) return exited(1); // as for --timeout: silent exit 1
    throw e;
  }
}

/** Only --stats and --rate show counters: other listings need not decode them. */
const wantsCounters = (cmd: Command): boolean => cmd.list.stats || cmd.list.rate;

async function listOneService(cmd: Command, ctx: Context): Promise<Status> {
  const counters = wantsCounters(cmd);
  const naming = { numeric: cmd.list.numeric, resolver: ctx.resolver };
  try {
    const service = await ctx.client.getService(cmd.service!, { counters });
    const out = await openOutput(cmd, ctx);
    for await (const entry of serviceEntries(ctx, [service], { nosort: cmd.list.nosort, counters })) {
      emitTitles(out.sink, cmd.list);
      out.sink.begin('services', 'array');
      emitServiceEntry(out.sink, entry, cmd.list, naming);
      out.sink.end();
      out.finish();
    }
    return returned(0);
  } catch (e) {
    return listFailure(ctx, e);
  }
}

async function listAll(cmd: Command, ctx: Context): Promise<Status> {
  const out = await openOutput(cmd, ctx);
  const naming = { numeric: cmd.list.numeric, resolver: ctx.resolver };
  // The version line comes from the GET_INFO made at start-up and is printed before the dump.
  emitVersion(out.sink, ctx.info);
  out.flush();
  try {
    const counters = wantsCounters(cmd);
    const services = orderServices(await ctx.client.getServices({ counters }), cmd.list);
    emitTitles(out.sink, cmd.list);
    out.sink.begin('services', 'array');
    for await (const entry of serviceEntries(ctx, services, { nosort: cmd.list.nosort, counters })) {
      emitServiceEntry(out.sink, entry, cmd.list, naming);
      out.flush();
    }
    out.sink.end();
    out.finish();
    return returned(0);
  } catch (e) {
    return listFailure(ctx, e);
  }
}

export async function list(cmd: Command, ctx: Context): Promise<Status> {
  const { connection, timeout, daemon } = cmd.list;
  if (connection || timeout || daemon) {
    // ipvsadm runs each that was asked for, in this order; a failure exits at once.
    if (connection) {
      const status = await listConnections(cmd, ctx);
      if (status.exited) return status;
    }
    if (timeout) {
      const status = await listTimeouts(cmd, ctx);
      if (status.exited) return status;
    }
    if (daemon) return listDaemons(cmd, ctx);
    return returned(0);
  }
  return cmd.service ? listOneService(cmd, ctx) : listAll(cmd, ctx);
}
