// Requests byte for byte: spec/ipvs-genl.md section 14 (captured from ipvsadm 1.31 with
// strace, marked [V]) and the shapes of section 13.2.
import { describe, expect, it } from 'vitest';
import {
  AF_INET, AF_INET6, DAEMON_BACKUP, DAEMON_MASTER, type DestConfig, FWD_MASQ, IPPROTO_TCP, IPPROTO_UDP,
  type ServiceConfig, type ServiceKey,
} from '../../../src/model.js';
import * as M from '../../../src/netlink/messages.js';
import { serviceRef } from '../../../src/netlink/commands.js';
import { hex, toHex, v4, zeros } from './bytes.js';

// Fixed header fields: family id 0x20, seq 0x12345678, port id 0x0000abcd.
const HDR = { type: 0x20, seq: 0x12345678, pid: 0xabcd };
const TT = '20 00';
const SS = '78 56 34 12';
const PP = 'cd ab 00 00';

const frame = (spec: M.RequestSpec): string => toHex(M.encodeMessage(spec, HDR));
const expectFrame = (spec: M.RequestSpec, expected: string): void => expect(frame(spec)).toBe(toHex(hex(expected)));

const svc: ServiceConfig = {
  af: AF_INET, protocol: IPPROTO_TCP, addr: v4('10.1.1.1'), port: 80, fwmark: 0,
  scheduler: 'rr', pe: '', flags: 0, timeout: 0, netmask: 0xffffffff,
};
const key: ServiceKey = { af: AF_INET, protocol: IPPROTO_TCP, addr: v4('10.1.1.1'), port: 80, fwmark: 0 };
const dest: DestConfig = {
  af: AF_INET, addr: v4('192.168.1.2'), port: 80, fwdMethod: FWD_MASQ, weight: 1,
  uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0,
};

// Service identity of 10.1.1.1:80/TCP, as in every frame of section 14.
const ID_10_1_1_1_80 = `
  06 00 01 00 02 00 00 00
  06 00 02 00 06 00 00 00
  14 00 03 00 0a 01 01 01 ${zeros(12)}
  06 00 04 00 00 50 00 00`;

// The "full but empty" service nest of -D/-Z/-a/-e/-d (section 14.2).
const EMPTY_SVC_NEST = `
54 00 01 80 ${ID_10_1_1_1_80}
  05 00 06 00 00 00 00 00
  0c 00 07 00 00 00 00 00 ff ff ff ff
  08 00 08 00 00 00 00 00
  08 00 09 00 ff ff ff ff`;

describe('section 14 reference frames [V]', () => {
  it('14.1 NEW_SERVICE TCP 10.1.1.1:80 rr (104 bytes)', () => {
    const spec = M.requestFor('addService', { service: svc });
    expect(M.encodeMessage(spec, HDR).length).toBe(104);
    expectFrame(spec, `
      68 00 00 00 ${TT} 05 00 ${SS} ${PP}
      01 01 00 00
      54 00 01 80 ${ID_10_1_1_1_80}
        07 00 06 00 72 72 00 00
        0c 00 07 00 00 00 00 00 ff ff ff ff
        08 00 08 00 00 00 00 00
        08 00 09 00 ff ff ff ff`);
  });

  it('14.2 NEW_DEST 192.168.1.2:80 masq weight 1 (200 bytes)', () => {
    const spec = M.requestFor('addDest', { service: key, dest });
    expect(M.encodeMessage(spec, HDR).length).toBe(200);
    expectFrame(spec, `
      c8 00 00 00 ${TT} 05 00 ${SS} ${PP}
      05 01 00 00
      ${EMPTY_SVC_NEST}
      60 00 02 80
        06 00 0b 00 02 00 00 00
        14 00 01 00 c0 a8 01 02 ${zeros(12)}
        06 00 02 00 00 50 00 00
        08 00 03 00 00 00 00 00
        08 00 04 00 01 00 00 00
        05 00 0d 00 00 00 00 00
        06 00 0e 00 00 00 00 00
        06 00 0f 00 00 00 00 00
        08 00 05 00 00 00 00 00
        08 00 06 00 00 00 00 00`);
  });

  it('14.2 the dest commands take a full ServiceConfig but send the empty nest', () => {
    expect(frame(M.requestFor('addDest', { service: svc, dest }))).toBe(frame(M.requestFor('addDest', { service: key, dest })));
  });

  it('14.3 dump services request (20 bytes)', () => {
    expectFrame(M.requestFor('getServices', {}), `14 00 00 00 ${TT} 05 03 ${SS} ${PP} 04 01 00 00`);
  });

  it('14.3 dump dests request with the identity-only nest (68 bytes)', () => {
    expectFrame(M.requestFor('getDests', { service: key }), `
      44 00 00 00 ${TT} 05 03 ${SS} ${PP}
      08 01 00 00
      30 00 01 80 ${ID_10_1_1_1_80}`);
  });

  it('14.3 the identity-only nest ignores the settings of a full service', () => {
    expect(frame(M.requestFor('getDests', { service: svc }))).toBe(frame(M.requestFor('getDests', { service: key })));
  });
});

describe('section 13.2 message shapes', () => {
  it('DEL_SERVICE / ZERO one service: full nest, SCHED_NAME "" (5-byte attribute)', () => {
    const body = `${EMPTY_SVC_NEST}`;
    expectFrame(M.requestFor('delService', { service: svc }), `68 00 00 00 ${TT} 05 00 ${SS} ${PP} 03 01 00 00 ${body}`);
    expectFrame(M.requestFor('zero', { service: key }), `68 00 00 00 ${TT} 05 00 ${SS} ${PP} 10 01 00 00 ${body}`);
  });

  it('GET_SERVICE (do): SCHED_NAME "" and NETMASK 0', () => {
    expectFrame(M.requestFor('getService', { service: svc }), `
      68 00 00 00 ${TT} 05 00 ${SS} ${PP}
      04 01 00 00
      54 00 01 80 ${ID_10_1_1_1_80}
        05 00 06 00 00 00 00 00
        0c 00 07 00 00 00 00 00 ff ff ff ff
        08 00 08 00 00 00 00 00
        08 00 09 00 00 00 00 00`);
  });

  it('ZERO without a service, FLUSH, GET_INFO, GET_CONFIG: no attributes', () => {
    expectFrame(M.requestFor('zero', {}), `14 00 00 00 ${TT} 05 00 ${SS} ${PP} 10 01 00 00`);
    expectFrame(M.requestFor('flush', {}), `14 00 00 00 ${TT} 05 00 ${SS} ${PP} 11 01 00 00`);
    expectFrame(M.requestFor('getInfo', {}), `14 00 00 00 ${TT} 05 00 ${SS} ${PP} 0f 01 00 00`);
    expectFrame(M.requestFor('getTimeouts', {}), `14 00 00 00 ${TT} 05 00 ${SS} ${PP} 0d 01 00 00`);
    expectFrame(M.requestFor('getDaemons', {}), `14 00 00 00 ${TT} 05 03 ${SS} ${PP} 0b 01 00 00`);
  });

  it('SET_CONFIG: all three timeouts, host order, 0 included', () => {
    expectFrame(M.requestFor('setTimeouts', { timeouts: { tcp: 900, tcpFin: 0, udp: 300 } }), `
      2c 00 00 00 ${TT} 05 00 ${SS} ${PP}
      0c 01 00 00
      08 00 04 00 84 03 00 00
      08 00 05 00 00 00 00 00
      08 00 06 00 2c 01 00 00`);
  });

  it('NEW_SERVICE persistent with PE, IPv4 netmask as raw mask bytes', () => {
    const spec = M.requestFor('addService', { service: { ...svc, port: 5060, protocol: IPPROTO_UDP, scheduler: 'wlc', pe: 'sip', flags: 1, timeout: 300, netmask: 0xffffff00 } });
    expectFrame(spec, `
      70 00 00 00 ${TT} 05 00 ${SS} ${PP}
      01 01 00 00
      5c 00 01 80
        06 00 01 00 02 00 00 00
        06 00 02 00 11 00 00 00
        14 00 03 00 0a 01 01 01 ${zeros(12)}
        06 00 04 00 13 c4 00 00
        08 00 06 00 77 6c 63 00
        08 00 0b 00 73 69 70 00
        0c 00 07 00 01 00 00 00 ff ff ff ff
        08 00 08 00 2c 01 00 00
        08 00 09 00 ff ff ff 00`);
  });

  it('fwmark IPv6 service: AF + FWMARK only, netmask 128 as a host-order u32', () => {
    const spec = M.requestFor('addService', { service: {
      af: AF_INET6, protocol: 0, addr: new Uint8Array(16), port: 0, fwmark: 7,
      scheduler: 'sh', pe: '', flags: 0x18, timeout: 0, netmask: 128,
    } });
    expectFrame(spec, `
      4c 00 00 00 ${TT} 05 00 ${SS} ${PP}
      01 01 00 00
      38 00 01 80
        06 00 01 00 0a 00 00 00
        08 00 05 00 07 00 00 00
        07 00 06 00 73 68 00 00
        0c 00 07 00 18 00 00 00 ff ff ff ff
        08 00 08 00 00 00 00 00
        08 00 09 00 80 00 00 00`);
    // A referenced IPv6 service defaults to prefix 128.
    expect(serviceRef({ af: AF_INET6, protocol: 0, addr: new Uint8Array(16), port: 0, fwmark: 7 }).netmask).toBe(128);
  });

  it('DEL_DEST sends the whole dest nest with ipvsadm defaults (Route, weight 1)', () => {
    const withDefaults = M.encodeMessage(M.requestFor('delDest', { service: key, dest: { af: AF_INET, addr: v4('192.168.1.2'), port: 80 } }), HDR);
    expect(withDefaults.length).toBe(200);
    expect(toHex(withDefaults.subarray(20 + 84))).toBe(toHex(hex(`
      60 00 02 80
        06 00 0b 00 02 00 00 00
        14 00 01 00 c0 a8 01 02 ${zeros(12)}
        06 00 02 00 00 50 00 00
        08 00 03 00 03 00 00 00
        08 00 04 00 01 00 00 00
        05 00 0d 00 00 00 00 00
        06 00 0e 00 00 00 00 00
        06 00 0f 00 00 00 00 00
        08 00 05 00 00 00 00 00
        08 00 06 00 00 00 00 00`)));
    expect(withDefaults.readUInt8(16)).toBe(7); // DEL_DEST
  });

  it('GUE tunnel dest: TUN_PORT network order, TUN_FLAGS host order', () => {
    const spec = M.requestFor('editDest', { service: key, dest: { ...dest, fwdMethod: 2, weight: 5, tunType: 1, tunPort: 6080, tunFlags: 2, uThreshold: 100, lThreshold: 10 } });
    const bytes = M.encodeMessage(spec, HDR);
    expect(toHex(bytes.subarray(20 + 84))).toBe(toHex(hex(`
      60 00 02 80
        06 00 0b 00 02 00 00 00
        14 00 01 00 c0 a8 01 02 ${zeros(12)}
        06 00 02 00 00 50 00 00
        08 00 03 00 02 00 00 00
        08 00 04 00 05 00 00 00
        05 00 0d 00 01 00 00 00
        06 00 0e 00 17 c0 00 00
        06 00 0f 00 02 00 00 00
        08 00 05 00 64 00 00 00
        08 00 06 00 0a 00 00 00`)));
  });

  it('NEW_DAEMON: mandatory trio only when nothing optional is given', () => {
    expectFrame(M.requestFor('startDaemon', { daemon: { state: DAEMON_MASTER, mcastIfn: 'eth0', syncId: 0 } }), `
      34 00 00 00 ${TT} 05 00 ${SS} ${PP}
      09 01 00 00
      20 00 03 80
        08 00 01 00 01 00 00 00
        09 00 02 00 65 74 68 30 00 00 00 00
        08 00 03 00 00 00 00 00`);
  });

  it('NEW_DAEMON: SYNC_MAXLEN and MCAST_PORT host order, TTL u8, then the group', () => {
    expectFrame(M.requestFor('startDaemon', { daemon: {
      state: DAEMON_BACKUP, mcastIfn: 'd0', syncId: 7, syncMaxlen: 1472, mcastGroup: '239.1.2.3', mcastPort: 8848, mcastTtl: 5,
    } }), `
      50 00 00 00 ${TT} 05 00 ${SS} ${PP}
      09 01 00 00
      3c 00 03 80
        08 00 01 00 02 00 00 00
        07 00 02 00 64 30 00 00
        08 00 03 00 07 00 00 00
        06 00 04 00 c0 05 00 00
        06 00 07 00 90 22 00 00
        05 00 08 00 05 00 00 00
        08 00 05 00 ef 01 02 03`);
    const v6 = M.encodeMessage(M.requestFor('startDaemon', { daemon: { state: DAEMON_MASTER, mcastIfn: 'd0', syncId: 1, mcastGroup: 'ff02::1234' } }), HDR);
    expect(toHex(v6.subarray(v6.length - 20))).toBe(toHex(hex(`14 00 06 00 ff 02 ${zeros(12)} 12 34`)));
  });

  it('DEL_DAEMON: STATE, MCAST_IFN "", SYNC_ID', () => {
    expectFrame(M.requestFor('stopDaemon', { daemon: { state: DAEMON_BACKUP, syncId: 3 } }), `
      30 00 00 00 ${TT} 05 00 ${SS} ${PP}
      0a 01 00 00
      1c 00 03 80
        08 00 01 00 02 00 00 00
        05 00 02 00 00 00 00 00
        08 00 03 00 03 00 00 00`);
  });

  it('CTRL_CMD_GETFAMILY "IPVS"', () => {
    expect(toHex(M.encodeMessage(M.getFamilyRequest('IPVS'), { type: 16, seq: 1, pid: 0 }))).toBe(toHex(hex(`
      20 00 00 00 10 00 05 00 01 00 00 00 00 00 00 00
      03 01 00 00
      09 00 02 00 49 50 56 53 00 00 00 00`)));
  });
});
