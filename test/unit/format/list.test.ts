import { describe, expect, it } from 'vitest';
import {
  AF_INET6,
  FWD_MASQ,
  FWD_TUNNEL,
  IPPROTO_SCTP,
  IPPROTO_UDP,
  SVC_F_ONEPACKET,
  SVC_F_PERSISTENT,
  SVC_F_SCHED1,
  SVC_F_SCHED2,
  SVC_F_SCHED3,
  TUN_FLAG_CSUM,
  TUN_FLAG_NOCSUM,
  TUN_FLAG_REMCSUM,
  TUN_TYPE_GRE,
  TUN_TYPE_GUE,
  emptyStats,
} from '../../../src/model.js';
import type { ListOptions } from '../../../src/model.js';
import type { Stats } from '../../../src/model.js';
import {
  destLine,
  fullListing,
  fullListingParts,
  listMode,
  oneServiceListing,
  orderEntries,
  serviceLine,
  titleLines,
  versionLine,
} from '../../../src/format/list.js';
import type { ServiceEntry } from '../../../src/format/list.js';
import { collect, dest, fakeResolver, fwm, svc } from './helpers.js';

function opts(over: Partial<ListOptions> = {}): ListOptions {
  return {
    numeric: false, connection: false, timeout: false, daemon: false, stats: false, rate: false,
    thresholds: false, persistentConn: false, nosort: false, exact: false, tunInfo: false, ...over,
  };
}

const N = { numeric: true, resolver: fakeResolver() };
const info = { version: 0x010201, connTabSize: 4096 };

function stats(over: Partial<Stats>): Stats {
  return { ...emptyStats(), ...over };
}

describe('§12.1 header and titles', () => {
  it('version line', () => {
    expect(versionLine(info)).toBe('IP Virtual Server version 1.2.1 (size=4096)\n');
    expect(versionLine({ version: 0x010201, connTabSize: 1024 })).toBe('IP Virtual Server version 1.2.1 (size=1024)\n');
  });

  it.each([
    [{}, 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'],
    [{ stats: true }, 'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes', '  -> RemoteAddress:Port'],
    [{ rate: true }, 'Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS', '  -> RemoteAddress:Port'],
    [{ thresholds: true }, 'Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn ', '  -> RemoteAddress:Port'],
    [{ persistentConn: true }, 'Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn ', '  -> RemoteAddress:Port'],
    [{ tunInfo: true }, 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn'],
  ])('titles for %j', (flags, one, two) => {
    expect(titleLines(opts(flags))).toEqual([`${one}\n`, `${two}\n`]);
  });

  it('first match wins: stats > rate > thresholds > persistent-conn > tun-info', () => {
    expect(listMode(opts({ stats: true, rate: true, thresholds: true, persistentConn: true, tunInfo: true }))).toBe('stats');
    expect(listMode(opts({ rate: true, thresholds: true, persistentConn: true, tunInfo: true }))).toBe('rate');
    expect(listMode(opts({ thresholds: true, persistentConn: true, tunInfo: true }))).toBe('thresholds');
    expect(listMode(opts({ persistentConn: true, tunInfo: true }))).toBe('persistent-conn');
    expect(listMode(opts({ tunInfo: true }))).toBe('tun-info');
    expect(listMode(opts({ exact: true, nosort: true }))).toBe('default');
  });
});

describe('§12.2 service lines', () => {
  const names = {
    numeric: false,
    resolver: fakeResolver({ '10.7.7.7': 'a-very-long-hostname-for-testing-truncation.example.com', '2001:db8::77': 'a-long-ipv6-hostname-never-cut.example.com' }),
  };

  it.each([
    [svc({ ip: '200.1.1.1', port: 443, scheduler: 'mh', flags: SVC_F_PERSISTENT | SVC_F_SCHED2, timeout: 100, netmask: 0xffffff00 }), false,
      'TCP  200.1.1.1:https mh (mh-port) persistent 100 mask 255.255.255.0'],
    [svc({ ip: '1.2.3.14', protocol: IPPROTO_UDP, port: 53, flags: SVC_F_PERSISTENT | SVC_F_ONEPACKET, timeout: 360 }), true,
      'UDP  1.2.3.14:53 wlc persistent 360 ops'],
    [svc({ ip: '2001:db8::1', port: 443, flags: SVC_F_PERSISTENT, timeout: 30, netmask: 48, pe: 'sip' }), true,
      'TCP  [2001:db8::1]:443 wlc persistent 30 mask 48 pe sip'],
    [fwm(7, { af: AF_INET6, netmask: 64, flags: SVC_F_PERSISTENT, timeout: 60 }), true, 'FWM  7 IPv6 wlc persistent 60 mask 64'],
    [svc({ ip: '10.9.9.9', port: 22, scheduler: 'wrr', flags: SVC_F_SCHED1 | SVC_F_SCHED3 }), true, 'TCP  10.9.9.9:22 wrr (flag-1,flag-3)'],
    [svc({ ip: '1.1.1.1', port: 443, scheduler: 'sh', flags: SVC_F_PERSISTENT | SVC_F_SCHED1 | SVC_F_SCHED2, timeout: 360 }), true,
      'TCP  1.1.1.1:443 sh (sh-fallback,sh-port) persistent 360'],
    [svc({ ip: '10.1.1.5', scheduler: 'sh', flags: SVC_F_SCHED3 }), true, 'TCP  10.1.1.5:80 sh ()'],
    [svc({ ip: '10.1.1.6', scheduler: 'mh', flags: SVC_F_SCHED1 | SVC_F_SCHED3 }), true, 'TCP  10.1.1.6:80 mh (mh-fallback)'],
    [svc({ ip: '10.1.1.4', port: 0, flags: SVC_F_PERSISTENT, timeout: 10, netmask: 24 }), true, 'TCP  10.1.1.4:0 wlc persistent 10 mask 0.0.0.24'],
    [svc({ ip: '10.1.1.1', port: 5672, protocol: IPPROTO_SCTP, scheduler: 'lc' }), true, 'SCTP 10.1.1.1:5672 lc'],
    [svc({ ip: '10.1.1.1', port: 5672, protocol: IPPROTO_SCTP, scheduler: 'lc' }), false, 'SCTP 10.1.1.1:amqp lc'],
    [svc({ ip: '10.1.1.1', protocol: 50 }), true, '?    10.1.1.1:80 wlc'],
    [svc({ ip: '10.1.1.2', pe: 'sip', scheduler: 'rr' }), true, 'TCP  10.1.1.2:80 rr'], // pe hidden without persistence
    [svc({ ip: '10.1.1.3', port: 0, flags: SVC_F_PERSISTENT, timeout: 360 }), true, 'TCP  10.1.1.3:0 wlc persistent 360'],
    [fwm(4294967295), true, 'FWM  -1 wlc'],
    [fwm(2147483648), true, 'FWM  -2147483648 wlc'],
    [fwm(100, { scheduler: 'rr' }), false, 'FWM  100 rr'],
    [svc({ ip: '10.7.7.7', port: 22 }), false, 'TCP  a-very-long-hostname-for-tes wlc'],
    [svc({ ip: '2001:db8::77', port: 22 }), false, 'TCP  [a-long-ipv6-hostname-never-cut.example.com]:ssh wlc'],
  ])('%#: %s', (service, numeric, line) => {
    expect(serviceLine(service, opts({ numeric }), numeric ? N : names)).toBe(`${line}\n`);
  });

  it('--stats / --rate: name in 33 columns then five counters; services prefer stats64', () => {
    const s = svc({ ip: '10.1.1.1', stats: stats({ conns: 1n }), stats64: stats({ conns: 5n, inpkts: 10n, outpkts: 20n, inbytes: 1000n, outbytes: 2_000_000_000n, cps: 1n, inpps: 2n, outpps: 3n, inbps: 400n, outbps: 500n }) });
    expect(serviceLine(s, opts({ stats: true, numeric: true }), N)).toBe('TCP  10.1.1.1:80                         5       10       20     1000    2000M\n');
    expect(serviceLine(s, opts({ stats: true, numeric: true, exact: true }), N)).toBe('TCP  10.1.1.1:80                         5       10       20     1000 2000000000\n');
    expect(serviceLine(s, opts({ rate: true, numeric: true }), N)).toBe('TCP  10.1.1.1:80                         1        2        3      400      500\n');
    const only32 = svc({ ip: '10.1.1.1', stats: stats({ conns: 7n }) });
    expect(serviceLine(only32, opts({ stats: true, numeric: true }), N)).toBe('TCP  10.1.1.1:80                         7        0        0        0        0\n');
    const none = svc({ ip: '10.1.1.1' });
    expect(serviceLine(none, opts({ stats: true, numeric: true }), N)).toBe('TCP  10.1.1.1:80                         0        0        0        0        0\n');
  });

  it('--stats: a long IPv6 name pushes the numbers; service counters do not wrap at 2^32', () => {
    const s = svc({ ip: '2001:db8:1234:5678:9abc:def0:1234:5678', port: 443, stats64: stats({ conns: 4294967301n }) });
    expect(serviceLine(s, opts({ stats: true, numeric: true }), N)).toBe(
      'TCP  [2001:db8:1234:5678:9abc:def0:1234:5678]:443    4294M        0        0        0        0\n',
    );
  });
});

describe('§12.3 real-server lines', () => {
  const service = svc({ ip: '10.1.1.1' });

  it('default rows keep their trailing padding', () => {
    expect(destLine(service, dest('192.168.1.2', 80), opts({ numeric: true }), N)).toBe('  -> 192.168.1.2:80               Route   1      0          0         \n');
    expect(destLine(service, dest('192.168.1.3', 8080, { fwdMethod: FWD_MASQ, weight: 2147483647 }), opts({ numeric: true }), N)).toBe(
      '  -> 192.168.1.3:8080             Masq    2147483647 0          0         \n',
    );
    expect(destLine(service, dest('192.168.1.4', 80, { activeConns: 12, inactConns: 345 }), opts({ numeric: true }), N)).toBe(
      '  -> 192.168.1.4:80               Route   1      12         345       \n',
    );
  });

  it('forwarding names, (null) for 4..7', () => {
    const row = (fwdMethod: number) => destLine(service, dest('192.168.1.2', 80, { fwdMethod }), opts({ numeric: true }), N);
    expect(row(0)).toContain(' Masq    1 ');
    expect(row(1)).toContain(' Local   1 ');
    expect(row(2)).toContain(' Tunnel  1 ');
    expect(row(3)).toContain(' Route   1 ');
    for (const m of [4, 5, 6, 7]) expect(row(m)).toBe('  -> 192.168.1.2:80               (null)  1      0          0         \n');
  });

  it('--tun-info rows', () => {
    const row = (over: Parameters<typeof dest>[2]) => destLine(service, dest('192.168.1.10', 80, over), opts({ numeric: true, tunInfo: true }), N);
    expect(row({})).toBe('  -> 192.168.1.10:80              Route   n/a           1      0          0         \n');
    expect(row({ fwdMethod: FWD_TUNNEL })).toBe('  -> 192.168.1.10:80              Tunnel  ipip          1      0          0         \n');
    expect(row({ fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GUE, tunPort: 6080, tunFlags: TUN_FLAG_CSUM })).toBe(
      '  -> 192.168.1.10:80              Tunnel  gue:6080:+c   1      0          0         \n',
    );
    expect(row({ fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GUE, tunPort: 6081, tunFlags: TUN_FLAG_NOCSUM })).toContain(' gue:6081:-c   ');
    expect(row({ fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GUE, tunPort: 6082, tunFlags: TUN_FLAG_REMCSUM })).toContain(' gue:6082:r+c  ');
    expect(row({ fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GRE, tunFlags: TUN_FLAG_CSUM })).toContain(' Tunnel  gre:+c        1 ');
    expect(row({ fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GRE, tunFlags: TUN_FLAG_NOCSUM })).toContain(' gre:-c        ');
  });

  it('--thresholds and --persistent-conn rows', () => {
    const d = dest('192.168.1.2', 80, { uThreshold: 100, lThreshold: 10, activeConns: 3, inactConns: 4, weight: 7, persistConns: 2 });
    expect(destLine(service, d, opts({ numeric: true, thresholds: true }), N)).toBe(
      '  -> 192.168.1.2:80               100        10         3          4         \n',
    );
    expect(destLine(service, d, opts({ numeric: true, persistentConn: true }), N)).toBe(
      '  -> 192.168.1.2:80               7         2           3          4         \n',
    );
  });

  it('--stats and --rate rows; real-server counters wrap at 2^32 except bytes', () => {
    const big = 4294967301n; // 2^32 + 5
    const d = dest('192.168.1.2', 80, {
      stats64: stats({ conns: big, inpkts: 10n, outpkts: big, inbytes: big, outbytes: 2000n, cps: big, inpps: 123456789n, outpps: 3n, inbps: big, outbps: 500n }),
    });
    const head = `  -> 192.168.1.2:80${' '.repeat(14)}`; // the 28-wide name column, no separator after it
    expect(destLine(service, d, opts({ numeric: true, stats: true }), N)).toBe(`${head}        5       10        5    4294M     2000\n`);
    expect(destLine(service, d, opts({ numeric: true, stats: true, exact: true }), N)).toBe(`${head}        5       10        5 4294967301     2000\n`);
    // --rate: cps/inpps/outpps are ' %8llu' (never scaled), then two scaled columns
    expect(destLine(service, d, opts({ numeric: true, rate: true }), N)).toBe(`${head}        5 123456789        3        5      500\n`);
    expect(destLine(service, dest('192.168.1.2', 80), opts({ numeric: true, stats: true }), N)).toBe(`${head}        0        0        0        0        0\n`);
  });

  it('real-server names: IPv4 cut to 28, IPv6 never; ports named with the service protocol', () => {
    const names = { numeric: false, resolver: fakeResolver({ '192.168.1.9': 'another-very-long-realserver.example.com', '2001:db8::9': 'v6rs.example.com' }) };
    expect(destLine(service, dest('192.168.1.9', 80), opts(), names)).toBe('  -> another-very-long-realserver Route   1      0          0         \n');
    expect(destLine(service, dest('2001:db8::9', 8080), opts(), names)).toBe('  -> [v6rs.example.com]:http-alt  Route   1      0          0         \n');
    const udp = svc({ ip: '10.1.1.1', protocol: IPPROTO_UDP, port: 53 });
    expect(destLine(udp, dest('192.168.1.2', 5353), opts(), names)).toContain('  -> 192.168.1.2:mdns ');
    expect(destLine(udp, dest('192.168.1.2', 80), opts(), names)).toContain('  -> 192.168.1.2:80 ');
    expect(destLine(fwm(5), dest('192.168.1.2', 80), opts(), names)).toContain('  -> 192.168.1.2:80 ');
  });
});

describe('whole listings', () => {
  const entries: ServiceEntry[] = [
    { service: svc({ ip: '10.1.1.1' }), dests: [dest('192.168.1.2', 80), dest('192.168.1.3', 8080, { fwdMethod: FWD_MASQ, weight: 5 })] },
    { service: fwm(7, { af: AF_INET6, netmask: 64, flags: SVC_F_PERSISTENT, timeout: 60 }), dests: [dest('2001:db8::5', 80, { fwdMethod: FWD_MASQ })] },
  ];

  it('-L -n', () => {
    expect(collect(fullListing(info, entries, opts({ numeric: true }), fakeResolver()))).toBe(
      [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port Scheduler Flags',
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
        'TCP  10.1.1.1:80 wlc',
        '  -> 192.168.1.2:80               Route   1      0          0         ',
        '  -> 192.168.1.3:8080             Masq    5      0          0         ',
        'FWM  7 IPv6 wlc persistent 60 mask 64',
        '  -> [2001:db8::5]:80             Masq    1      0          0         ',
        '',
      ].join('\n'),
    );
  });

  it('-L on an empty table prints the header and titles only', () => {
    expect(collect(fullListing(info, [], opts(), fakeResolver()))).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n',
    );
  });

  it('one service (§12.6): titles and the service, no version line', () => {
    expect(collect(oneServiceListing(entries[0]!, opts({ numeric: true, thresholds: true }), fakeResolver()))).toBe(
      [
        'Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn ',
        '  -> RemoteAddress:Port',
        'TCP  10.1.1.1:80 wlc',
        '  -> 192.168.1.2:80               0          0          0          0         ',
        '  -> 192.168.1.3:8080             0          0          0          0         ',
        '',
      ].join('\n'),
    );
  });

  it('structured parts carry the line kinds', () => {
    expect([...fullListingParts(info, entries, opts({ numeric: true }), fakeResolver())].map((p) => p.kind)).toEqual([
      'version', 'title', 'title', 'service', 'dest', 'dest', 'service', 'dest',
    ]);
  });

  it('streams: lines come out before later entries are produced', () => {
    let produced = 0;
    function* lazy(): Generator<ServiceEntry> {
      for (let i = 0; i < 3; i++) {
        produced++;
        yield { service: svc({ ip: `10.0.0.${i + 1}` }), dests: [] };
      }
    }
    const it = fullListing(info, lazy(), opts({ numeric: true }), fakeResolver());
    for (let i = 0; i < 4; i++) it.next();
    expect(produced).toBe(1);
  });

  it('50,000 real servers are listed line by line', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => dest(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 80));
    const ordered = orderEntries([{ service: svc({ ip: '10.1.1.1' }), dests: many }], { nosort: false });
    let count = 0;
    let bytes = 0;
    for (const line of fullListing(info, ordered, opts({ numeric: true }), fakeResolver())) {
      count++;
      bytes += line.length;
    }
    expect(count).toBe(3 + 1 + 50_000);
    expect(bytes).toBeGreaterThan(50_000 * 70);
  });

  it('orderEntries sorts services and their real servers, or keeps kernel order with --nosort', () => {
    const kernel: ServiceEntry[] = [
      { service: fwm(1), dests: [] },
      { service: svc({ ip: '10.0.0.1' }), dests: ['150.0.0.9', '100.0.0.9', '200.0.0.9', '10.0.0.9'].map((ip) => dest(ip, 80)) },
    ];
    const text = (list: ServiceEntry[]) => collect(fullListing(info, list, opts({ numeric: true }), fakeResolver()));
    expect(text(orderEntries(kernel, { nosort: false })).split('\n').slice(3, 9)).toEqual([
      'TCP  10.0.0.1:80 wlc',
      '  -> 100.0.0.9:80                 Route   1      0          0         ',
      '  -> 150.0.0.9:80                 Route   1      0          0         ',
      '  -> 200.0.0.9:80                 Route   1      0          0         ',
      '  -> 10.0.0.9:80                  Route   1      0          0         ',
      'FWM  1 wlc',
    ]);
    expect(orderEntries(kernel, { nosort: true })).toEqual(kernel);
  });
});
