// IpvsClient and its transport against the fake kernel: family lookup, errno extraction,
// trailing ACKs, dumps, pipelining order, silent ACKs, the dump barrier, failures.
import { describe, expect, it } from 'vitest';
import { AF_INET, type DestConfig, IPPROTO_TCP, type ServiceConfig, type ServiceKey } from '../../../src/model.js';
import { IpvsClient, IpvsError } from '../../../src/netlink/client.js';
import * as C from '../../../src/netlink/constants.js';
import * as M from '../../../src/netlink/messages.js';
import { MalformedReplyError } from '../../../src/netlink/schema.js';
import { NetlinkTransport } from '../../../src/netlink/transport.js';
import { attr, be16, cstr, hex, le16, le32, nest, v4 } from './bytes.js';
import { FAMILY_ID, type FakeAnswer, FakeKernel, type FakeRequest, type Handler } from './fake-kernel.js';

const svc = (port: number): ServiceConfig => ({
  af: AF_INET, protocol: IPPROTO_TCP, addr: new Uint8Array(v4('10.1.1.1')), port, fwmark: 0,
  scheduler: 'rr', pe: '', flags: 0, timeout: 0, netmask: 0xffffffff,
});
const key: ServiceKey = { af: AF_INET, protocol: IPPROTO_TCP, addr: new Uint8Array(v4('10.1.1.1')), port: 80, fwmark: 0 };
const dest = (n: number): DestConfig => ({
  af: AF_INET, addr: new Uint8Array(v4(`192.168.${(n >> 8) & 255}.${n & 255}`)), port: 80, fwdMethod: 0, weight: 1,
  uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0,
});

/** A service reply nest, kernel style. */
function serviceNest(port: number): Buffer {
  return nest(C.IPVS_CMD_ATTR_SERVICE,
    attr(1, le16(AF_INET)), attr(2, le16(IPPROTO_TCP)), attr(3, v4('10.1.1.1')), attr(4, be16(port)),
    attr(6, cstr('rr')), attr(7, hex('02 00 00 00 ff ff ff ff')), attr(8, le32(0)), attr(9, hex('ff ff ff ff')));
}

function destNest(n: number): Buffer {
  return nest(C.IPVS_CMD_ATTR_DEST,
    attr(1, v4(`192.168.${(n >> 8) & 255}.${n & 255}`)), attr(2, be16(80)), attr(3, le32(0)), attr(4, le32(1)),
    attr(13, Buffer.from([0])), attr(14, be16(0)), attr(15, le16(0)),
    attr(5, le32(0)), attr(6, le32(0)), attr(7, le32(n)), attr(8, le32(0)), attr(9, le32(0)), attr(11, le16(AF_INET)));
}

/** Port of the service nest of a request (0 if none). */
function portOf(req: FakeRequest): number {
  const i = req.attrs.indexOf(Buffer.from([6, 0, 4, 0]));
  return i < 0 ? 0 : req.attrs.readUInt16BE(i + 4);
}

const ipvsHandler = (overrides: Partial<Record<number, (req: FakeRequest) => FakeAnswer>> = {}): Handler => (req) => {
  const custom = overrides[req.cmd];
  if (custom) return custom(req);
  switch (req.cmd) {
    case C.IPVS_CMD_GET_INFO:
      return { data: hex('08 00 01 00 01 02 01 00 08 00 02 00 00 10 00 00'), cmd: C.IPVS_CMD_SET_INFO };
    case C.IPVS_CMD_GET_CONFIG:
      return { data: hex('08 00 04 00 84 03 00 00 08 00 05 00 78 00 00 00 08 00 06 00 2c 01 00 00'), cmd: C.IPVS_CMD_SET_CONFIG };
    case C.IPVS_CMD_GET_SERVICE:
      if (req.flags & C.NLM_F_DUMP) return { dump: [80, 81, 82].map(serviceNest), cmd: 1 };
      return portOf(req) === 80 ? { data: serviceNest(80), cmd: 1 } : { errno: 3 };
    case C.IPVS_CMD_GET_DEST:
      return { dump: [1, 2].map(destNest), cmd: 5 };
    default:
      return { ok: true };
  }
};

async function openFake(handler: Handler = ipvsHandler(), opts: { maxInFlight?: number; ackEvery?: boolean } = {}) {
  const kernel = new FakeKernel(handler);
  const client = await IpvsClient.open({ socket: kernel, ...opts });
  return { kernel, client };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('opening', () => {
  it('resolves the family once, then addresses every request to it', async () => {
    const { kernel, client } = await openFake();
    expect(client.familyId).toBe(FAMILY_ID);
    await client.getInfo();
    await client.flush();
    const all = kernel.sent.flat();
    expect(all.map((r) => r.type)).toEqual([C.GENL_ID_CTRL, FAMILY_ID, FAMILY_ID]);
    expect(all[0]!.attrs.toString('latin1')).toContain('IPVS\0');
    expect(all.every((r) => r.pid === kernel.port)).toBe(true);
    client.close();
  });

  it('an unknown family is ENOPROTOOPT, and nothing else is sent', async () => {
    const kernel = new FakeKernel(ipvsHandler(), false);
    const err = await IpvsClient.open({ socket: kernel }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpvsError);
    expect((err as IpvsError).errno).toBe(C.ENOPROTOOPT);
    expect(kernel.sent.flat().map((r) => r.type)).toEqual([C.GENL_ID_CTRL]);
    expect(kernel.closed).toBe(true);
  });

  it('the transport refuses family id 0', async () => {
    const t = new NetlinkTransport({ socket: new FakeKernel(ipvsHandler()) });
    await expect(t.request(0, M.requestFor('flush', {}))).rejects.toMatchObject({ errno: C.ENOPROTOOPT });
    t.close();
  });
});

describe('answers', () => {
  it('carries the kernel errno of NLMSG_ERROR', async () => {
    const { client } = await openFake();
    const err = await client.getService({ ...key, port: 99 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpvsError);
    expect(err).toMatchObject({ errno: C.ESRCH, code: 'ESRCH' });
    client.close();
  });

  it('data replies wait for, and consume, their trailing ACK', async () => {
    const { kernel, client } = await openFake();
    const [info, timeouts, one] = await Promise.all([client.getInfo(), client.getTimeouts(), client.getService(key)]);
    expect(info).toEqual({ version: 0x010201, connTabSize: 4096 });
    expect(timeouts).toEqual({ tcp: 900, tcpFin: 120, udp: 300 });
    expect(one).toMatchObject({ port: 80, scheduler: 'rr', flags: 0 });
    // Data requests always ask for their ACK.
    expect(kernel.sent.flat().slice(1).map((r) => r.flags)).toEqual([0x5, 0x5, 0x5]);
    await expect(client.flush()).resolves.toBeUndefined();
    client.close();
  });

  it('dumps collect MULTI messages across datagrams until DONE', async () => {
    const many = Array.from({ length: 25 }, (_, i) => serviceNest(1000 + i));
    const { client } = await openFake(ipvsHandler({ [C.IPVS_CMD_GET_SERVICE]: () => ({ dump: many, perDatagram: 4 }) }));
    const list = await client.getServices();
    expect(list.map((s) => s.port)).toEqual(many.map((_, i) => 1000 + i));
    client.close();
  });

  it('an empty dump is an empty list; a dump failing in DONE rejects', async () => {
    const { client } = await openFake(ipvsHandler({
      [C.IPVS_CMD_GET_DEST]: () => ({ dump: [] }),
      [C.IPVS_CMD_GET_DAEMON]: () => ({ dump: [], doneErrno: C.EMSGSIZE }),
    }));
    await expect(client.getDests(key)).resolves.toEqual([]);
    await expect(client.getDaemons()).rejects.toMatchObject({ errno: C.EMSGSIZE });
    client.close();
  });

  it('decodes dests with the service family and the daemons list', async () => {
    const daemon = nest(3, attr(1, le32(1)), attr(2, cstr('d0')), attr(3, le32(5)), attr(4, hex('c0 05')), attr(7, hex('90 22')), attr(8, Buffer.from([1])), attr(5, hex('e0 00 00 51')));
    const { client } = await openFake(ipvsHandler({ [C.IPVS_CMD_GET_DAEMON]: () => ({ dump: [daemon], cmd: 9 }) }));
    expect((await client.getDests(key)).map((d) => d.activeConns)).toEqual([1, 2]);
    expect(await client.getDaemons()).toEqual([{ state: 1, mcastIfn: 'd0', syncId: 5, syncMaxlen: 1472, mcastPort: 8848, mcastTtl: 1, mcastGroup: '224.0.0.81' }]);
    client.close();
  });

  it('a malformed answer rejects with MalformedReplyError after being consumed', async () => {
    const bad = nest(C.IPVS_CMD_ATTR_SERVICE, attr(1, le16(AF_INET)));
    const { client } = await openFake(ipvsHandler({ [C.IPVS_CMD_GET_SERVICE]: () => ({ dump: [serviceNest(80), bad, serviceNest(81)] }) }));
    const err = await client.getServices().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedReplyError);
    expect((err as IpvsError).errno).toBe(C.EBADMSG);
    await expect(client.getInfo()).resolves.toMatchObject({ connTabSize: 4096 });
    client.close();
  });

  it('ignores answers with an unknown sequence number', async () => {
    const { kernel, client } = await openFake();
    const stray = Buffer.alloc(36);
    stray.writeUInt32LE(36, 0);
    stray.writeUInt16LE(2, 4);
    stray.writeUInt32LE(0xdeadbeef, 8);
    stray.writeInt32LE(-C.EPERM, 16);
    kernel.inject(stray);
    await tick();
    await expect(client.flush()).resolves.toBeUndefined();
    client.close();
  });
});

describe('pipelining', () => {
  it('settles many concurrent requests in call order, each with its own result', async () => {
    const failing = (port: number): boolean => port % 100 === 7;
    const { kernel, client } = await openFake(ipvsHandler({
      [C.IPVS_CMD_NEW_SERVICE]: (req) => (failing(portOf(req)) ? { errno: 17 } : { ok: true }),
    }));
    const settled: number[] = [];
    const outcomes = await Promise.all(Array.from({ length: 1000 }, (_, i) =>
      client.addService(svc(i + 1)).then(
        () => (settled.push(i), 'ok'),
        (e: IpvsError) => (settled.push(i), e.errno),
      )));
    expect(settled).toEqual([...settled].sort((a, b) => a - b));
    expect(outcomes).toEqual(Array.from({ length: 1000 }, (_, i) => (failing(i + 1) ? 17 : 'ok')));
    // Kernel saw them in call order, several per datagram, never more than the window.
    const datagrams = kernel.sent.slice(1);
    expect(datagrams.flat().map(portOf)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(datagrams.length).toBeLessThanOrEqual(1000 / 32);
    expect(Math.max(...datagrams.map((d) => d.length))).toBeLessThanOrEqual(64);
    // Only the last request of a datagram asks for an ACK.
    for (const d of datagrams) expect(d.map((r) => r.flags)).toEqual([...Array(d.length - 1).fill(0x1), 0x5]);
    client.close();
  });

  it('ackEvery asks for every ACK; maxInFlight bounds the datagram', async () => {
    const { kernel, client } = await openFake(ipvsHandler(), { ackEvery: true, maxInFlight: 8 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.addService(svc(i + 1))));
    const datagrams = kernel.sent.slice(1);
    expect(datagrams.flat().every((r) => r.flags === 0x5)).toBe(true);
    expect(Math.max(...datagrams.map((d) => d.length))).toBeLessThanOrEqual(8);
    client.close();
  });

  it('sends nothing after a dump until its DONE (the kernel runs one dump per socket)', async () => {
    const { kernel, client } = await openFake();
    const results = await Promise.all([
      client.addService(svc(1)),
      client.getServices(),
      client.getDests(key),
      client.addDest(key, dest(1)),
      client.getDests(key),
      client.getInfo(),
    ]);
    expect(results[1]).toHaveLength(3);
    expect(results[2]).toHaveLength(2);
    expect(results[4]).toHaveLength(2);
    for (const d of kernel.sent) {
      const dumps = d.filter((r) => (r.flags & C.NLM_F_DUMP) !== 0);
      expect(dumps.length).toBeLessThanOrEqual(1);
      if (dumps.length) expect(d[d.length - 1]).toBe(dumps[0]);
    }
    client.close();
  });

  it('batch(): one outcome per change, in order, never rejecting', async () => {
    const { client } = await openFake(ipvsHandler({
      [C.IPVS_CMD_DEL_SERVICE]: () => ({ errno: C.ESRCH }),
    }));
    const changes = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 2 ? { op: 'delService' as const, service: svc(i) } : { op: 'addService' as const, service: svc(i) });
    const out = await client.batch([...changes, { op: 'startDaemon', daemon: { state: 1, mcastIfn: 'lo', syncId: 0, mcastGroup: 'bogus' } }]);
    expect(out).toHaveLength(3001);
    out.slice(0, 3000).forEach((r, i) => expect(r.ok ? 0 : r.error.errno).toBe(i % 3 === 2 ? C.ESRCH : 0));
    expect(out[3000]).toMatchObject({ ok: false });
    await expect(client.batch([])).resolves.toEqual([]);
    client.close();
  });
});

describe('failures and lifetime', () => {
  it('lost answers (ENOBUFS) fail what is outstanding; the socket stays usable', async () => {
    const { kernel, client } = await openFake();
    kernel.dropAnswers = true;
    const lost = client.flush();
    await tick();
    await tick();
    kernel.fail(C.ENOBUFS);
    await expect(lost).rejects.toMatchObject({ errno: C.ENOBUFS });
    kernel.dropAnswers = false;
    await expect(client.getInfo()).resolves.toMatchObject({ version: 0x010201 });
    client.close();
  });

  it('a truncated dump datagram fails the dump; the next dump waits for the old one to end', async () => {
    // 40 datagrams: more than the 32 the reader takes per turn, so the dump outlives the failure.
    const many = Array.from({ length: 200 }, (_, i) => serviceNest(1000 + i));
    const { kernel, client } = await openFake(ipvsHandler({ [C.IPVS_CMD_GET_SERVICE]: () => ({ dump: many, perDatagram: 5 }) }));
    kernel.truncateNext = true;
    const [lost, next] = await Promise.allSettled([client.getServices(), client.getServices()]);
    expect(lost).toMatchObject({ status: 'rejected', reason: { errno: C.EMSGSIZE } });
    // Sent only once the kernel's first dump has reached DONE (else: EBUSY from the fake).
    expect(next).toMatchObject({ status: 'fulfilled' });
    expect((next as PromiseFulfilledResult<unknown[]>).value).toHaveLength(200);
    client.close();
  });

  it('bad input rejects the promise (never throws) and sends nothing', async () => {
    const { kernel, client } = await openFake();
    const sentBefore = kernel.sent.length;
    let p: Promise<void> | undefined;
    expect(() => {
      p = client.startDaemon({ state: 1, mcastIfn: 'lo', syncId: 0, mcastGroup: '1.2.3' });
    }).not.toThrow();
    await expect(p).rejects.toThrow(/not an IPv4 address/);
    await tick();
    expect(kernel.sent.length).toBe(sentBefore);
    client.close();
  });

  it('a data request answered without data is a MalformedReplyError', async () => {
    const { client } = await openFake(ipvsHandler({ [C.IPVS_CMD_GET_INFO]: () => ({ ok: true }) }));
    await expect(client.getInfo()).rejects.toBeInstanceOf(MalformedReplyError);
    client.close();
  });

  it('close() rejects outstanding and later requests with EBADF', async () => {
    const { kernel, client } = await openFake();
    kernel.dropAnswers = true;
    const pending = client.flush();
    await tick();
    client.close();
    await expect(pending).rejects.toMatchObject({ errno: C.EBADF });
    await expect(client.getInfo()).rejects.toMatchObject({ errno: C.EBADF });
    expect(kernel.closed).toBe(true);
  });

  it('keeps the event loop referenced only while requests are outstanding', async () => {
    const { kernel, client } = await openFake();
    const refs = kernel.refs;
    const unrefs = kernel.unrefs;
    await client.flush();
    expect(kernel.refs).toBe(refs + 1);
    expect(kernel.unrefs).toBe(unrefs + 1);
    client.close();
  });
});

describe('scale (correct at size; speed is shown by bench/)', () => {
  it('a dump of 50,000 destinations and a batch of 200,000 changes', async () => {
    const dests = Array.from({ length: 50_000 }, (_, i) => destNest(i));
    const { client } = await openFake(ipvsHandler({ [C.IPVS_CMD_GET_DEST]: () => ({ dump: dests, perDatagram: 90 }) }));
    const list = await client.getDests(key);
    expect(list).toHaveLength(50_000);
    expect(list[49_999]!.activeConns).toBe(49_999);

    const changes = Array.from({ length: 200_000 }, (_, i) => ({ op: 'addDest' as const, service: key, dest: dest(i) }));
    const out = await client.batch(changes);
    expect(out.every((r) => r.ok)).toBe(true);
    client.close();
  }, 60_000);
});
