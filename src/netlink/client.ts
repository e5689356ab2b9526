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
import { decodeDaemon, decodeDestination, decodeInfo, decodeService, decodeTimeouts } from './codec.js';
import * as C from './constants.js';
import { IpvsError } from './errors.js';
import * as M from './messages.js';
import { MalformedReplyError } from './schema.js';
import { type ReplyMessage, NetlinkTransport, type TransportOptions } from './transport.js';
import { getU16, indexAttrs } from './wire.js';

export { IpvsError } from './errors.js';

export type IpvsClientOptions = TransportOptions;

/** For queries of services and real servers. */
export interface QueryOptions {
  /** Decode the statistics nests (default true); listings that show no counters skip them. */
  counters?: boolean;
}

/** A state-changing request, for {@link IpvsClient.batch}. */
export type IpvsChange =
  | { op: 'addService'; service: ServiceConfig }
  | { op: 'editService'; service: ServiceConfig }
  | { op: 'delService'; service: ServiceKey }
  | { op: 'addDest'; service: ServiceKey; dest: DestConfig }
  | { op: 'editDest'; service: ServiceKey; dest: DestConfig }
  | { op: 'delDest'; service: ServiceKey; dest: DestKey | DestConfig }
  | { op: 'zero'; service?: ServiceKey }
  | { op: 'flush' }
  | { op: 'setTimeouts'; timeouts: Timeouts }
  | { op: 'startDaemon'; daemon: SyncDaemon }
  | { op: 'stopDaemon'; daemon: DaemonRef };

export type BatchResult = { ok: true } | { ok: false; error: IpvsError };

/** What identifies a running sync daemon: its state (the kernel reads nothing else). */
export interface DaemonRef {
  state: number;
  syncId?: number;
}

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
    return this.one(() => M.getInfoRequest(), (m) => decodeInfo(m.buf, m.attrsStart, m.end));
  }

  /** All services of this network namespace, in kernel order (not sorted). */
  async getServices(opts: QueryOptions = {}): Promise<Service[]> {
    const counters = opts.counters ?? true;
    return this.many(() => M.dumpServicesRequest(), (m) =>
      decodeNest(m, C.IPVS_CMD_ATTR_SERVICE, (b, s, e) => decodeService(b, s, e, counters)),
    );
  }

  /** One service; rejects with IpvsError ESRCH if it does not exist. */
  async getService(key: ServiceKey, opts: QueryOptions = {}): Promise<Service> {
    const counters = opts.counters ?? true;
    return this.one(() => M.getServiceRequest(key), (m) =>
      decodeNest(m, C.IPVS_CMD_ATTR_SERVICE, (b, s, e) => decodeService(b, s, e, counters)),
    );
  }

  /**
   * The real servers of a service, newest first. A missing service gives an empty list
   * (the kernel's answer), not ESRCH: ask getService() first to tell the two apart.
   */
  async getDests(key: ServiceKey, opts: QueryOptions = {}): Promise<Destination[]> {
    const counters = opts.counters ?? true;
    return this.many(() => M.dumpDestsRequest(key), (m) =>
      decodeNest(m, C.IPVS_CMD_ATTR_DEST, (b, s, e) => decodeDestination(b, s, e, key.af, counters)),
    );
  }

  async getTimeouts(): Promise<Timeouts> {
    return this.one(() => M.getConfigRequest(), (m) => decodeTimeouts(m.buf, m.attrsStart, m.end));
  }

  /** Running sync daemons: master first, then backup. */
  async getDaemons(): Promise<SyncDaemon[]> {
    return this.many(() => M.dumpDaemonsRequest(), (m) => decodeNest(m, C.IPVS_CMD_ATTR_DAEMON, decodeDaemon));
  }

  // ---- changes ----

  addService(cfg: ServiceConfig): Promise<void> {
    return this.ack(() => M.newServiceRequest(cfg));
  }

  editService(cfg: ServiceConfig): Promise<void> {
    return this.ack(() => M.setServiceRequest(cfg));
  }

  delService(svc: ServiceKey): Promise<void> {
    return this.ack(() => M.delServiceRequest(svc));
  }

  addDest(svc: ServiceKey, dest: DestConfig): Promise<void> {
    return this.ack(() => M.newDestRequest(svc, dest));
  }

  editDest(svc: ServiceKey, dest: DestConfig): Promise<void> {
    return this.ack(() => M.setDestRequest(svc, dest));
  }

  /** Missing settings of `dest` are sent as ipvsadm's defaults (Route, weight 1). */
  delDest(svc: ServiceKey, dest: DestKey | DestConfig): Promise<void> {
    return this.ack(() => M.delDestRequest(svc, dest));
  }

  /** Zeroes one service's counters, or with no key all of them and the global totals. */
  zero(svc?: ServiceKey): Promise<void> {
    return this.ack(() => M.zeroRequest(svc));
  }

  flush(): Promise<void> {
    return this.ack(() => M.flushRequest());
  }

  /** 0 in a field leaves that timeout unchanged. */
  setTimeouts(t: Timeouts): Promise<void> {
    return this.ack(() => M.setConfigRequest(t));
  }

  startDaemon(d: SyncDaemon): Promise<void> {
    return this.ack(() => M.newDaemonRequest(d));
  }

  stopDaemon(d: DaemonRef): Promise<void> {
    return this.ack(() => M.delDaemonRequest(d));
  }

  /** Applies one change (the same request the matching method sends). */
  apply(change: IpvsChange): Promise<void> {
    switch (change.op) {
      case 'addService':
        return this.addService(change.service);
      case 'editService':
        return this.editService(change.service);
      case 'delService':
        return this.delService(change.service);
      case 'addDest':
        return this.addDest(change.service, change.dest);
      case 'editDest':
        return this.editDest(change.service, change.dest);
      case 'delDest':
        return this.delDest(change.service, change.dest);
      case 'zero':
        return this.zero(change.service);
      case 'flush':
        return this.flush();
      case 'setTimeouts':
        return this.setTimeouts(change.timeouts);
      case 'startDaemon':
        return this.startDaemon(change.daemon);
      case 'stopDaemon':
        return this.stopDaemon(change.daemon);
    }
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
          this.apply(changes[i]!).then(
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

  private async ack(build: () => M.RequestSpec): Promise<void> {
    return this.transport.request(this.familyId, build());
  }

  /** A request answered by exactly one data message. */
  private async one<T>(build: () => M.RequestSpec, decode: (m: ReplyMessage) => T): Promise<T> {
    const spec = build();
    let result: { value: T } | undefined;
    await this.transport.request(this.familyId, spec, (m) => {
      result ??= { value: decode(m) };
    });
    if (!result) throw new MalformedReplyError(`no data in the answer to command ${spec.cmd}`);
    return result.value;
  }

  /** A dump: one decoded item per message. */
  private async many<T>(build: () => M.RequestSpec, decode: (m: ReplyMessage) => T): Promise<T[]> {
    const items: T[] = [];
    await this.transport.request(this.familyId, build(), (m) => {
      items.push(decode(m));
    });
    return items;
  }
}

/** Decodes the nest `nla` of a reply message with `decode`. */
function decodeNest<T>(m: ReplyMessage, nla: number, decode: (buf: Buffer, start: number, end: number) => T): T {
  let span;
  try {
    span = indexAttrs(m.buf, m.attrsStart, m.end)[nla];
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
