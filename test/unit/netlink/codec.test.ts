// Decoding kernel replies built per the reply orders of spec/ipvs-genl.md section 3
// (kernel style: no NLA_F_NESTED on replies), byte-order traps, and round trips.
import { describe, expect, it } from 'vitest';
import {
  AF_INET, AF_INET6, DAEMON_BACKUP, DAEMON_MASTER, type DestConfig, emptyStats, IPPROTO_TCP, IPPROTO_UDP,
  type ServiceConfig, type Stats, type SyncDaemon,
} from '../../../src/model.js';
import {
  decodeDaemon, decodeDestination, decodeInfo, decodeService, decodeStats64, decodeTimeouts,
  encodeDaemonAttrs, encodeDestAttrs, encodeServiceAttrs, encodeServiceIdentity, encodeTimeoutsAttrs,
} from '../../../src/netlink/codec.js';
import * as C from '../../../src/netlink/constants.js';
import { MalformedReplyError } from '../../../src/netlink/schema.js';
import { attr, be16, cstr, genlMessage, hex, le16, le32, le64, nest, toHex, v4 } from './bytes.js';

const u8 = (v: number): Buffer => Buffer.from([v]);

/** A STATS nest: u32 counters, u64 byte counts (88-byte payload on x86). */
function stats32(s: Stats): Buffer {
  return nest(C.IPVS_SVC_ATTR_STATS,
    attr(1, le32(Number(s.conns))), attr(2, le32(Number(s.inpkts))), attr(3, le32(Number(s.outpkts))),
    attr(4, le64(s.inbytes)), attr(5, le64(s.outbytes)),
    attr(6, le32(Number(s.cps))), attr(7, le32(Number(s.inpps))), attr(8, le32(Number(s.outpps))),
    attr(9, le32(Number(s.inbps))), attr(10, le32(Number(s.outbps))));
}

/** A STATS64 nest: ten u64 (120-byte payload). */
function stats64(type: number, s: Stats): Buffer {
  const order: (keyof Stats)[] = ['conns', 'inpkts', 'outpkts', 'inbytes', 'outbytes', 'cps', 'inpps', 'outpps', 'inbps', 'outbps'];
  return nest(type, ...order.map((k, i) => attr(i + 1, le64(s[k]))));
}

const big: Stats = {
  conns: 5_000_000_000n, inpkts: 7n, outpkts: 6n, inbytes: 123_456_789_012n, outbytes: 42n,
  cps: 1n, inpps: 2n, outpps: 3n, inbps: 4n, outbps: 5n,
};
const small: Stats = { ...big, conns: 705_032_704n }; // 5e9 truncated to 32 bits, as STATS carries it

/** The attribute stream after the genl header of a reply message. */
const attrsOf = (msg: Buffer): Buffer => msg.subarray(20);

describe('service replies', () => {
  // Kernel reply order: AF, PROTOCOL, ADDR, PORT, SCHED_NAME, PE_NAME, FLAGS, TIMEOUT, NETMASK, STATS, STATS64.
  const reply = genlMessage({ type: 0x20, flags: C.NLM_F_MULTI, seq: 9, pid: 77, cmd: C.IPVS_CMD_NEW_SERVICE },
    nest(C.IPVS_CMD_ATTR_SERVICE,
      attr(1, le16(AF_INET)), attr(2, le16(IPPROTO_TCP)), attr(3, v4('10.1.1.1')), attr(4, be16(80)),
      attr(6, cstr('wlc')), attr(11, cstr('sip')),
      attr(7, Buffer.concat([le32(0x3), le32(0xffffffff)])), // persistent + HASHED, as the kernel reports
      attr(8, le32(300)), attr(9, hex('ff ff ff 00')),
      stats32(small), stats64(C.IPVS_SVC_ATTR_STATS64, big)));

  it('an IPv4 service with a PE name is a 328-byte message', () => {
    expect(reply.length).toBe(328);
  });

  it('decodes every field, masking HASHED; the 64-bit stats nest supersedes the 32-bit one', () => {
    const nestBytes = attrsOf(reply);
    const s = decodeService(nestBytes, 4, nestBytes.length);
    expect(s).toEqual({
      af: AF_INET, protocol: IPPROTO_TCP, addr: new Uint8Array(v4('10.1.1.1')), port: 80, fwmark: 0,
      scheduler: 'wlc', pe: 'sip', flags: 1, timeout: 300, netmask: 0xffffff00,
      stats64: big,
    });
  });

  it('keeps the 32-bit stats nest from kernels that send no 64-bit one', () => {
    const nestBytes = attrsOf(reply);
    // Drop the trailing STATS64 attribute: what a kernel before 4.1 sends.
    const withoutStats64 = nestBytes.subarray(0, nestBytes.length - stats64(C.IPVS_SVC_ATTR_STATS64, big).length);
    const s = decodeService(withoutStats64, 4, withoutStats64.length);
    expect(s.stats).toEqual(small);
    expect(s.stats64).toBeUndefined();
  });

  it('IPv6 netmask is a host-order prefix length; fwmark services have no address', () => {
    const s = decodeService(Buffer.concat([
      attr(1, le16(AF_INET6)), attr(5, le32(3_000_000_000)), attr(6, cstr('sh')),
      attr(7, Buffer.concat([le32(0x1a), le32(0xffffffff)])), attr(8, le32(0)), attr(9, hex('80 00 00 00')),
    ]));
    expect(s).toMatchObject({ af: AF_INET6, fwmark: 3_000_000_000, protocol: 0, port: 0, netmask: 128, flags: 0x18, pe: '' });
    expect(s.addr).toEqual(new Uint8Array(16));
    expect(s.stats).toBeUndefined();
  });

  it('FLAGS keeps flags & mask', () => {
    const s = decodeService(Buffer.concat([
      attr(1, le16(AF_INET)), attr(2, le16(6)), attr(3, v4('1.2.3.4')), attr(4, be16(1)), attr(6, cstr('rr')),
      attr(7, Buffer.concat([le32(0x15), le32(0x5)])), attr(8, le32(0)), attr(9, le32(0)),
    ]));
    expect(s.flags).toBe(0x5);
  });

  it('accepts NLA_F_NESTED on nests, skips unknown attributes and STATS PAD', () => {
    const padded = Buffer.concat([attr(11, Buffer.alloc(0)), ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((t) => attr(t, le64(BigInt(t))))]);
    const s = decodeService(Buffer.concat([
      attr(1, le16(AF_INET)), attr(2, le16(17)), attr(3, hex('0a 00 00 01')), attr(4, be16(53)), attr(6, cstr('rr')),
      attr(7, Buffer.concat([le32(0), le32(0xffffffff)])), attr(8, le32(0)), attr(9, le32(0xffffffff)),
      attr(99, hex('de ad be ef')), // newer kernel attribute
      nest(C.IPVS_SVC_ATTR_STATS64 | C.NLA_F_NESTED, padded),
    ]));
    // A 4-byte ADDR (accepted on input by the kernel) is zero-extended to the 16-byte union.
    expect(s.addr).toEqual(new Uint8Array(v4('10.0.0.1')));
    expect(s.stats64).toEqual({
      conns: 1n, inpkts: 2n, outpkts: 3n, inbytes: 4n, outbytes: 5n, cps: 6n, inpps: 7n, outpps: 8n, inbps: 9n, outbps: 10n,
    });
  });

  it('rejects entries without the fields libipvs requires', () => {
    const noSched = Buffer.concat([attr(1, le16(AF_INET)), attr(5, le32(1)), attr(7, le64(0n)), attr(8, le32(0)), attr(9, le32(0))]);
    expect(() => decodeService(noSched)).toThrow(MalformedReplyError);
    const noIdentity = Buffer.concat([attr(1, le16(AF_INET)), attr(6, cstr('rr')), attr(7, le64(0n)), attr(8, le32(0)), attr(9, le32(0))]);
    expect(() => decodeService(noIdentity)).toThrow(/neither FWMARK/);
    try {
      decodeService(noSched);
    } catch (e) {
      expect((e as MalformedReplyError).errno).toBe(C.EBADMSG);
    }
  });

  it('rejects attributes that overrun their nest or are too short', () => {
    expect(() => decodeService(hex('08 00 01 00 02 00'))).toThrow(MalformedReplyError);
    const shortFlags = Buffer.concat([attr(1, le16(AF_INET)), attr(5, le32(1)), attr(6, cstr('rr')), attr(7, le32(1)), attr(8, le32(0)), attr(9, le32(0))]);
    expect(() => decodeService(shortFlags)).toThrow(/needs 8/);
  });
});

describe('destination replies', () => {
  // Kernel order: ADDR, PORT, FWD_METHOD, WEIGHT, TUN_TYPE, TUN_PORT, TUN_FLAGS, U_THRESH, L_THRESH,
  // ACTIVE_CONNS, INACT_CONNS, PERSIST_CONNS, ADDR_FAMILY, STATS, STATS64.
  const reply = genlMessage({ type: 0x20, flags: C.NLM_F_MULTI, seq: 9, pid: 77, cmd: C.IPVS_CMD_NEW_DEST },
    nest(C.IPVS_CMD_ATTR_DEST,
      attr(1, v4('192.168.1.3')), attr(2, be16(8080)), attr(3, le32(2)), attr(4, le32(5)),
      attr(13, u8(1)), attr(14, be16(6080)), attr(15, le16(1)),
      attr(5, le32(100)), attr(6, le32(10)), attr(7, le32(3)), attr(8, le32(4)), attr(9, le32(5)),
      attr(11, le16(AF_INET)), stats32(small), stats64(C.IPVS_DEST_ATTR_STATS64, big)));

  it('an IPv4 destination is a 356-byte message', () => {
    expect(reply.length).toBe(356);
  });

  it('decodes a GUE tunnel dest: TUN_PORT network order, TUN_FLAGS host order', () => {
    const n = attrsOf(reply);
    expect(decodeDestination(n, 4, n.length)).toEqual({
      af: AF_INET, addr: new Uint8Array(v4('192.168.1.3')), port: 8080, fwdMethod: 2, weight: 5,
      tunType: 1, tunPort: 6080, tunFlags: 1, uThreshold: 100, lThreshold: 10,
      activeConns: 3, inactConns: 4, persistConns: 5, stats64: big,
    });
  });

  it('without ADDR_FAMILY (kernels < 3.18) the dest takes the service family; TUN attrs default to 0', () => {
    const d = decodeDestination(Buffer.concat([
      attr(1, v4('192.168.1.3')), attr(2, be16(80)), attr(3, le32(3)), attr(4, le32(1)),
      attr(5, le32(0)), attr(6, le32(0)), attr(7, le32(0)), attr(8, le32(0)), attr(9, le32(0)),
    ]), 0, undefined, AF_INET6);
    expect(d).toMatchObject({ af: AF_INET6, tunType: 0, tunPort: 0, tunFlags: 0, fwdMethod: 3 });
  });

  it('requires the connection counters', () => {
    expect(() => decodeDestination(Buffer.concat([attr(1, v4('1.1.1.1')), attr(2, be16(80)), attr(3, le32(3)), attr(4, le32(1)), attr(5, le32(0)), attr(6, le32(0))]))).toThrow(/ACTIVE|activeConns/);
  });
});

describe('daemon, info and config replies', () => {
  it('daemon: SYNC_MAXLEN and MCAST_PORT are host order (8848 = 90 22)', () => {
    const n = Buffer.concat([
      attr(1, le32(DAEMON_MASTER)), attr(2, cstr('d0')), attr(3, le32(5)), attr(4, hex('c0 05')),
      attr(7, hex('90 22')), attr(8, u8(1)), attr(5, hex('e0 00 00 51')),
    ]);
    expect(decodeDaemon(n)).toEqual({
      state: DAEMON_MASTER, mcastIfn: 'd0', syncId: 5, syncMaxlen: 1472, mcastPort: 8848, mcastTtl: 1, mcastGroup: '224.0.0.81',
    });
  });

  it('daemon: IPv6 group in inet_ntop form; absent settings stay undefined', () => {
    const n = Buffer.concat([attr(1, le32(DAEMON_BACKUP)), attr(2, cstr('eth1')), attr(3, le32(0)), attr(6, hex('ff 02 00 00 00 00 00 00 00 00 00 00 00 00 12 34'))]);
    const d = decodeDaemon(n);
    expect(d).toEqual({ state: DAEMON_BACKUP, mcastIfn: 'eth1', syncId: 0, mcastGroup: 'ff02::1234' });
    expect('syncMaxlen' in d).toBe(false);
  });

  it('GET_INFO reply [V]', () => {
    const body = hex('0e 01 00 00 | 08 00 01 00 01 02 01 00 | 08 00 02 00 00 10 00 00');
    expect(decodeInfo(body, 4)).toEqual({ version: 0x010201, connTabSize: 4096 });
  });

  it('GET_CONFIG reply [V]', () => {
    const body = hex('0c 01 00 00 | 08 00 04 00 84 03 00 00 | 08 00 05 00 78 00 00 00 | 08 00 06 00 2c 01 00 00');
    expect(decodeTimeouts(body, 4)).toEqual({ tcp: 900, tcpFin: 120, udp: 300 });
    // Without UDP support compiled in, UDP is absent.
    expect(decodeTimeouts(body, 4, body.length - 8)).toEqual({ tcp: 900, tcpFin: 120, udp: 0 });
  });

  it('STATS64 decoded standalone', () => {
    const n = stats64(C.IPVS_SVC_ATTR_STATS64, big);
    expect(decodeStats64(n, 4)).toEqual(big);
    expect(decodeStats64(Buffer.alloc(0))).toEqual(emptyStats());
  });
});

describe('round trips', () => {
  const services: ServiceConfig[] = [
    { af: AF_INET, protocol: IPPROTO_TCP, addr: new Uint8Array(v4('10.1.1.1')), port: 80, fwmark: 0, scheduler: 'rr', pe: '', flags: 0, timeout: 0, netmask: 0xffffffff },
    { af: AF_INET, protocol: IPPROTO_UDP, addr: new Uint8Array(v4('10.1.1.2')), port: 5060, fwmark: 0, scheduler: 'wlc', pe: 'sip', flags: 0x5, timeout: 360, netmask: 0xffffff00 },
    { af: AF_INET6, protocol: 0, addr: new Uint8Array(16), port: 0, fwmark: 0xfffffffe, scheduler: 'mh', pe: '', flags: 0x38, timeout: 0, netmask: 64 },
    { af: AF_INET6, protocol: 132, addr: new Uint8Array([0x20, 1, 0xd, 0xb8, ...new Array<number>(11).fill(0), 1]), port: 65535, fwmark: 0, scheduler: 'none', pe: '', flags: 1, timeout: 1, netmask: 128 },
  ];

  it.each(services.map((s) => [s.scheduler, s]))('service %s: decode(encode(x)) = x', (_n, s) => {
    expect(decodeService(encodeServiceAttrs(s))).toEqual(s);
  });

  it('service: encode(decode(request nest)) = request nest (spec 14.1)', () => {
    const nestBody = hex(`
      06 00 01 00 02 00 00 00  06 00 02 00 06 00 00 00
      14 00 03 00 0a 01 01 01 00 00 00 00 00 00 00 00 00 00 00 00
      06 00 04 00 00 50 00 00  07 00 06 00 72 72 00 00
      0c 00 07 00 00 00 00 00 ff ff ff ff  08 00 08 00 00 00 00 00  08 00 09 00 ff ff ff ff`);
    expect(toHex(encodeServiceAttrs(decodeService(nestBody)))).toBe(toHex(nestBody));
  });

  it('service identity: address or fwmark only', () => {
    expect(toHex(encodeServiceIdentity(services[1]!))).toBe(toHex(hex(`
      06 00 01 00 02 00 00 00  06 00 02 00 11 00 00 00
      14 00 03 00 0a 01 01 02 00 00 00 00 00 00 00 00 00 00 00 00  06 00 04 00 13 c4 00 00`)));
    expect(toHex(encodeServiceIdentity(services[2]!))).toBe(toHex(hex('06 00 01 00 0a 00 00 00  08 00 05 00 fe ff ff ff')));
  });

  it('destination: decode(encode(x)) keeps every setting (counters read as 0)', () => {
    const d: DestConfig = {
      af: AF_INET6, addr: new Uint8Array([0x20, 1, 0xd, 0xb8, ...new Array<number>(11).fill(0), 0x20]), port: 443,
      fwdMethod: 2, weight: 2147483647, uThreshold: 1000, lThreshold: 750, tunType: 2, tunPort: 0, tunFlags: 2,
    };
    // The reply-only counters are required on decode: append them as the kernel would.
    const bytes = Buffer.concat([encodeDestAttrs(d), attr(7, le32(0)), attr(8, le32(0)), attr(9, le32(0))]);
    expect(decodeDestination(bytes)).toEqual({ ...d, activeConns: 0, inactConns: 0, persistConns: 0 });
  });

  it.each<[string, SyncDaemon]>([
    ['minimal', { state: DAEMON_MASTER, mcastIfn: 'eth0', syncId: 0 }],
    ['all IPv4', { state: DAEMON_BACKUP, mcastIfn: 'd0', syncId: 255, syncMaxlen: 1500, mcastGroup: '239.255.0.1', mcastPort: 65535, mcastTtl: 255 }],
    ['IPv6 group', { state: DAEMON_MASTER, mcastIfn: 'veth-a', syncId: 9, mcastGroup: 'ff05::1:3' }],
  ])('daemon %s: decode(encode(x)) = x', (_n, d) => {
    expect(decodeDaemon(encodeDaemonAttrs(d))).toEqual(d);
  });

  it('daemon: zero optional settings are not sent (the kernel reads 0 as default)', () => {
    const bytes = encodeDaemonAttrs({ state: 1, mcastIfn: 'lo', syncId: 0, syncMaxlen: 0, mcastPort: 0, mcastTtl: 0 });
    expect(decodeDaemon(bytes)).toEqual({ state: 1, mcastIfn: 'lo', syncId: 0 });
  });

  it('daemon: a group that is no address is refused', () => {
    expect(() => encodeDaemonAttrs({ state: 1, mcastIfn: 'lo', syncId: 0, mcastGroup: '300.1.1.1' })).toThrow(TypeError);
    expect(() => encodeDaemonAttrs({ state: 1, mcastIfn: 'lo', syncId: 0, mcastGroup: 'ff02:::1' })).toThrow(TypeError);
  });

  it('timeouts: decode(encode(x)) = x', () => {
    const t = { tcp: 8589934, tcpFin: 0, udp: 1 };
    expect(decodeTimeouts(encodeTimeoutsAttrs(t))).toEqual(t);
  });
});
