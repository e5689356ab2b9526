import { describe, expect, it } from 'vitest';
import { EmptyConnectionsFileError, connectionLines, expireText } from '../../../src/format/connections.js';
import { fgetsPieces, scanConnLine } from '../../../src/libc/scanf.js';
import { collect, fakeResolver } from './helpers.js';

const HEADER = 'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n';
const V6 = '2001:0db8:0000:0000:0000:0000:0000:0001';
const TITLE = 'pro expire state       source             virtual            destination\n';
const TITLE_PE = 'pro expire state       source             virtual            destination        pe name          pe_data\n';

function render(text: string | string[], flags: { numeric?: boolean; persistentConn?: boolean } = {}, resolver = fakeResolver()): string {
  return collect(connectionLines(text, { numeric: flags.numeric ?? true, persistentConn: flags.persistentConn ?? false }, resolver));
}

describe('§12.8 / genl §15.3 -c', () => {
  it('renders the captured proc sample (genl §15.3)', () => {
    const proc =
      HEADER +
      'TCP 0A010101 D90A 0A010101 0050 C0A80101 0050 FIN_WAIT        117\n' +
      'UDP 0A010101 0000 0A010101 0035 C0A80101 0035 ASSURED          57\n' +
      `TCP ${V6} DC88 ${V6} 0050 ${V6} 0050 FIN_WAIT        117\n`;
    expect(render(proc)).toBe(
      'IPVS connection entries\n' +
        TITLE +
        'TCP 01:57  FIN_WAIT    10.1.1.1:55562     10.1.1.1:80        192.168.1.1:80\n' +
        'UDP 00:57  ASSURED     10.1.1.1:0         10.1.1.1:53        192.168.1.1:53\n' +
        'TCP 01:57  FIN_WAIT    [2001:db8::1]:56456 [2001:db8::1]:80   [2001:db8::1]:80\n',
    );
  });

  it('renders the §12.8 samples, numeric and with names', () => {
    const v6 = (last: string) => `2001:0db8:0000:0000:0000:0000:0000:${last}`;
    const proc =
      HEADER +
      `TCP ${v6('0001')} B050 ${v6('0010')} 0050 ${v6('0002')} 1F90 SYN_RECV         58\n` +
      'UDP 0A000001 82E5 0A010101 0035 C0A80102 14E9 UDP             299\n' +
      'TCP 0A000001 0000 0A010103 0016 C0A80103 0016 NONE            115\n';
    expect(render(proc)).toBe(
      'IPVS connection entries\n' +
        TITLE +
        'TCP 00:58  SYN_RECV    [2001:db8::1]:45136 [2001:db8::10]:80  [2001:db8::2]:8080\n' +
        'UDP 04:59  UDP         10.0.0.1:33509     10.1.1.1:53        192.168.1.2:5353\n' +
        'TCP 01:55  NONE        10.0.0.1:0         10.1.1.3:22        192.168.1.3:22\n',
    );
    const names = fakeResolver({ '192.168.1.2': 'rs2.example.com' });
    expect(render(HEADER + 'UDP 0A000001 82E5 0A010101 0035 C0A80102 14E9 UDP             299\n', { numeric: false }, names)).toBe(
      'IPVS connection entries\n' + TITLE + 'UDP 04:59  UDP         10.0.0.1:33509     10.1.1.1:domain    rs2.example.com:mdns\n',
    );
  });

  it('--persistent-conn: PE rows use the mismatched 16/18 widths, others stay 6-column', () => {
    const proc =
      HEADER +
      'UDP 0A000001 0000 0A010107 13C4 C0A80102 13C4 NONE             59 sip test-call-id-123@host\n' +
      'TCP 0A000001 0000 0A010103 0016 C0A80103 0016 NONE            115\n';
    expect(render(proc, { persistentConn: true })).toBe(
      'IPVS connection entries\n' +
        TITLE_PE +
        'UDP 00:59  NONE        10.0.0.1:0         10.1.1.7:5060      192.168.1.2:5060 sip                test-call-id-123@host\n' +
        'TCP 01:55  NONE        10.0.0.1:0         10.1.1.3:22        192.168.1.3:22\n',
    );
    // without --persistent-conn the PE fields are ignored
    expect(render(proc).split('\n')[2]).toBe('UDP 00:59  NONE        10.0.0.1:0         10.1.1.7:5060      192.168.1.2:5060');
  });

  it('SCTP pushes the line; other protocols get decimal ports even without -n', () => {
    const proc =
      HEADER +
      'SCTP 0A000001 1234 0A010101 1628 C0A80102 1628 ESTABLISHED     10\n' +
      'IP  0A000001 0000 0A010101 0000 C0A80102 0000 ASSURED         10\n';
    expect(render(proc, { numeric: false })).toBe(
      'IPVS connection entries\n' +
        TITLE +
        'SCTP 00:10  ESTABLISHED 10.0.0.1:4660      10.1.1.1:amqp      192.168.1.2:amqp\n' +
        'IP  00:10  ASSURED     10.0.0.1:0         10.1.1.1:0         192.168.1.2:0\n',
    );
  });

  it('mixed-family tunnel: the destination family is detected on its own', () => {
    const proc = HEADER + `TCP ${V6} DC88 ${V6} 0050 C0A80101 0050 ESTABLISHED     900\n`;
    expect(render(proc).split('\n')[2]).toBe('TCP 15:00  ESTABLISHED [2001:db8::1]:56456 [2001:db8::1]:80   192.168.1.1:80');
  });

  it('dotted IPv4 text is accepted as well as hex', () => {
    const proc = HEADER + 'TCP 10.0.0.1 0050 10.1.1.1 0050 192.168.1.2 0050 NONE 5\n';
    expect(render(proc).split('\n')[2]).toBe('TCP 00:05  NONE        10.0.0.1:80        10.1.1.1:80        192.168.1.2:80');
  });

  it('MM:SS with uncapped minutes', () => {
    expect(expireText(0)).toBe('00:00');
    expect(expireText(59)).toBe('00:59');
    expect(expireText(7200)).toBe('120:00');
    expect(expireText(4294967295)).toBe('71582788:15');
  });

  it('header only: just the headings; empty file: error', () => {
    expect(render(HEADER)).toBe(`IPVS connection entries\n${TITLE}`);
    expect(render(HEADER, { persistentConn: true })).toBe(`IPVS connection entries\n${TITLE_PE}`);
    expect(() => render('')).toThrow(EmptyConnectionsFileError);
    expect(() => render('')).toThrow('unexpected input from /proc/net/ip_vs_conn');
  });

  it('accepts the file in arbitrary chunks', () => {
    const proc = HEADER + 'TCP 0A010101 D90A 0A010101 0050 C0A80101 0050 FIN_WAIT        117\n' + 'UDP 0A010101 0000 0A010101 0035 C0A80101 0035 ASSURED          57\n';
    const chunks = proc.match(/[\s\S]{1,7}/g)!;
    expect(render(chunks)).toBe(render(proc));
  });

  it('the last line needs no newline', () => {
    expect(render(HEADER + 'TCP 0A010101 D90A 0A010101 0050 C0A80101 0050 FIN_WAIT        117').split('\n')[2]).toBe(
      'TCP 01:57  FIN_WAIT    10.1.1.1:55562     10.1.1.1:80        192.168.1.1:80',
    );
  });
});

describe('fgets pieces and sscanf', () => {
  it('lines longer than 255 characters arrive in pieces', () => {
    const long = `${'x'.repeat(300)}\n`;
    expect([...fgetsPieces(`a\n${long}b`)].map((p) => p.length)).toEqual([2, 255, 46, 1]);
    expect([...fgetsPieces(['a', 'b\nc', 'd'])]).toEqual(['ab\n', 'cd']);
  });

  it('a PE line longer than 255 characters: the first piece is a row with cut PE data', () => {
    const data = 'd'.repeat(250);
    const line = `UDP 0A000001 0000 0A010107 13C4 C0A80102 13C4 NONE             59 sip ${data}\n`;
    const out = render(HEADER + line, { persistentConn: true }).split('\n');
    const kept = 255 - (line.length - data.length - 1);
    expect(out[2]).toBe(`UDP 00:59  NONE        10.0.0.1:0         10.1.1.7:5060      192.168.1.2:5060 sip                ${'d'.repeat(kept)}`);
    expect(out).toHaveLength(4); // the remainder piece has too few fields and is skipped
  });

  it('counts conversions like sscanf', () => {
    expect(scanConnLine('TCP 0A010101 D90A 0A010101 0050 C0A80101 0050 FIN_WAIT        117\n').count).toBe(9);
    expect(scanConnLine('UDP a 0 b 0 c 0 NONE 59 sip id\n').count).toBe(11);
    expect(scanConnLine('UDP a 0 b 0 c 0 NONE 59 sip\n').count).toBe(10);
    expect(scanConnLine('TCP a zz\n').count).toBe(2);
    expect(scanConnLine('   \n').count).toBe(-1);
    const s = scanConnLine('TCP a 1FFFF b -1 c 0x10 S -5\n');
    expect([s.clientPort, s.virtualPort, s.destPort, s.expires]).toEqual([0xffff, 0xffff, 16, 4294967291]);
  });
});
