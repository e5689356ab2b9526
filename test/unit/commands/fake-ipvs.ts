// A small in-memory IPVS behind the fake netlink socket: it keeps services, real servers,
// timeouts and sync daemons, answers the IPVS commands with the kernel's errnos for the cases
// ipvsadm words (EEXIST, ESRCH, ENOENT), and encodes its replies with the codec's own tables.
// It is what commands and -R run against in unit tests; the kernel suite proves the real thing.
import { IpvsClient } from '../../../src/netlink/client.js';
import * as C from '../../../src/netlink/constants.js';
import { EEXIST, EINVAL, ENOENT, ESRCH } from '../../../src/libc/errno.js';
import { decodeAttrs, encodeAttrs, type Role, type Schema } from '../../../src/netlink/schema.js';
import { DAEMON_SCHEMA, DEST_SCHEMA, INFO_SCHEMA, SERVICE_SCHEMA, TIMEOUTS_SCHEMA } from '../../../src/netlink/tables.js';
import { NlWriter, indexAttrs } from '../../../src/netlink/wire.js';
import type { DestKey, Destination, IpvsInfo, Service, ServiceKey, SyncDaemon, Timeouts } from '../../../src/model.js';
import type { IpvsSession } from '../../../src/commands/context.js';
import { type FakeAnswer, FakeKernel, type FakeRequest } from '../netlink/fake-kernel.js';

const REPLY_ROLES: readonly Role[] = ['id', 'cfg', 'out'];
const SCHEDULERS = new Set(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh']);

/** A request nest decodes with nothing required: identity-only nests are fine. */
const lenient = <T>(schema: Schema<T>): Schema<T> => ({ ...schema, rows: schema.rows.map((r) => ({ ...r, required: false })) });
const SERVICE_IN = lenient(SERVICE_SCHEMA);
const DEST_IN = lenient(DEST_SCHEMA);
const DAEMON_IN = lenient(DAEMON_SCHEMA);

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const sameService = (a: ServiceKey, b: ServiceKey): boolean =>
  a.af === b.af && a.fwmark === b.fwmark && (a.fwmark !== 0 || (a.protocol === b.protocol && a.port === b.port && sameBytes(a.addr, b.addr)));
const sameDest = (a: DestKey, b: DestKey): boolean => a.port === b.port && sameBytes(a.addr, b.addr);

function encode<T>(schema: Schema<T>, obj: T, nest?: number): Buffer {
  const w = new NlWriter();
  const mark = nest === undefined ? undefined : w.beginNest(nest);
  encodeAttrs(w, schema, obj, REPLY_ROLES);
  if (mark !== undefined) w.endNest(mark);
  return w.copy();
}

export class FakeIpvs {
  info: IpvsInfo = { version: 0x010201, connTabSize: 4096 };
  readonly services: { service: Service; dests: Destination[] }[] = [];
  timeouts: Timeouts = { tcp: 900, tcpFin: 120, udp: 300 };
  readonly daemons: SyncDaemon[] = [];
  /** IPVS command numbers in the order they arrived. */
  readonly commands: number[] = [];
  /**
   * Stops of a running daemon get no answer, as from the kernel when the daemon's thread has
   * not yet run (kthread_stop() gives -EINTR, and netlink sends nothing for -EINTR).
   */
  stopsUnanswered = false;
  /** Answer this errno to every request of a command (e.g. EPERM for a non-root caller). */
  readonly failing = new Map<number, number>();

  /** A client on a fake socket answered by this IPVS: what runIpvsadm's openClient returns. */
  open = (): Promise<IpvsSession> => IpvsClient.open({ socket: new FakeKernel((req) => this.handle(req)) });

  private nest<T>(req: FakeRequest, nla: number, schema: Schema<T>): T | undefined {
    const span = indexAttrs(req.attrs, 0, req.attrs.length)[nla];
    return span && decodeAttrs(schema, req.attrs, span.off, span.off + span.len).value;
  }

  private find(req: FakeRequest): { service: Service; dests: Destination[] } | undefined {
    const key = this.nest(req, C.IPVS_CMD_ATTR_SERVICE, SERVICE_IN);
    return key && this.services.find((e) => sameService(e.service, key));
  }

  handle(req: FakeRequest): FakeAnswer {
    this.commands.push(req.cmd);
    const errno = this.failing.get(req.cmd);
    if (errno !== undefined) return { errno };
    switch (req.cmd) {
      case C.IPVS_CMD_GET_INFO:
        return { data: encode(INFO_SCHEMA, this.info) };
      case C.IPVS_CMD_NEW_SERVICE: {
        const svc = this.nest(req, C.IPVS_CMD_ATTR_SERVICE, SERVICE_IN)!;
        if (this.find(req)) return { errno: EEXIST };
        if (!SCHEDULERS.has(svc.scheduler)) return { errno: ENOENT };
        this.services.push({ service: svc, dests: [] });
        return { ok: true };
      }
      case C.IPVS_CMD_SET_SERVICE: {
        const entry = this.find(req);
        if (!entry) return { errno: ESRCH };
        const svc = this.nest(req, C.IPVS_CMD_ATTR_SERVICE, SERVICE_IN)!;
        if (!SCHEDULERS.has(svc.scheduler)) return { errno: ENOENT };
        entry.service = svc;
        return { ok: true };
      }
      case C.IPVS_CMD_DEL_SERVICE: {
        const entry = this.find(req);
        if (!entry) return { errno: ESRCH };
        this.services.splice(this.services.indexOf(entry), 1);
        return { ok: true };
      }
      case C.IPVS_CMD_GET_SERVICE: {
        if ((req.flags & 0x300) === 0x300) return { dump: this.services.map((e) => encode(SERVICE_SCHEMA, e.service, C.IPVS_CMD_ATTR_SERVICE)) };
        const entry = this.find(req);
        return entry ? { data: encode(SERVICE_SCHEMA, entry.service, C.IPVS_CMD_ATTR_SERVICE) } : { errno: ESRCH };
      }
      case C.IPVS_CMD_NEW_DEST:
      case C.IPVS_CMD_SET_DEST:
      case C.IPVS_CMD_DEL_DEST:
        return this.changeDest(req);
      case C.IPVS_CMD_GET_DEST: {
        // A dump of a missing service is an empty success, as on a real kernel.
        const entry = this.find(req);
        return { dump: (entry?.dests ?? []).map((d) => encode(DEST_SCHEMA, d, C.IPVS_CMD_ATTR_DEST)) };
      }
      case C.IPVS_CMD_FLUSH:
        this.services.splice(0);
        return { ok: true };
      case C.IPVS_CMD_ZERO:
        return this.nest(req, C.IPVS_CMD_ATTR_SERVICE, SERVICE_IN) && !this.find(req) ? { errno: ESRCH } : { ok: true };
      case C.IPVS_CMD_SET_CONFIG: {
        const t = decodeAttrs(TIMEOUTS_SCHEMA, req.attrs).value;
        this.timeouts = { tcp: t.tcp || this.timeouts.tcp, tcpFin: t.tcpFin || this.timeouts.tcpFin, udp: t.udp || this.timeouts.udp };
        return { ok: true };
      }
      case C.IPVS_CMD_GET_CONFIG:
        return { data: encode(TIMEOUTS_SCHEMA, this.timeouts) };
      case C.IPVS_CMD_NEW_DAEMON: {
        const d = this.nest(req, C.IPVS_CMD_ATTR_DAEMON, DAEMON_IN)!;
        if (this.daemons.some((x) => x.state === d.state)) return { errno: EEXIST };
        this.daemons.push(d);
        return { ok: true };
      }
      case C.IPVS_CMD_DEL_DAEMON: {
        const d = this.nest(req, C.IPVS_CMD_ATTR_DAEMON, DAEMON_IN)!;
        const i = this.daemons.findIndex((x) => x.state === d.state);
        if (i < 0) return { errno: ESRCH };
        this.daemons.splice(i, 1);
        return this.stopsUnanswered ? { none: true } : { ok: true };
      }
      case C.IPVS_CMD_GET_DAEMON:
        return { dump: this.daemons.map((d) => encode(DAEMON_SCHEMA, d, C.IPVS_CMD_ATTR_DAEMON)), cmd: C.IPVS_CMD_NEW_DAEMON };
      default:
        return { errno: EINVAL };
    }
  }

  private changeDest(req: FakeRequest): FakeAnswer {
    const entry = this.find(req);
    if (!entry) return { errno: ESRCH };
    const d = this.nest(req, C.IPVS_CMD_ATTR_DEST, DEST_IN)!;
    const dest: Destination = { ...d, af: d.af || entry.service.af, activeConns: 0, inactConns: 0, persistConns: 0 };
    const i = entry.dests.findIndex((x) => sameDest(x, dest));
    if (req.cmd === C.IPVS_CMD_NEW_DEST) {
      if (i >= 0) return { errno: EEXIST };
      entry.dests.push(dest);
    } else if (i < 0) {
      return { errno: ENOENT };
    } else if (req.cmd === C.IPVS_CMD_SET_DEST) {
      // An edit keeps the real server's connections, as in the kernel.
      const { activeConns, inactConns, persistConns } = entry.dests[i]!;
      entry.dests[i] = { ...dest, activeConns, inactConns, persistConns };
    } else {
      entry.dests.splice(i, 1);
    }
    return { ok: true };
  }
}
