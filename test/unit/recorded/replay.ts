// Replaying test/fixtures/rich-listings.json without a kernel: a client answering from the
// recorded netlink replies (decoded by our codec) and our list/save commands run on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommandLine } from '../../../src/cli/parse.js';
import type { Context } from '../../../src/commands/context.js';
import { list } from '../../../src/commands/list.js';
import { save } from '../../../src/commands/save.js';
import { runParsed } from '../../../src/main.js';
import type { Destination, IpvsInfo, Service, ServiceKey, SyncDaemon, Timeouts } from '../../../src/model.js';
import { decodeDaemon, decodeDestination, decodeInfo, decodeService, decodeTimeouts } from '../../../src/netlink/codec.js';
import * as C from '../../../src/netlink/constants.js';
import { IpvsError } from '../../../src/netlink/errors.js';
import { indexAttrs } from '../../../src/netlink/wire.js';
import { createSystemResolver } from '../../../src/resolve/system.js';
import type { NameResolver } from '../../../src/resolve/resolver.js';

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

export const fixture = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/rich-listings.json'), 'utf8')) as Fixture;

function* dataMessages(datagrams: string[]): Generator<[Buffer, number, number]> {
  for (const hex of datagrams) {
    const buf = Buffer.from(hex, 'hex');
    for (let off = 0; off + 16 <= buf.length; ) {
      const len = buf.readUInt32LE(off);
      const type = buf.readUInt16LE(off + 4);
      if (type !== C.NLMSG_ERROR && type !== C.NLMSG_DONE) yield [buf, off + 20, off + len];
      off += (len + 3) & ~3;
    }
  }
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
  const [first] = [...dataMessages(datagrams)];
  return decode(...first!);
}

const sameKey = (a: ServiceKey, b: ServiceKey) =>
  a.af === b.af && a.protocol === b.protocol && a.port === b.port && a.fwmark === b.fwmark && Buffer.compare(Buffer.from(a.addr), Buffer.from(b.addr)) === 0;

export function recordedClient(r: Replies) {
  const servicesOf = (counters = true) => nests(r.services, C.IPVS_CMD_ATTR_SERVICE, (b, s, e) => decodeService(b, s, e, counters));
  const keys = servicesOf();
  return {
    info: only(r.info, decodeInfo) as IpvsInfo,
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
    },
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvs-fixture-'));
fs.writeFileSync(path.join(dir, 'hosts'), fixture.hosts);
fs.writeFileSync(path.join(dir, 'services'), fixture.services);
/** The VM's resolver failed at once for unknown addresses, so: the hosts file, nothing else. */
export const resolver: NameResolver = createSystemResolver({ hostsFile: path.join(dir, 'hosts'), servicesFile: path.join(dir, 'services'), fallback: null });

export interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Our command on the recorded replies; `-c` reads the recorded file copy (through the same
 * command code, with /proc replaced). `args` may add our own options to the recorded line.
 */
export async function replay(rec: FixtureRecord, args: string, opts: { isTTY?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  const { info, client } = recordedClient(rec.replies);
  let stdout = '';
  let stderr = '';
  const ctx = {
    client,
    info,
    resolver,
    io: {
      argv0: 'ipvsadm',
      env: opts.env ?? {},
      isTTY: opts.isTTY ?? false,
      stdin: async () => Buffer.alloc(0),
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    },
    readConnections: () => rec.replies.conn,
  } as unknown as Context;
  const outcome = parseCommandLine(args.split(' '), { argv0: 'ipvsadm', env: {}, resolver });
  let code: number;
  if (outcome.type !== 'command') code = await runParsed(outcome, ctx);
  else if (outcome.command.kind === 'save') code = await save(outcome.command, ctx);
  else code = await list(outcome.command, ctx);
  return { stdout, stderr, code };
}
