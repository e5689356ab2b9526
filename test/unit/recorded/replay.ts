// Replaying test/fixtures/rich-listings.json without a kernel: a client answering from the
// recorded netlink replies (decoded by our codec), and any command line run on it through the
// dispatcher, -c reading the recorded copy of /proc/net/ip_vs_conn.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommandLine } from '../../../src/cli/parse.js';
import type { Context, IpvsOperations } from '../../../src/commands/context.js';
import { runOutcome } from '../../../src/commands/dispatch.js';
import { CONN_PROC_FILE } from '../../../src/format/connections.js';
import { EPERM } from '../../../src/libc/errno.js';
import type { Destination, IpvsInfo, Service, ServiceKey, SyncDaemon, Timeouts } from '../../../src/model.js';
import { decodeDaemon, decodeDestination, decodeInfo, decodeService, decodeTimeouts } from '../../../src/netlink/codec.js';
import * as C from '../../../src/netlink/constants.js';
import { IpvsError } from '../../../src/netlink/errors.js';
import { forEachRecord, indexAttrs } from '../../../src/netlink/wire.js';
import type { NameResolver } from '../../../src/resolve/resolver.js';
import { createSystemResolver } from '../../../src/resolve/system.js';

export interface Replies {
  info: string[];
  services: string[];
  dests: string[][];
  timeouts: string[];
  daemons: string[];
  conn: string;
}
export interface FixtureRecord {
  args: string;
  replies: Replies;
  real: { stdout: string; stderr: string; code: number };
}
export interface Fixture {
  kernel: string;
  ipvsadm: string;
  hosts: string;
  services: string;
  records: FixtureRecord[];
}

const FIXTURE = path.resolve(__dirname, '../../fixtures/rich-listings.json');
export const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Fixture;

/** The generic-netlink data messages of a list of datagrams: [buffer, attrsStart, end]. */
function dataMessages(datagrams: string[]): [Buffer, number, number][] {
  const out: [Buffer, number, number][] = [];
  for (const hex of datagrams) {
    const buf = Buffer.from(hex, 'hex');
    forEachRecord(buf, 0, buf.length, 'message', (off, len) => {
      const type = buf.readUInt16LE(off + 4);
      if (type !== C.NLMSG_ERROR && type !== C.NLMSG_DONE) out.push([buf, off + 20, off + len]);
    });
  }
  return out;
}

function nests<T>(datagrams: string[], nla: number, decode: (b: Buffer, s: number, e: number) => T): T[] {
  const out: T[] = [];
  for (const [buf, start, end] of dataMessages(datagrams)) {
    const span = indexAttrs(buf, start, end)[nla]!;
    out.push(decode(buf, span.off, span.off + span.len));
  }
  return out;
}

function only<T>(datagrams: string[], decode: (b: Buffer, s: number, e: number) => T): T {
  const [first] = dataMessages(datagrams);
  return decode(...first!);
}

const sameKey = (a: ServiceKey, b: ServiceKey) =>
  a.af === b.af && a.protocol === b.protocol && a.port === b.port && a.fwmark === b.fwmark && Buffer.compare(Buffer.from(a.addr), Buffer.from(b.addr)) === 0;

/** Listings change nothing: a change reaching the recorded kernel is a test failure. */
const refuse = async (): Promise<void> => {
  throw new IpvsError(EPERM, 'the recorded kernel is read-only');
};

/** A client answering from recorded replies, decoded by our codec (honouring `counters`). */
export function recordedClient(r: Replies): { info: IpvsInfo; client: IpvsOperations } {
  const servicesOf = (counters = true) => nests(r.services, C.IPVS_CMD_ATTR_SERVICE, (b, s, e) => decodeService(b, s, e, counters));
  const keys = servicesOf();
  return {
    info: only(r.info, decodeInfo),
    client: {
      getServices: async (o: { counters?: boolean } = {}): Promise<Service[]> => servicesOf(o.counters),
      getService: async (key: ServiceKey, o: { counters?: boolean } = {}): Promise<Service> => {
        const s = servicesOf(o.counters).find((x) => sameKey(x, key));
        if (!s) throw new IpvsError(C.ESRCH);
        return s;
      },
      getDests: async (key: ServiceKey, o: { counters?: boolean } = {}): Promise<Destination[]> => {
        const i = keys.findIndex((x) => sameKey(x, key));
        return i < 0 ? [] : nests(r.dests[i]!, C.IPVS_CMD_ATTR_DEST, (b, st, e) => decodeDestination(b, st, e, key.af, o.counters ?? true));
      },
      getTimeouts: async (): Promise<Timeouts> => only(r.timeouts, decodeTimeouts),
      getDaemons: async (): Promise<SyncDaemon[]> => nests(r.daemons, C.IPVS_CMD_ATTR_DAEMON, decodeDaemon),
      addService: refuse, editService: refuse, delService: refuse, addDest: refuse, editDest: refuse, delDest: refuse,
      zero: refuse, flush: refuse, setTimeouts: refuse, startDaemon: refuse, stopDaemon: refuse,
    },
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvs-fixture-'));
fs.writeFileSync(path.join(dir, 'hosts'), fixture.hosts);
fs.writeFileSync(path.join(dir, 'services'), fixture.services);
// The VM's resolver failed at once for unknown addresses, so: the hosts file, nothing else.
export const resolver: NameResolver = createSystemResolver({ hostsFile: path.join(dir, 'hosts'), servicesFile: path.join(dir, 'services'), fallback: null });

export interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

/** The context of a replay: the recorded kernel, the fixture's names, the recorded -c file. */
export function replayContext(rec: FixtureRecord, io: Context['io']): Context {
  const { info, client } = recordedClient(rec.replies);
  return {
    client,
    info,
    resolver,
    readProcFile: (file) => {
      if (file !== CONN_PROC_FILE) throw new Error(`unexpected read of ${file}`);
      return rec.replies.conn;
    },
    io,
  };
}

/**
 * A command line run through the dispatcher on the recorded replies (`args` may add our own
 * options to the recorded line), on streams that are a terminal or not, with an environment.
 */
export async function replay(rec: FixtureRecord, args: string, opts: { isTTY?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const ctx = replayContext(rec, {
    argv0: 'ipvsadm',
    env: opts.env ?? {},
    isTTY: opts.isTTY ?? false,
    stdin: async () => Buffer.alloc(0),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  const outcome = parseCommandLine(args.split(' '), { argv0: 'ipvsadm', env: {}, resolver });
  const { code } = await runOutcome(outcome, ctx);
  return { stdout, stderr, code };
}
