// IpvsClient: the public face of src/netlink. One socket and one family lookup per
// instance; every method is one kernel request (or one dump) and returns its own promise.
//
// Pipelining: methods may be called without awaiting the previous ones. Requests issued
// together share datagrams and up to `maxInFlight` are outstanding on the socket; the
// kernel executes them in call order and each promise settles in call order with that
// request's own result or IpvsError. `batch()` does the same for a list of changes,
// streaming it (bounded memory) and collecting per-request outcomes.
import type {
  Destination,
  DestConfig,
  DestKey,
  IpvsInfo,
  Service,
  ServiceConfig,
  ServiceKey,
  SyncDaemon,
  Timeouts,
} from '../model.js';
import {
  type ChangeOp, type CommandArgs, type CommandReplies, type CommandRow, type DaemonRef, IPVS_COMMANDS, type IpvsChange,
  type IpvsChangeOf, type QueryOp,
} from './commands.js';
import type { Plan } from '../plan/plan.js';
import { type PlanOutcome, type RunPlanOptions, runPlan } from '../plan/run.js';
import * as C from './constants.js';
import { IpvsError } from './errors.js';
import * as M from './messages.js';
import { MalformedReplyError } from './schema.js';
import { type ReplyMessage, NetlinkTransport, type TransportOptions } from './transport.js';
import { findAttr, getU16, indexAttrs } from './wire.js';

export { IpvsError } from './errors.js';

export type IpvsClientOptions = TransportOptions;

/** For queries of services and real servers. */
export interface QueryOptions {
  /** Decode the statistics nests (default true); listings that show no counters skip them. */
  counters?: boolean;
}

export type { DaemonRef, IpvsChange } from './commands.js';

export type BatchResult = { ok: true } | { ok: false; error: IpvsError };

/** How many requests of a batch exist (encoded, queued or in flight) at once. */
const BATCH_AHEAD = 1024;

export class IpvsClient {
  private constructor(
    private readonly transport: NetlinkTransport,
    /** The IPVS generic-netlink family id resolved at open(). */
    readonly familyId: number,
  ) {}

  /**
   * Opens a generic-netlink socket and resolves the "IPVS" family (which also makes the
   * kernel load ip_vs where it can). Rejects with IpvsError ENOPROTOOPT when the family is
   * unknown: nothing is ever sent with family id 0.
   */
  static async open(opts: IpvsClientOptions = {}): Promise<IpvsClient> {
    let transport: NetlinkTransport;
    try {
      transport = new NetlinkTransport(opts);
    } catch (e) {
      const errno = (e as { errno?: number }).errno;
      throw new IpvsError(typeof errno === 'number' ? Math.abs(errno) : C.ENOPROTOOPT, `netlink socket: ${(e as Error).message}`);
    }
    try {
      return new IpvsClient(transport, await resolveFamily(transport, C.IPVS_GENL_NAME));
    } catch (e) {
      transport.close();
      throw e;
    }
  }

  /** The socket's netlink port id (nlmsg_pid of our requests). */
  get portId(): number {
    return this.transport.pid;
  }

  close(): void {
    this.transport.close();
  }

  // ---- queries ----

  async getInfo(): Promise<IpvsInfo> {
    return this.one('getInfo', {});
  }

  /** All services of this network namespace, in kernel order (not sorted). */
  async getServices(opts: QueryOptions = {}): Promise<Service[]> {
    return this.many('getServices', {}, opts);
  }

  /** One service; rejects with IpvsError ESRCH if it does not exist. */
  async getService(key: ServiceKey, opts: QueryOptions = {}): Promise<Service> {
    return this.one('getService', { service: key }, opts);
  }

  /**
   * The real servers of a service, newest first. A missing service gives an empty list
   * (the kernel's answer), not ESRCH: ask getService() first to tell the two apart.
   */
  async getDests(key: ServiceKey, opts: QueryOptions = {}): Promise<Destination[]> {
    return this.many('getDests', { service: key }, opts);
  }

  async getTimeouts(): Promise<Timeouts> {
    return this.one('getTimeouts', {});
  }

  /** Running sync daemons: master first, then backup. */
  async getDaemons(): Promise<SyncDaemon[]> {
    return this.many('getDaemons', {});
  }

  // ---- changes (see CommandArgs for what each sends) ----

  addService(cfg: ServiceConfig): Promise<void> {
    return this.send('addService', { service: cfg });
  }

  editService(cfg: ServiceConfig): Promise<void> {
    return this.send('editService', { service: cfg });
  }

  delService(svc: ServiceKey): Promise<void> {
    return this.send('delService', { service: svc });
  }

  addDest(svc: ServiceKey, dest: DestConfig): Promise<void> {
    return this.send('addDest', { service: svc, dest });
  }

  editDest(svc: ServiceKey, dest: DestConfig): Promise<void> {
    return this.send('editDest', { service: svc, dest });
  }

  /** Missing settings of `dest` are sent as ipvsadm's defaults (Route, weight 1). */
  delDest(svc: ServiceKey, dest: DestKey | DestConfig): Promise<void> {
    return this.send('delDest', { service: svc, dest });
  }

  /** Zeroes one service's counters, or with no key all of them and the global totals. */
  zero(svc?: ServiceKey): Promise<void> {
    return this.send('zero', { service: svc });
  }

  flush(): Promise<void> {
    return this.send('flush', {});
  }

  /** 0 in a field leaves that timeout unchanged. */
  setTimeouts(t: Timeouts): Promise<void> {
    return this.send('setTimeouts', { timeouts: t });
  }

  startDaemon(d: SyncDaemon): Promise<void> {
    return this.send('startDaemon', { daemon: d });
  }

  /**
   * The kernel does not answer a stop that comes before the daemon's new thread has run:
   * kthread_stop() then gives -EINTR, which netlink takes for a dump begun, and sends no ACK
   * (ipvsadm waits for ever there). So the stop asks for no ACK and a GET_INFO sent after it
   * vouches for it; a failure (no such daemon) is still answered with its errno.
   */
  stopDaemon(d: DaemonRef): Promise<void> {
    const stop = this.send('stopDaemon', { daemon: d }, true);
    this.getInfo().catch(() => undefined); // only its answer matters: the transport settles the stop by it
    return stop;
  }

  /** Sends a change encoded beforehand by messages.requestFor: the same bytes as its method sends. */
  sendEncoded(spec: M.RequestSpec): Promise<void> {
    return this.transport.request(this.familyId, spec);
  }

  /** Makes one change: the request its row of the command table describes. */
  change<K extends ChangeOp>(change: IpvsChangeOf<K>): Promise<void> {
    return this.send(change.op, change);
  }

  /**
   * Carries out a plan (from `diff()`): additions and edits, then the drain with its wait
   * when `drainSeconds` is given, then removals; each phase pipelined, nothing sent after a
   * failure. Never rejects for a kernel error: the outcome says what was made and what failed.
   */
  apply(plan: Plan, opts: RunPlanOptions = {}): Promise<PlanOutcome> {
    return runPlan(this, plan, opts);
  }

  /**
   * Sends all changes pipelined, in order, and resolves with one outcome per change (same
   * index). A failure does not stop later changes, just as separate ipvsadm calls would not.
   * Never rejects.
   */
  async batch(changes: readonly IpvsChange[]): Promise<BatchResult[]> {
    const results = new Array<BatchResult>(changes.length);
    if (changes.length === 0) return results;
    await new Promise<void>((allDone) => {
      let issued = 0;
      let settled = 0;
      const issue = (): void => {
        while (issued < changes.length && issued - settled < BATCH_AHEAD) {
          const i = issued++;
          this.change(changes[i]!).then(
            () => {
              results[i] = { ok: true };
            },
            (e: unknown) => {
              results[i] = { ok: false, error: asIpvsError(e) };
            },
          ).then(() => {
            if (++settled === changes.length) allDone();
            else issue();
          });
        }
      };
      issue();
    });
    return results;
  }

  // ---- plumbing ----

  // Requests are built inside the returned promise: bad input (say, a multicast group that
  // is no address) rejects rather than throws.

  private send<K extends ChangeOp>(op: K, args: CommandArgs[K], unacknowledged = false): Promise<void> {
    // Not an async function: the transport's promise itself, one promise less per change (a
    // restore makes one per line); an encoding error still comes back as a rejection.
    let spec: M.RequestSpec;
    try {
      spec = M.requestFor(op, args);
      if (unacknowledged) spec.unacknowledged = true;
    } catch (e) {
      return Promise.reject(e);
    }
    return this.transport.request(this.familyId, spec);
  }

  /** Each reply message decoded by the operation's row: its reply nest, or the top level. */
  private decoder<K extends QueryOp>(op: K, args: CommandArgs[K], opts: QueryOptions): (m: ReplyMessage) => CommandReplies[K] {
    const row: CommandRow<CommandArgs[K], CommandReplies[K]> = IPVS_COMMANDS[op];
    const decode = row.decode!;
    const counters = opts.counters ?? true;
    const nla = row.replyNest;
    if (nla === undefined) return (m) => decode(m.buf, m.attrsStart, m.end, args, counters);
    return (m) => decodeNest(m, nla, (b, s, e) => decode(b, s, e, args, counters));
  }

  /** A request answered by exactly one data message. */
  private async one<K extends QueryOp>(op: K, args: CommandArgs[K], opts: QueryOptions = {}): Promise<CommandReplies[K]> {
    const spec = M.requestFor(op, args);
    const decode = this.decoder(op, args, opts);
    let result: { value: CommandReplies[K] } | undefined;
    await this.transport.request(this.familyId, spec, (m) => {
      result ??= { value: decode(m) };
    });
    if (!result) throw new MalformedReplyError(`no data in the answer to command ${spec.cmd}`);
    return result.value;
  }

  /** A dump: one decoded item per message. */
  private async many<K extends QueryOp>(op: K, args: CommandArgs[K], opts: QueryOptions = {}): Promise<CommandReplies[K][]> {
    const decode = this.decoder(op, args, opts);
    const items: CommandReplies[K][] = [];
    await this.transport.request(this.familyId, M.requestFor(op, args), (m) => {
      items.push(decode(m));
    });
    return items;
  }
}

/** Decodes the nest `nla` of a reply message with `decode`. */
function decodeNest<T>(m: ReplyMessage, nla: number, decode: (buf: Buffer, start: number, end: number) => T): T {
  let span;
  try {
    span = findAttr(m.buf, m.attrsStart, m.end, nla);
  } catch (e) {
    throw new MalformedReplyError((e as Error).message);
  }
  if (!span) throw new MalformedReplyError(`command ${m.cmd}: attribute ${nla} missing`);
  return decode(m.buf, span.off, span.off + span.len);
}

/** CTRL_CMD_GETFAMILY: the family's id, or ENOPROTOOPT when the kernel does not know it. */
async function resolveFamily(transport: NetlinkTransport, name: string): Promise<number> {
  let id: number | undefined;
  try {
    await transport.request(C.GENL_ID_CTRL, M.getFamilyRequest(name), (m) => {
      let span;
      try {
        span = indexAttrs(m.buf, m.attrsStart, m.end)[C.CTRL_ATTR_FAMILY_ID];
      } catch (e) {
        throw new MalformedReplyError(`family ${name}: ${(e as Error).message}`);
      }
      id ??= span && span.len >= 2 ? getU16(m.buf, span.off) : 0;
    });
  } catch (e) {
    if (!(e instanceof IpvsError) || e.errno !== C.ENOENT) throw e;
    // The kernel's answer for a family it does not know.
    throw new IpvsError(C.ENOPROTOOPT, `generic netlink family ${name} not found (is ip_vs loaded?)`);
  }
  // An answer without a usable id is not the kernel's "unknown family" (that is ENOENT).
  if (!id) throw new MalformedReplyError(`family ${name}: no family id in the answer`);
  return id;
}

function asIpvsError(e: unknown): IpvsError {
  if (e instanceof IpvsError) return e;
  return new IpvsError(C.EINVAL, e instanceof Error ? e.message : String(e));
}
