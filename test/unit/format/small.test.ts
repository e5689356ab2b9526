import { describe, expect, it } from 'vitest';
import { DAEMON_BACKUP, DAEMON_MASTER } from '../../../src/model.js';
import { daemonLines } from '../../../src/format/daemon.js';
import { timeoutLine } from '../../../src/format/timeouts.js';
import { colorWanted, colorizeLine, colorizeListing } from '../../../src/format/color.js';
import { fullListingParts, textOf } from '../../../src/format/list.js';
import { collect, dest, fakeResolver, svc } from './helpers.js';

describe('§12.9 --timeout', () => {
  it('prints signed decimals', () => {
    expect(timeoutLine({ tcp: 900, tcpFin: 120, udp: 300 })).toBe('Timeout (tcp tcpfin udp): 900 120 300\n');
    expect(timeoutLine({ tcp: 4294967295, tcpFin: 0, udp: 1 })).toBe('Timeout (tcp tcpfin udp): -1 0 1\n');
  });
});

describe('§12.10 --daemon', () => {
  it('reproduces the sample lines', () => {
    expect(
      daemonLines([
        { state: DAEMON_MASTER, mcastIfn: 'd0', syncId: 0, syncMaxlen: 1472, mcastGroup: '224.0.0.81', mcastPort: 8848, mcastTtl: 1 },
        { state: DAEMON_BACKUP, mcastIfn: 'd0', syncId: 7, syncMaxlen: 1024, mcastGroup: '239.1.2.3', mcastPort: 9000, mcastTtl: 5 },
      ]),
    ).toEqual([
      'master sync daemon (mcast=d0, syncid=0, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n',
      'backup sync daemon (mcast=d0, syncid=7, maxlen=1024, group=239.1.2.3, port=9000, ttl=5)\n',
    ]);
    expect(daemonLines([{ state: DAEMON_BACKUP, mcastIfn: 'd0', syncId: 0, syncMaxlen: 1452, mcastGroup: 'ff02::1234', mcastPort: 8848, mcastTtl: 1 }])).toEqual([
      'backup sync daemon (mcast=d0, syncid=0, maxlen=1452, group=ff02::1234, port=8848, ttl=1)\n',
    ]);
  });

  it('master first; optional parts only when reported non-zero; nothing when none run', () => {
    expect(
      daemonLines([
        { state: DAEMON_BACKUP, mcastIfn: 'eth1', syncId: 3 },
        { state: DAEMON_MASTER, mcastIfn: 'eth0', syncId: 0, syncMaxlen: 0, mcastPort: 0, mcastTtl: 0 },
      ]),
    ).toEqual(['master sync daemon (mcast=eth0, syncid=0)\n', 'backup sync daemon (mcast=eth1, syncid=3)\n']);
    expect(daemonLines([])).toEqual([]);
  });
});

describe('colour', () => {
  it('is wanted only on a TTY with NO_COLOR unset and a capable terminal', () => {
    expect(colorWanted(true, {})).toBe(true);
    expect(colorWanted(false, {})).toBe(false);
    expect(colorWanted(true, { NO_COLOR: '' })).toBe(false);
    expect(colorWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(true, { TERM: 'dumb' })).toBe(false);
  });

  const entries = [{ service: svc({ ip: '10.1.1.1' }), dests: [dest('192.168.1.2', 80)] }];
  const opts = { numeric: true, exact: false, stats: false, rate: false, thresholds: false, persistentConn: false, tunInfo: false };
  const info = { version: 0x010201, connTabSize: 4096 };

  it('off: bytes unchanged', () => {
    const plain = collect(textOf(fullListingParts(info, entries, opts, fakeResolver())));
    expect(collect(colorizeListing(fullListingParts(info, entries, opts, fakeResolver()), false))).toBe(plain);
  });

  it('on: only service lines are decorated, the newline stays outside', () => {
    const out = [...colorizeListing(fullListingParts(info, entries, opts, fakeResolver()), true)];
    expect(out[3]).toBe('\u001b[1mTCP  10.1.1.1:80 wlc\u001b[22m\n');
    expect(out[4]).toBe('  -> 192.168.1.2:80               Route   1      0          0         \n');
    expect(colorizeLine({ kind: 'title', text: 'x\n' }, true)).toBe('x\n');
  });
});
