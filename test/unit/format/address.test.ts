import { describe, expect, it } from 'vitest';
import { AF_INET, AF_INET6, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP } from '../../../src/model.js';
import { inetNtop6, inetPton4, inetPton6 } from '../../../src/libc/inet.js';
import { addrPortText, cutUnlessIPv6, numericText, portText } from '../../../src/format/address.js';
import { addr, fakeResolver } from './helpers.js';

const numeric = { numeric: true, resolver: fakeResolver() };

function v6(words: number[]): Uint8Array {
  const a = new Uint8Array(16);
  words.forEach((w, i) => {
    a[2 * i] = w >> 8;
    a[2 * i + 1] = w & 255;
  });
  return a;
}

describe('inet_ntop (glibc)', () => {
  it('IPv4 dotted decimal', () => {
    expect(numericText(AF_INET, addr('10.1.1.1'))).toBe('10.1.1.1');
    expect(numericText(AF_INET, addr('255.0.0.255'))).toBe('255.0.0.255');
  });

  it.each([
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], '2001:db8::1'],
    [[0, 0, 0, 0, 0, 0, 0x0102, 0x0304], '::1.2.3.4'],
    [[0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304], '::ffff:1.2.3.4'],
    [[0, 0, 0, 0, 0, 0xffff, 0, 0], '::ffff:0.0.0.0'],
    [[0x2001, 0, 0, 1, 0, 0, 0, 1], '2001:0:0:1::1'], // the longer second run wins
    [[0x2001, 0, 0, 1, 1, 0, 0, 1], '2001::1:1:0:0:1'], // equal runs: the first wins
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], '2001:db8:0:1:1:1:1:1'], // a single zero group stays 0
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], '2001:db8::'],
    [[0xfe80, 0, 0, 0, 0xabcd, 0xef, 0x1, 0x10], 'fe80::abcd:ef:1:10'],
    [[0, 0, 0, 0, 1, 0xffff, 0x0102, 0x0304], '::1:ffff:102:304'],
    [[0, 0, 0, 0, 0, 0, 0, 0x0304], '::304'],
    [[1, 0, 0, 0, 0, 0, 0x0102, 0x0304], '1::102:304'],
  ])('%j -> %s', (words, text) => {
    expect(inetNtop6(v6(words))).toBe(text);
  });

  it('round-trips through inet_pton', () => {
    for (const t of ['2001:db8::1', '::1.2.3.4', '::ffff:1.2.3.4', '2001:0:0:1::1', '::', 'ff02::1234']) {
      expect(inetNtop6(inetPton6(t)!)).toBe(t);
    }
  });
});

describe('inet_pton (glibc)', () => {
  it('IPv4 is strict dotted quad', () => {
    expect(inetPton4('10.1.1.1')?.slice(0, 4)).toEqual(Uint8Array.of(10, 1, 1, 1));
    for (const bad of ['0A010101', '1.2.3', '1.2.3.4.', '01.2.3.4', '256.1.1.1', '1..2.3', '']) expect(inetPton4(bad)).toBeNull();
  });
  it('IPv6 full, compressed and with a dotted tail', () => {
    expect(inetPton6('2001:0db8:0000:0000:0000:0000:0000:0001')).toEqual(v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]));
    expect(inetPton6('::ffff:1.2.3.4')).toEqual(v6([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]));
    for (const bad of ['1.2.3.4', '0A010101', ':1', '1:', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', '']) {
      expect(inetPton6(bad)).toBeNull();
    }
  });
});

describe('host:port (§12.5)', () => {
  it('numeric forms', () => {
    expect(addrPortText(AF_INET, addr('10.1.1.1'), 80, IPPROTO_TCP, numeric)).toBe('10.1.1.1:80');
    expect(addrPortText(AF_INET6, addr('2001:db8::1'), 80, IPPROTO_TCP, numeric)).toBe('[2001:db8::1]:80');
    expect(addrPortText(AF_INET, addr('192.168.1.3'), 0, 0, numeric)).toBe('192.168.1.3:0');
    expect(addrPortText(AF_INET6, addr('::1.2.3.4'), 80, IPPROTO_TCP, numeric)).toBe('[::1.2.3.4]:80');
    expect(addrPortText(AF_INET6, addr('::ffff:1.2.3.4'), 80, IPPROTO_TCP, numeric)).toBe('[::ffff:1.2.3.4]:80');
    expect(addrPortText(AF_INET6, addr('2001:0:0:1::1'), 80, IPPROTO_TCP, numeric)).toBe('[2001:0:0:1::1]:80');
    expect(addrPortText(AF_INET6, addr('2001:db8:0:1:1:1:1:1'), 80, IPPROTO_TCP, numeric)).toBe('[2001:db8:0:1:1:1:1:1]:80');
  });

  it('numeric output never consults the resolver', () => {
    const resolver = fakeResolver({ '10.1.1.1': 'vip' });
    expect(addrPortText(AF_INET, addr('10.1.1.1'), 80, IPPROTO_TCP, { numeric: true, resolver })).toBe('10.1.1.1:80');
    expect(resolver.calls).toEqual([]);
  });

  it('names per protocol, decimal when unknown', () => {
    const naming = { numeric: false, resolver: fakeResolver({ '127.0.0.1': 'localhost', '2001:db8::7': 'v6rs.example.com' }) };
    expect(portText(80, IPPROTO_TCP, naming)).toBe('http');
    expect(portText(8080, IPPROTO_TCP, naming)).toBe('http-alt');
    expect(portText(53, IPPROTO_UDP, naming)).toBe('domain');
    expect(portText(5353, IPPROTO_UDP, naming)).toBe('mdns');
    expect(portText(5672, IPPROTO_SCTP, naming)).toBe('amqp');
    expect(portText(22, IPPROTO_TCP, naming)).toBe('ssh');
    expect(portText(80, IPPROTO_UDP, naming)).toBe('80');
    expect(addrPortText(AF_INET, addr('127.0.0.1'), 22, IPPROTO_TCP, naming)).toBe('localhost:ssh');
    expect(addrPortText(AF_INET, addr('10.9.9.9'), 80, IPPROTO_TCP, naming)).toBe('10.9.9.9:http');
    expect(addrPortText(AF_INET6, addr('2001:db8::7'), 8080, IPPROTO_TCP, naming)).toBe('[v6rs.example.com]:http-alt');
  });

  it('fwmark (protocol 0) and port 0 stay decimal without a lookup', () => {
    const resolver = fakeResolver({}, { '80/tcp': 'http', '0/tcp': 'bogus' });
    const naming = { numeric: false, resolver };
    expect(portText(80, 0, naming)).toBe('80');
    expect(portText(0, IPPROTO_TCP, naming)).toBe('0');
    expect(resolver.calls).toEqual([]);
  });

  it('host:port is capped at 59 characters (ipvsadm formats into a 60-byte buffer)', () => {
    const long = `${'x'.repeat(70)}.example.com`;
    const naming = { numeric: false, resolver: fakeResolver({ '10.1.1.1': long, '2001:db8::1': long }) };
    expect(addrPortText(AF_INET, addr('10.1.1.1'), 22, IPPROTO_TCP, naming)).toBe(long.slice(0, 59));
    expect(addrPortText(AF_INET6, addr('2001:db8::1'), 22, IPPROTO_TCP, naming)).toBe(`[${long}`.slice(0, 59));
    const exact = 'a-very-long-hostname-for-testing-truncation.example.com';
    const naming2 = { numeric: false, resolver: fakeResolver({ '10.1.1.1': exact }) };
    expect(addrPortText(AF_INET, addr('10.1.1.1'), 22, IPPROTO_TCP, naming2)).toBe(`${exact}:ssh`);
  });

  it('listing cuts apply to IPv4 only', () => {
    expect(cutUnlessIPv6('x'.repeat(40), AF_INET, 28)).toBe('x'.repeat(28));
    expect(cutUnlessIPv6('x'.repeat(40), AF_INET6, 28)).toBe('x'.repeat(40));
  });
});
