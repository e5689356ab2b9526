// -L / -l: the service table (all services or one), or with -c / --timeout / --daemon those
// listings instead. Errors print ipvsadm's line and exit 1, as its list functions exit(1).
import type { Command } from '../cli/command.js';
import { colorWanted, colorizeListing } from '../format/color.js';
import { CONN_PROC_FILE, EmptyConnectionsFileError, connectionLines } from '../format/connections.js';
import { daemonLines } from '../format/daemon.js';
import { oneServiceListingParts, orderServices, titleLines, versionLine } from '../format/list.js';
import { serviceEntryParts } from '../format/list.js';
import { timeoutLine } from '../format/timeouts.js';
import { type Context, type Status, exited, returned } from './context.js';
import { serviceEntries } from './entries.js';
import { errnoOf } from './kernel-call.js';
import { kernelErrorMessage } from './errors.js';
import { IpvsError } from '../netlink/client.js';

/** ipvsadm's list functions exit(1) after printing the libipvs message. */
function listFailure(ctx: Context, e: unknown): Status {
  if (!(e instanceof IpvsError)) throw e;
  ctx.io.stderr.write(`${kernelErrorMessage('list', errnoOf(e))}\n`);
  return exited(1);
}

function listConnections(cmd: Command, ctx: Context): Status {
  let text: string;
  try {
    text = ctx.readProcFile(CONN_PROC_FILE);
  } catch {
    ctx.io.stderr.write(`cannot open file ${CONN_PROC_FILE}\n`);
    return exited(1);
  }
  try {
    for (const line of connectionLines(text, cmd.list, ctx.resolver)) ctx.io.stdout.write(line);
  } catch (e) {
    if (!(e instanceof EmptyConnectionsFileError)) throw e;
    ctx.io.stderr.write(`unexpected input from ${CONN_PROC_FILE}\n`);
    return exited(1);
  }
  return returned(0);
}

async function listTimeouts(ctx: Context): Promise<Status> {
  try {
    ctx.io.stdout.write(timeoutLine(await ctx.client.getTimeouts()));
    return returned(0);
  } catch (e) {
    if (e instanceof IpvsError) return exited(1); // ipvsadm exits 1 without a message here
    throw e;
  }
}

async function listDaemons(ctx: Context): Promise<Status> {
  try {
    for (const line of daemonLines(await ctx.client.getDaemons())) ctx.io.stdout.write(line);
    return returned(0);
  } catch (e) {
    if (e instanceof IpvsError) return exited(1); // as for --timeout: silent exit 1
    throw e;
  }
}

/** Only --stats and --rate show counters: other listings need not decode them. */
const wantsCounters = (cmd: Command): boolean => cmd.list.stats || cmd.list.rate;

async function listOneService(cmd: Command, ctx: Context): Promise<Status> {
  const color = colorWanted(ctx.io.isTTY, ctx.io.env);
  const counters = wantsCounters(cmd);
  try {
    const service = await ctx.client.getService(cmd.service!, { counters });
    for await (const entry of serviceEntries(ctx.client, [service], { nosort: cmd.list.nosort, counters })) {
      for (const text of colorizeListing(oneServiceListingParts(entry, cmd.list, ctx.resolver), color)) ctx.io.stdout.write(text);
    }
    return returned(0);
  } catch (e) {
    return listFailure(ctx, e);
  }
}

async function listAll(cmd: Command, ctx: Context): Promise<Status> {
  const color = colorWanted(ctx.io.isTTY, ctx.io.env);
  // The version line comes from the GET_INFO made at start-up and is printed before the dump.
  ctx.io.stdout.write(versionLine(ctx.info));
  try {
    const counters = wantsCounters(cmd);
    const services = orderServices(await ctx.client.getServices({ counters }), cmd.list);
    for (const text of titleLines(cmd.list)) ctx.io.stdout.write(text);
    for await (const entry of serviceEntries(ctx.client, services, { nosort: cmd.list.nosort, counters })) {
      for (const text of colorizeListing(serviceEntryParts(entry, cmd.list, ctx.resolver), color)) ctx.io.stdout.write(text);
    }
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
      const status = listConnections(cmd, ctx);
      if (status.exited) return status;
    }
    if (timeout) {
      const status = await listTimeouts(ctx);
      if (status.exited) return status;
    }
    if (daemon) return listDaemons(ctx);
    return returned(0);
  }
  return cmd.service ? listOneService(cmd, ctx) : listAll(cmd, ctx);
}

