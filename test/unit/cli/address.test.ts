// Spec §5: host[:port], fwmarks, -6, real-server ports and netmasks.
import { describe, expect, it } from 'vitest';
import { parseHostPort } from '../../../src/cli/address.js';
import { inetAton, inetNtop6 } from '../../../src/libc/inet.js';
import { FakeResolver, command, expectError, ipv4 } from './helpers.js';

const ILLEGAL_VS = 'illegal virtual server address[:port] specified';
const ILLEGAL_RS = 'illegal real server address[:port] specified';

describe('inet_aton', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    ['1.2', '1.0.0.2'],
    ['127.1', '127.0.0.1'],
    ['0x0a.1', '10.0.0.1'],
    ['010.1.1.1', '8.1.1.1'],
    ['0X7f.0.0.1', '127.0.0.1'],
    ['4294967295', '255.255.255.255'],
    ['1.65535', '1.0.255.255'],
    ['1.2.65535', '1.2.255.255'],
    ['1.2.3.4 junk', '1.2.3.4'],
    ['1.2.3.4\tx', '1.2.3.4'],
    ['0', '0.0.0.0'],
  ])('%j → %s', (text, dotted) => {
    expect(ipv4(inetAton(text)!)).toBe(dotted);
  });

  it.each(['', '08.1.1.1', '1.2.3.4.5', '256.1.1.1', '1.2.3.256', '1.16777216', '1.2.3.4x', '1.', '.1', '1..2',
    '0x', 'x1', ' 1.2.3.4', '+1', '4294967296', '1.2.3.-4'])('%j → invalid', (text) => {
    expect(inetAton(text)).toBeNull();
  });
});

describe('§5.1 host[:port]', () => {
  const at = (text: string, protocol = 6) => {
    const r = parseHostPort(text, protocol, new FakeResolver());
    if (!r) return null;
    return { host: r.af === 10 ? inetNtop6(r.addr) : ipv4(r.addr), port: r.port };
  };

  it.each([
    ['1.2:80', '1.0.0.2', 80],
    ['0x0a.1:80', '10.0.0.1', 80],
    ['127.1:80', '127.0.0.1', 80],
    ['1.2.3.4 x:80', '1.2.3.4', 80],
    ['[2001:db8::9]:80', '2001:db8::9', 80],
    ['2001:db8::9:80', '2001:db8::9:80', undefined],
    ['[1.2.3.4]:80', '1.2.3.4', undefined],
    ['10.1.1.1', '10.1.1.1', undefined],
    ['10.1.1.1:www', '10.1.1.1', 80],
    ['10.1.1.1:http', '10.1.1.1', 80],
    ['10.1.1.1:+81', '10.1.1.1', 81],
    ['10.1.1.1: 82', '10.1.1.1', 82],
    ['10.1.1.1:0', '10.1.1.1', 0],
    ['10.1.1.1:65535', '10.1.1.1', 65535],
    ['localhost:80', '127.0.0.1', 80],
    ['rs5', '192.168.1.5', undefined],
    ['[::1]:http', '::1', 80],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4', undefined],
    ['[::]:80', '::', 80],
    ['0.0.0.0:80', '0.0.0.0', 80],
  ])('%j → %s port %s', (text, host, port) => {
    expect(at(text)).toEqual({ host, port });
  });

  it.each(['', '12345', '[2001:db8::9]', '[::1', '[::1]x', '[::1]:', '10.1.1.1:', '10.1.1.1:65536', '10.1.1.1:-1',
    '10.1.1.1:0x50', 'ip6-localhost:80', ':80', '[foo:bar]:80', '1.2.3.4:80:90', 'a:b:c', '08.1.1.1:80', '[rs5]'])('%j → illegal', (text) => {
    expect(at(text)).toBeNull();
  });

  it('looks port names up with the service protocol', () => {
    expect(at('1.2.3.4:www', 17)).toBeNull(); // www is tcp only
    expect(at('1.2.3.4:domain', 17)).toEqual({ host: '1.2.3.4', port: 53 });
    expect(at('1.2.3.4:amqp', 132)).toEqual({ host: '1.2.3.4', port: 5672 });
    expect(at('1.2.3.4:http', 132)).toBeNull();
    expect(at('1.2.3.4:http', 0)).toBeNull(); // no protocol known: no lookup
  });

  it('resolves names inside brackets only by the IPv4 path', () => {
    expect(at('[rs5]:80')).toEqual({ host: '192.168.1.5', port: undefined });
  });

  it('in commands: -t, -u, --sctp-service and their messages', () => {
    expect(command('-A -u 1.2.3.4:domain').service).toMatchObject({ protocol: 17, port: 53 });
    expect(command('-A --sctp-service 1.2.3.4:amqp').service).toMatchObject({ protocol: 132, port: 5672 });
    expectError('-A -u 1.2.3.4:www', ILLEGAL_VS);
    expectError('-A -t [2001:db8::9] -p', ILLEGAL_VS);
    expect(command('-A -t [1.2.3.4]:80 -p').service?.port).toBe(0);
    expect(command('-A -t 2001:db8::9:80 -p').service).toMatchObject({ af: 10, port: 0 });
  });
});

describe('§5.2 port-zero rule', () => {
  it('a non-fwmark -A/-E service with port 0 must be persistent', () => {
    expectError('-A -t 10.1.1.4', 'Zero port specified for non-persistent service');
    expectError('-E -t 10.1.1.4:0', 'Zero port specified for non-persistent service');
    expect(command('-A -t 10.1.1.4 -p 10').service).toMatchObject({ port: 0, timeout: 10 });
    expect(command('-A -f 1').service?.fwmark).toBe(1);
    expect(command('-D -t 10.1.1.4').service?.port).toBe(0);
  });
});

describe('§5.3 real-server port', () => {
  it('no port → the service port known at that moment', () => {
    expect(command('-a -t 10.1.1.1:80 -r 192.168.1.8 -m').dest?.port).toBe(80);
    expect(command('-a -r 192.168.1.8 -t 10.1.1.1:80 -m').dest?.port).toBe(0);
    expect(command('-a -t 10.1.1.1:80 -r [1.2.3.4]:99 -m').dest?.port).toBe(80);
    expect(command('-a -f 100 -r 192.168.1.2 -m').dest?.port).toBe(0);
  });

  it('a named port needs the protocol: none before -t, tcp for -f', () => {
    expectError('-a -r 192.168.1.8:http -t 10.1.1.1:80 -m', ILLEGAL_RS);
    expect(command('-a -t 10.1.1.1:80 -r 192.168.1.8:http -m').dest?.port).toBe(80);
    expect(command('-a -f 100 -r 192.168.1.2:http -m').dest?.port).toBe(80);
    expectError('-a -u 10.1.1.1:53 -r 192.168.1.2:http -m', ILLEGAL_RS);
  });

  it('-g (default) and -i force the service port on -a/-e of address services', () => {
    expect(command('-a -t 10.1.1.1:80 -r 192.168.1.4:8080 -g').dest?.port).toBe(80);
    expect(command('-a -t 10.1.1.1:80 -r 192.168.1.4:8080').dest?.port).toBe(80);
    expect(command('-e -t 10.1.1.1:80 -r 192.168.1.4:8080 -i').dest?.port).toBe(80);
    expect(command('-a -t 10.1.1.1:80 -r 192.168.1.4:8080 -m').dest?.port).toBe(8080);
    expect(command('-d -t 10.1.1.1:80 -r 192.168.1.4:8080').dest?.port).toBe(8080);
    expect(command('-a -f 100 -r 192.168.1.4:8080 -g').dest?.port).toBe(8080);
  });

  it('a different family only with -i', () => {
    expectError('-a -t 10.1.1.1:80 -r [2001:db8::5]:80 -m', 'Different address family is allowed only for tunneling servers');
    expectError('-a -f 7 -6 -r 192.168.1.2 -m', 'Different address family is allowed only for tunneling servers');
    expect(command('-a -t 10.1.1.1:80 -r 2001:db8::5 -i').dest).toMatchObject({ af: 10, port: 80 });
    // Not checked for -d.
    expect(command('-d -t 10.1.1.1:80 -r [2001:db8::5]:80').dest?.af).toBe(10);
  });

  it('-r itself: illegal address message', () => {
    expectError('-a -t 10.1.1.1:80 -r nohost', ILLEGAL_RS);
    expectError('-a -t 10.1.1.1:80 -r 12345', ILLEGAL_RS);
  });
});

describe('§5.4 fwmark and -6', () => {
  it('-f sets IPv4; -6 afterwards makes it IPv6 with mask 128', () => {
    expect(command('-A -f 5').service).toMatchObject({ af: 2, fwmark: 5, protocol: 0, port: 0, netmask: 0xffffffff });
    expect(command('-A -f 5 -6').service).toMatchObject({ af: 10, netmask: 128 });
  });

  it('-6 before -f or without -f → -6 used before -f, then a blank line', () => {
    expect(command('-L -f 7 -6').service?.af).toBe(10);
    expectError('-A -6 -f 5', '-6 used before -f\n');
    expectError('-A -t 10.1.1.1:80 -6', '-6 used before -f\n');
    expectError('-L -6', '-6 used before -f\n');
  });
});

describe('§5.5 netmask', () => {
  const mask = (line: string | string[]) => command(line).service?.netmask;

  it('IPv4 rules: inet_aton or a host name', () => {
    expect(mask('-A -t 10.1.1.1:80 -p -M 24')).toBe(24);
    expect(mask('-A -t 10.1.1.1:80 -p -M 0.0.0.0')).toBe(0);
    expect(mask('-A -t 10.1.1.1:80 -p -M 255.255.255.0')).toBe(0xffffff00);
    expect(mask('-A -t 10.1.1.1:80 -p -M localhost')).toBe(0x7f000001);
    expect(mask(['-A', '-t', '10.1.1.1:80', '-p', '-M', '255.255.255.0 x'])).toBe(0xffffff00);
    expect(mask('-A -t 10.1.1.1:80 -M 255.255.255.0')).toBe(0xffffff00); // accepted without -p
    expectError('-A -t 10.1.1.1:80 -p -M /24', 'illegal virtual server persistent mask specified');
    expectError('-A -t 10.1.1.1:80 -p -M foo', 'illegal virtual server persistent mask specified');
  });

  it('IPv6 rules: atoi, 1 … 128', () => {
    expect(mask('-A -t [2001:db8::7]:80 -p -M 64abc')).toBe(64);
    expect(mask('-A -t [2001:db8::7]:80 -p -M 4294967360')).toBe(64);
    expect(mask('-A -f 1 -6 -M 64 -p')).toBe(64);
    for (const bad of ['0', '129', 'abc', '255.255.255.0']) {
      expectError(`-A -t [2001:db8::7]:80 -p -M ${bad}`, 'illegal ipv6 netmask specified');
    }
  });

  it('a later IPv6 -t/-u or -6 resets the mask to 128; -f does not touch it', () => {
    expect(mask('-A -M 64 -t [2001:db8::7]:80 -p')).toBe(128);
    expect(mask('-A -f 1 -M 64 -6 -p')).toBe(128);
    expect(mask('-A -M 255.255.255.0 -f 1 -p')).toBe(0xffffff00);
    expect(mask('-A -M 255.255.255.0 -t 10.1.1.1:80 -p')).toBe(0xffffff00);
  });
});
