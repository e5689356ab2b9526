// The system resolver against temporary hosts/services files, with a recording fallback in
// place of getent (and one real getent call when the machine has it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemResolver, getentFallback, parseHostsFile, parseServicesFile } from '../../../src/resolve/system.js';
import type { HostFallback } from '../../../src/resolve/system.js';

const HOSTS = `# comment line
127.0.0.1\tlocalhost
127.0.1.1  box.example.org box   # trailing comment
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
192.168.1.5 rs5 RealServer5
192.168.1.6 rs5
10.0.0.9
::ffff:10.9.9.9 mapped
127.1 shorty
2001:db8::5 v6rs.example.com v6rs
`;

const SERVICES = `# /etc/services
tcpmux\t\t1/tcp
http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP
https\t\t443/tcp
domain\t\t53/tcp
domain\t\t53/udp
mdns\t\t5353/udp
amqp\t\t5672/sctp
http-alt\t8080/tcp\twebcache
bogus\t\tnotaport/tcp
`;

let dir: string;
let hostsFile: string;
let servicesFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvsadm-resolver-'));
  hostsFile = path.join(dir, 'hosts');
  servicesFile = path.join(dir, 'services');
  fs.writeFileSync(hostsFile, HOSTS);
  fs.writeFileSync(servicesFile, SERVICES);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

class RecordingFallback implements HostFallback {
  readonly calls: string[] = [];
  hostToIPv4(name: string): Uint8Array | null {
    this.calls.push(`forward ${name}`);
    return name === 'dns.example.net' ? Uint8Array.from([203, 0, 113, 7]) : null;
  }
  addrToHost(af: number, text: string): string | null {
    this.calls.push(`reverse ${af} ${text}`);
    return text === '203.0.113.7' ? 'dns.example.net' : null;
  }
}

const v4 = (a: number, b: number, c: number, d: number) => Uint8Array.from([a, b, c, d, ...new Array(12).fill(0)]);

describe('file parsers', () => {
  it('hosts: address, official name, aliases; lines without a name or address skipped', () => {
    const lines = parseHostsFile(HOSTS);
    expect(lines.map((l) => l.names[0])).toEqual(['localhost', 'box.example.org', 'localhost', 'ip6-allnodes', 'rs5', 'rs5', 'mapped', 'shorty', 'v6rs.example.com']);
    expect(lines[1]).toMatchObject({ af: 2, names: ['box.example.org', 'box'] });
  });

  it('services: name, port/proto, aliases', () => {
    const lines = parseServicesFile(SERVICES);
    expect(lines.find((l) => l.name === 'http')).toEqual({ name: 'http', port: 80, proto: 'tcp', aliases: ['www'] });
    expect(lines.some((l) => l.name === 'bogus')).toBe(false);
  });
});

describe('createSystemResolver', () => {
  it('forward: first matching line, aliases, case-blind, IPv4 lines only (or v4-mapped)', () => {
    const fallback = new RecordingFallback();
    const r = createSystemResolver({ hostsFile, servicesFile, fallback });
    expect(r.hostToIPv4('localhost')).toEqual(Uint8Array.from([127, 0, 0, 1]));
    expect(r.hostToIPv4('box')).toEqual(Uint8Array.from([127, 0, 1, 1]));
    expect(r.hostToIPv4('REALSERVER5')).toEqual(Uint8Array.from([192, 168, 1, 5]));
    expect(r.hostToIPv4('rs5')).toEqual(Uint8Array.from([192, 168, 1, 5]));
    expect(r.hostToIPv4('mapped')).toEqual(Uint8Array.from([10, 9, 9, 9]));
    expect(r.hostToIPv4('shorty')).toEqual(Uint8Array.from([127, 0, 0, 1]));
    expect(fallback.calls).toEqual([]);
  });

  it('forward: names the file does not know go to the fallback once (cached)', () => {
    const fallback = new RecordingFallback();
    const r = createSystemResolver({ hostsFile, servicesFile, fallback });
    expect(r.hostToIPv4('ip6-localhost')).toBeNull();
    expect(r.hostToIPv4('dns.example.net')).toEqual(Uint8Array.from([203, 0, 113, 7]));
    expect(r.hostToIPv4('dns.example.net')).toEqual(Uint8Array.from([203, 0, 113, 7]));
    expect(r.hostToIPv4('ip6-localhost')).toBeNull();
    expect(fallback.calls).toEqual(['forward ip6-localhost', 'forward dns.example.net']);
  });

  it('forward: numeric-looking names never reach DNS', () => {
    const fallback = new RecordingFallback();
    const r = createSystemResolver({ hostsFile, servicesFile, fallback });
    expect(r.hostToIPv4('999.1.1.1')).toBeNull();
    expect(r.hostToIPv4('fe80:')).toBeNull();
    expect(r.hostToIPv4('')).toBeNull();
    expect(fallback.calls).toEqual([]);
  });

  it('reverse: the official name of the first matching line, by family', () => {
    const fallback = new RecordingFallback();
    const r = createSystemResolver({ hostsFile, servicesFile, fallback });
    expect(r.addrToHost(2, v4(127, 0, 0, 1))).toBe('localhost');
    expect(r.addrToHost(2, v4(192, 168, 1, 5))).toBe('rs5');
    const v6 = new Uint8Array(16);
    v6[15] = 1;
    expect(r.addrToHost(10, v6)).toBe('localhost');
    const db8 = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 5]);
    expect(r.addrToHost(10, db8)).toBe('v6rs.example.com');
    expect(r.addrToHost(2, v4(203, 0, 113, 7))).toBe('dns.example.net');
    expect(r.addrToHost(2, v4(10, 0, 0, 9))).toBeNull();
    expect(r.addrToHost(2, v4(10, 0, 0, 9))).toBeNull();
    expect(fallback.calls).toEqual(['reverse 2 203.0.113.7', 'reverse 2 10.0.0.9']);
  });

  it('services: official name per port and protocol; aliases for name → port', () => {
    const r = createSystemResolver({ hostsFile, servicesFile, fallback: null });
    expect(r.serviceToPort('www', 'tcp')).toBe(80);
    expect(r.serviceToPort('http', 'tcp')).toBe(80);
    expect(r.serviceToPort('www', 'udp')).toBeNull();
    expect(r.serviceToPort('domain', 'udp')).toBe(53);
    expect(r.serviceToPort('amqp', 'sctp')).toBe(5672);
    expect(r.serviceToPort('webcache', 'tcp')).toBe(8080);
    expect(r.serviceToPort('HTTP', 'tcp')).toBeNull();
    expect(r.portToService(80, 'tcp')).toBe('http');
    expect(r.portToService(80, 'udp')).toBeNull();
    expect(r.portToService(53, 'udp')).toBe('domain');
    expect(r.portToService(5353, 'udp')).toBe('mdns');
    expect(r.portToService(8080, 'tcp')).toBe('http-alt');
  });

  it('missing files answer nothing', () => {
    const r = createSystemResolver({ hostsFile: path.join(dir, 'none'), servicesFile: path.join(dir, 'none'), fallback: null });
    expect(r.hostToIPv4('localhost')).toBeNull();
    expect(r.serviceToPort('http', 'tcp')).toBeNull();
  });

  it('reads each file once, lazily', () => {
    const copy = path.join(dir, 'hosts-copy');
    fs.writeFileSync(copy, '10.1.2.3 first\n');
    const r = createSystemResolver({ hostsFile: copy, servicesFile, fallback: null });
    fs.writeFileSync(copy, '10.3.2.1 first\n'); // before the first lookup: this is what is read
    expect(r.hostToIPv4('first')).toEqual(Uint8Array.from([10, 3, 2, 1]));
    fs.writeFileSync(copy, '10.9.9.9 first\n10.9.9.9 second\n');
    expect(r.hostToIPv4('second')).toBeNull();
  });
});

describe('getent fallback', () => {
  const hasGetent = fs.existsSync('/usr/bin/getent') || fs.existsSync('/bin/getent');
  it.skipIf(!hasGetent)('answers localhost through nsswitch', () => {
    expect(getentFallback.hostToIPv4('localhost')).toEqual(Uint8Array.from([127, 0, 0, 1]));
    expect(getentFallback.addrToHost(2, '127.0.0.1')).toBe('localhost');
  });
});
