import { describe, expect, it } from 'vitest';
import {
  AF_INET6,
  FWD_LOCALNODE,
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
} from '../../../src/model.js';
import type { ServiceEntry } from '../../../src/format/list.js';
import { destRuleLine, saveLines, serviceRuleLine } from '../../../src/format/save.js';
import { collect, dest, fakeResolver, fwm, svc } from './helpers.js';

const N = { numeric: true, resolver: fakeResolver() };

/** The rules that produce the §14 sample, in its (sorted) order. */
const SAMPLE_ENTRIES: ServiceEntry[] = [
  {
    service: svc({ ip: '10.1.1.1', port: 80 }),
    dests: [
      dest('192.168.1.2', 80),
      dest('192.168.1.3', 8080, { fwdMethod: FWD_MASQ, weight: 5 }),
      dest('192.168.1.5', 80, { fwdMethod: FWD_TUNNEL }),
    ],
  },
  {
    service: svc({ ip: '10.1.1.2', port: 80, scheduler: 'rr' }),
    dests: [
      dest('192.168.1.10', 80, { fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GUE, tunPort: 6080, tunFlags: TUN_FLAG_CSUM }),
      dest('192.168.1.14', 80, { fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GRE, tunFlags: TUN_FLAG_NOCSUM, uThreshold: 50, lThreshold: 5 }),
    ],
  },
  { service: svc({ ip: '10.1.1.3', port: 0, flags: SVC_F_PERSISTENT, timeout: 360 }), dests: [] },
  { service: svc({ ip: '200.1.1.1', port: 443, scheduler: 'mh', flags: SVC_F_PERSISTENT | SVC_F_SCHED2, timeout: 100, netmask: 0xffffff00 }), dests: [] },
  { service: svc({ ip: '1.1.1.1', port: 443, scheduler: 'sh', flags: SVC_F_PERSISTENT | SVC_F_SCHED1 | SVC_F_SCHED2, timeout: 360 }), dests: [] },
  { service: svc({ ip: '10.1.1.1', protocol: IPPROTO_UDP, port: 53, scheduler: 'rr', flags: SVC_F_ONEPACKET }), dests: [] },
  { service: svc({ ip: '10.1.1.1', protocol: IPPROTO_SCTP, port: 5672, scheduler: 'lc' }), dests: [] },
  { service: svc({ ip: '2001:db8::1', port: 443, flags: SVC_F_PERSISTENT, timeout: 30, netmask: 48, pe: 'sip' }), dests: [] },
  { service: fwm(7, { af: AF_INET6, flags: SVC_F_PERSISTENT, timeout: 60, netmask: 64 }), dests: [dest('2001:db8::5', 80, { fwdMethod: FWD_MASQ })] },
  { service: fwm(100, { scheduler: 'rr' }), dests: [dest('192.168.1.2', 0, { fwdMethod: FWD_MASQ })] },
];

const SAMPLE = `-A -t 10.1.1.1:80 -s wlc
-a -t 10.1.1.1:80 -r 192.168.1.2:80 -g -w 1
-a -t 10.1.1.1:80 -r 192.168.1.3:8080 -m -w 5
-a -t 10.1.1.1:80 -r 192.168.1.5:80 -i -w 1 --tun-type ipip
-A -t 10.1.1.2:80 -s rr
-a -t 10.1.1.2:80 -r 192.168.1.10:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
-a -t 10.1.1.2:80 -r 192.168.1.14:80 -i -w 1 --tun-type gre --tun-nocsum
-A -t 10.1.1.3:0 -s wlc -p 360
-A -t 200.1.1.1:443 -s mh -p 100 -M 255.255.255.0 -b mh-port
-A -t 1.1.1.1:443 -s sh -p 360 -b sh-fallback,sh-port
-A -u 10.1.1.1:53 -s rr -o
-A --sctp-service 10.1.1.1:5672 -s lc
-A -t [2001:db8::1]:443 -s wlc -p 30 -M 48 --pe sip
-A -f 7 -6 -s wlc -p 60 -M 64
-a -f 7 -6 -r [2001:db8::5]:80 -m -w 1
-A -f 100 -s rr
-a -f 100 -r 192.168.1.2:0 -m -w 1
`;

describe('§14 -S', () => {
  it('reproduces the sample line by line (-S -n)', () => {
    const got = [...saveLines(SAMPLE_ENTRIES, true, fakeResolver())];
    const want = SAMPLE.split(/(?<=\n)/);
    expect(got).toEqual(want);
  });

  it('an empty table prints nothing', () => {
    expect(collect(saveLines([], true, fakeResolver()))).toBe('');
  });

  it('names without -n, never cut to listing widths', () => {
    const resolver = fakeResolver({
      '10.1.1.7': 'a-very-long-hostname-for-testing-truncation.example.com',
      '2001:db8::7': 'v6rs.example.com',
      '192.168.1.9': 'another-very-long-realserver.example.com',
    });
    const entries: ServiceEntry[] = [
      { service: svc({ ip: '10.1.1.1' }), dests: [dest('192.168.1.9', 80)] },
      { service: svc({ ip: '10.1.1.7', port: 22 }), dests: [] },
      { service: svc({ ip: '2001:db8::1', port: 8080 }), dests: [dest('2001:db8::7', 8080, { fwdMethod: FWD_MASQ })] },
      { service: fwm(5), dests: [dest('192.168.1.2', 80, { fwdMethod: FWD_MASQ })] },
    ];
    expect(collect(saveLines(entries, false, resolver))).toBe(
      [
        '-A -t 10.1.1.1:http -s wlc',
        '-a -t 10.1.1.1:http -r another-very-long-realserver.example.com:http -g -w 1',
        '-A -t a-very-long-hostname-for-testing-truncation.example.com:ssh -s wlc',
        '-A -t [2001:db8::1]:http-alt -s wlc',
        '-a -t [2001:db8::1]:http-alt -r [v6rs.example.com]:http-alt -m -w 1',
        '-A -f 5 -s wlc',
        '-a -f 5 -r 192.168.1.2:80 -m -w 1',
        '',
      ].join('\n'),
    );
  });

  it('-b with no word for sh/mh flag-3 leaves a trailing space', () => {
    expect(serviceRuleLine(svc({ ip: '10.1.1.5', scheduler: 'sh', flags: SVC_F_SCHED3 }), N)).toBe('-A -t 10.1.1.5:80 -s sh -b \n');
    expect(serviceRuleLine(svc({ ip: '10.1.1.5', scheduler: 'wrr', flags: SVC_F_SCHED1 | SVC_F_SCHED3 }), N)).toBe('-A -t 10.1.1.5:80 -s wrr -b flag-1,flag-3\n');
  });

  it('--pe is saved even without persistence; -M only with persistence and non-default', () => {
    expect(serviceRuleLine(svc({ ip: '10.1.1.2', scheduler: 'rr', pe: 'sip' }), N)).toBe('-A -t 10.1.1.2:80 -s rr --pe sip\n');
    expect(serviceRuleLine(svc({ ip: '10.1.1.2', netmask: 0xffffff00 }), N)).toBe('-A -t 10.1.1.2:80 -s wlc\n');
    expect(serviceRuleLine(svc({ ip: '10.1.1.2', flags: SVC_F_PERSISTENT, timeout: 5, netmask: 0xffffffff }), N)).toBe('-A -t 10.1.1.2:80 -s wlc -p 5\n');
    expect(serviceRuleLine(svc({ ip: '10.1.1.2', flags: SVC_F_PERSISTENT, timeout: 5, netmask: 24 }), N)).toBe('-A -t 10.1.1.2:80 -s wlc -p 5 -M 0.0.0.24\n');
    expect(serviceRuleLine(svc({ ip: '2001:db8::1', flags: SVC_F_PERSISTENT, timeout: 5, netmask: 128 }), N)).toBe('-A -t [2001:db8::1]:80 -s wlc -p 5\n');
  });

  it('fwmarks save as signed numbers; unknown protocols as --xxx-service', () => {
    expect(serviceRuleLine(fwm(4294967295), N)).toBe('-A -f -1 -s wlc\n');
    expect(serviceRuleLine(fwm(2147483648, { af: AF_INET6 }), N)).toBe('-A -f -2147483648 -6 -s wlc\n');
    expect(serviceRuleLine(svc({ ip: '10.1.1.1', protocol: 50 }), N)).toBe('-A --xxx-service 10.1.1.1:80 -s wlc\n');
  });

  it('forwarding switches and tunnel suffixes; thresholds never saved', () => {
    const s = svc({ ip: '10.1.1.2' });
    const line = (over: Parameters<typeof dest>[2]) => destRuleLine(s, dest('192.168.1.10', 80, over), N);
    expect(line({ fwdMethod: FWD_LOCALNODE, uThreshold: 9, lThreshold: 1 })).toBe('-a -t 10.1.1.2:80 -r 192.168.1.10:80 -g -w 1\n');
    expect(line({ fwdMethod: 5 })).toBe('-a -t 10.1.1.2:80 -r 192.168.1.10:80 (null) -w 1\n');
    expect(line({ fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GUE, tunPort: 6082, tunFlags: TUN_FLAG_REMCSUM })).toBe(
      '-a -t 10.1.1.2:80 -r 192.168.1.10:80 -i -w 1 --tun-type gue --tun-port 6082 --tun-remcsum\n',
    );
    expect(line({ fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GUE, tunPort: 6081, tunFlags: TUN_FLAG_NOCSUM })).toBe(
      '-a -t 10.1.1.2:80 -r 192.168.1.10:80 -i -w 1 --tun-type gue --tun-port 6081 --tun-nocsum\n',
    );
    expect(line({ fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GRE, tunFlags: TUN_FLAG_CSUM })).toBe(
      '-a -t 10.1.1.2:80 -r 192.168.1.10:80 -i -w 1 --tun-type gre --tun-csum\n',
    );
    expect(line({ fwdMethod: FWD_MASQ, tunType: TUN_TYPE_GUE, tunPort: 6081 })).toBe('-a -t 10.1.1.2:80 -r 192.168.1.10:80 -m -w 1\n');
    expect(line({ fwdMethod: FWD_MASQ, weight: 2147483647 })).toBe('-a -t 10.1.1.2:80 -r 192.168.1.10:80 -m -w 2147483647\n');
  });
});
