// Spec §4 (each option's value and message), §7 (defaults) and §10 (--set): what ends up in
// the Command, and the exact message when a value is refused.
import { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { IPVSADM_OPTIONS, OPTION_NAMES } from '../../../src/cli/options.js';
import { stringToNumber } from '../../../src/cli/c-numbers.js';
import { atoi, strtol } from '../../../src/libc/stdlib.js';
import { command, expectError } from './helpers.js';

const A = '-A -t 10.1.1.1:80';
const a = '-a -t 10.1.1.1:80 -r 192.168.1.2';

describe('the option table', () => {
  it('takes spellings and arity from commander declarations', () => {
    const byLong = (long: string) => IPVSADM_OPTIONS.find((o) => o.long === long)!;
    expect(byLong('tcp-service')).toMatchObject({ short: 't', value: 'required', name: 'service-address' });
    expect(byLong('persistent')).toMatchObject({ short: 'p', value: 'optional', name: 'persistent' });
    expect(byLong('sctp-service')).toMatchObject({ value: 'required', name: 'service-address' });
    expect(byLong('sctp-service').short).toBeUndefined();
    expect(byLong('exact')).toMatchObject({ short: 'X', value: 'none', name: 'exact' });
    expect(byLong('ipv6')).toMatchObject({ short: '6', value: 'none' });
    expect(byLong('ipv6').name).toBeUndefined();
    expect(byLong('start-daemon')).toMatchObject({ value: 'required', command: 'start-daemon' });
    expect(byLong('list')).toMatchObject({ short: 'L', command: 'list' });
    expect(byLong('tcp-service').flags).toBe('-t, --tcp-service <service-address>');
  });

  it('reads every declaration exactly as commander does', () => {
    for (const row of IPVSADM_OPTIONS) {
      const option = new Option(row.flags);
      const value = option.required ? 'required' : option.optional ? 'optional' : 'none';
      expect({ short: option.short?.slice(1), long: option.long?.slice(2), value }).toEqual({ short: row.short, long: row.long, value: row.value });
    }
  });

  it('every NAME belongs to at least one option, and short letters are unique', () => {
    for (const name of OPTION_NAMES) expect(IPVSADM_OPTIONS.some((o) => o.name === name)).toBe(true);
    const shorts = IPVSADM_OPTIONS.map((o) => o.short).filter((s) => s !== undefined);
    expect(new Set(shorts).size).toBe(shorts.length);
  });
});

describe('C number rules', () => {
  it('strtol base 10: white space and one sign first, whole string, no overflow', () => {
    expect(stringToNumber('08', 0, 10)).toBe(8);
    expect(stringToNumber(' 7', 0, 10)).toBe(7);
    expect(stringToNumber('\t+7', 0, 10)).toBe(7);
    expect(stringToNumber('-0', 0, 10)).toBe(0);
    for (const bad of ['7 ', '1e3', '0x50', '', ' ', '+', '-', '+-1', '9223372036854775808']) {
      expect(stringToNumber(bad, -100, 100000)).toBeNull();
    }
    expect(strtol('99999999999999999999', 10).overflow).toBe(true);
  });

  it('atoi: leading number, then a cast to int', () => {
    expect(atoi('64abc')).toBe(64);
    expect(atoi(' +64x')).toBe(64);
    expect(atoi('abc')).toBe(0);
    expect(atoi('4294967360')).toBe(64);
    expect(atoi('99999999999999999999')).toBe(-1); // LONG_MAX as int
  });
});

describe('§4 values', () => {
  it.each([
    ['08', 8], [' 7', 7], ['+5', 5], ['0', 0], ['2147483647', 2147483647], ['65536', 65536],
  ])('-w %j → %i', (w, n) => {
    expect(command([...`${a} -w`.split(' '), w]).dest?.weight).toBe(n);
  });

  it.each(['1e3', '2147483648', '', '7 ', '0x10', '-1'])('-w %j → illegal weight specified', (w) => {
    expectError([...`${a} -w`.split(' '), w], 'illegal weight specified');
  });

  it('thresholds', () => {
    expect(command(`${a} -x 2147483647 -y 5`).dest).toMatchObject({ uThreshold: 2147483647, lThreshold: 5 });
    expectError(`${a} -x -1`, 'illegal u_threshold specified');
    expectError(`${a} -y x`, 'illegal l_threshold specified');
    expectError(`${a} -x 2147483648`, 'illegal u_threshold specified');
  });

  it.each([[' 5', 5], ['+7', 7], ['4294967295', 4294967295], ['2147483648', 2147483648]])('-f %j → fwmark %i', (f, n) => {
    expect(command(['-A', '-f', f, '-p']).service?.fwmark).toBe(n);
  });

  it.each(['0', '-1', 'abc', '4294967296', '', '5 '])('-f %j → invalid fwmark value', (f) => {
    expectError(['-A', '-f', f], `invalid fwmark value \`${f}' specified`);
  });

  it('-p: 1 … 2678400, default 360', () => {
    expect(command(`${A} -p 1`).service?.timeout).toBe(1);
    expect(command(`${A} -p 2678400`).service?.timeout).toBe(2678400);
    expect(command(`${A} -p`).service).toMatchObject({ timeout: 360, flags: 1 });
    expect(command(`${A} -p600`).service?.timeout).toBe(600);
    expect(command(`${A} --persistent=600`).service?.timeout).toBe(600);
    expectError(`${A} -p 0`, "invalid timeout value `0' specified");
    expectError(`${A} -p 2678401`, "invalid timeout value `2678401' specified");
  });

  it('-s / --pe / --mcast-interface keep 15 / 16 / 15 bytes; -s "" means wlc', () => {
    expect(command(`${A} -s abcdefghijklmnopqrstu`).service?.scheduler).toBe('abcdefghijklmno');
    expect(command(`${A} --pe abcdefghijklmnopqrstu`).service?.pe).toBe('abcdefghijklmnop');
    expect(command('--start-daemon master --mcast-interface abcdefghijklmnopq').daemon?.mcastIfn).toBe('abcdefghijklmno');
    expect(command([...A.split(' '), '-s', '']).service?.scheduler).toBe('wlc');
    // A multi-byte character is never cut in half.
    expect(command(`${A} -s abcdefghijklmn\u00e9`).service?.scheduler).toBe('abcdefghijklmn');
  });

  it('syncid 0 … 255, sync-maxlen 1 … 65507, mcast-port 1 … 65535, mcast-ttl 1 … 255', () => {
    expect(command('--stop-daemon master --syncid 255').daemon?.syncId).toBe(255);
    expectError('--stop-daemon master --syncid 256', 'illegal syncid specified');
    expectError('--stop-daemon master --syncid -1', 'illegal syncid specified');
    expect(command('--start-daemon master --sync-maxlen 65507').daemon?.syncMaxlen).toBe(65507);
    expectError('--start-daemon master --sync-maxlen 0', 'illegal sync-maxlen specified');
    expectError('--start-daemon master --sync-maxlen 65508', 'illegal sync-maxlen specified');
    expect(command('--start-daemon master --mcast-port 65535').daemon?.mcastPort).toBe(65535);
    expectError('--start-daemon master --mcast-port 0', 'illegal mcast-port specified');
    expectError('--start-daemon master --mcast-port 65536', 'illegal mcast-port specified');
    expect(command('--start-daemon master --mcast-ttl 255').daemon?.mcastTtl).toBe(255);
    expectError('--start-daemon master --mcast-ttl 0', 'illegal mcast-ttl specified');
    expectError('--start-daemon master --mcast-ttl 256', 'illegal mcast-ttl specified');
  });

  it('--mcast-group: IPv6 multicast with a colon, else a strict IPv4 multicast dotted quad', () => {
    expect(command('--start-daemon master --mcast-group 224.0.0.81').daemon?.mcastGroup).toBe('224.0.0.81');
    expect(command('--start-daemon master --mcast-group 239.255.255.255').daemon?.mcastGroup).toBe('239.255.255.255');
    expect(command('--start-daemon master --mcast-group ff02:0::01:0').daemon?.mcastGroup).toBe('ff02::1:0');
    for (const bad of ['240.0.0.1', '224.0.0.081', '224.1', 'x', '']) {
      expectError(['--start-daemon', 'master', '--mcast-group', bad], `invalid IPv4 mcast-group \`${bad}'`);
    }
    for (const bad of ['fe80::1', '[ff02::1]', 'ff02::1%lo', ':']) {
      expectError(['--start-daemon', 'master', '--mcast-group', bad], `invalid IPv6 mcast-group \`${bad}'`);
    }
  });

  it('--tun-type ipip|gue|gre exactly; --tun-port 1 … 65535', () => {
    expect(command(`${a} -i --tun-type gre`).dest?.tunType).toBe(2);
    expect(command(`${a} -i --tun-type gue --tun-port 6080`).dest).toMatchObject({ tunType: 1, tunPort: 6080 });
    expectError(`${a} -i --tun-type GRE`, 'illegal tunnel type specified');
    expectError(`${a} -i --tun-type gue --tun-port 0`, 'illegal tunnel port specified');
    expectError(`${a} -i --tun-type gue --tun-port 65536`, 'illegal tunnel port specified');
    expect(command(`${a} -i --tun-type gue --tun-port 1 --tun-csum`).dest?.tunFlags).toBe(1);
    expect(command(`${a} -i --tun-type gue --tun-port 1 --tun-remcsum`).dest?.tunFlags).toBe(2);
    expect(command(`${a} -i --tun-type gre --tun-nocsum`).dest?.tunFlags).toBe(0);
  });

  it('forwarding methods', () => {
    expect(command(`${a} -m`).dest?.fwdMethod).toBe(0);
    expect(command(`${a} -i`).dest?.fwdMethod).toBe(2);
    expect(command(`${a} -g`).dest?.fwdMethod).toBe(3);
    expect(command(a).dest?.fwdMethod).toBe(3);
  });
});

describe('§4.2 scheduler flags', () => {
  it.each([
    ['flag-1', 'wlc', 0x08],
    [',flag-1,', 'wlc', 0x08],
    ['flag-1,,flag-3', 'wlc', 0x28],
    ['flag-2', 'wlc', 0x10],
    ['sh-fallback,sh-port,flag-3', 'sh', 0x38],
    ['mh-fallback,mh-port', 'mh', 0x18],
  ])('-b %s with -s %s → flags %i', (flags, sched, bits) => {
    expect(command(`${A} -s ${sched} -b ${flags}`).service?.flags).toBe(bits);
  });

  it.each([
    ['sh-fallback', '', "incompatible scheduler flag `sh-fallback'"],
    ['bogus,sh-port', '', "invalid scheduler flag `bogus'"],
    ['sh-port,bogus', '', "incompatible scheduler flag `sh-port'"],
    ['flag-2,mh-fallback', '', "incompatible scheduler flag `mh-fallback'"],
    ['FLAG-1', '', "invalid scheduler flag `FLAG-1'"],
    ['sh-fallback', '-s mh', "incompatible scheduler flag `sh-fallback'"],
    ['sh-fallback', '-s rr', "incompatible scheduler flag `sh-fallback'"],
  ])('-b %s %s → %s', (flags, sched, message) => {
    expectError(`${A} ${sched} -b ${flags}`, message);
  });

  it('checks against -s of this line or wlc, with -s given before or after -b', () => {
    expect(command(`${A} -b sh-port -s sh`).service?.flags).toBe(0x10);
    expectError(['-A', '-t', '10.1.1.1:80', '-s', '', '-b', 'sh-port'], "incompatible scheduler flag `sh-port'");
    // -E: the service's current scheduler does not count; no -s means wlc.
    expectError('-E -t 10.1.1.1:80 -b sh-fallback', "incompatible scheduler flag `sh-fallback'");
    expect(command('-E -t 10.1.1.1:80 -b flag-1').service).toMatchObject({ scheduler: 'wlc', flags: 0x08 });
  });

  it('-b "" is ignored; -b made of commas too (ipvsadm crashes there: deliberate difference)', () => {
    expect(command([...A.split(' '), '-b', '']).service?.flags).toBe(0);
    expect(command([...A.split(' '), '-b', ',']).service?.flags).toBe(0);
    expect(command([...A.split(' '), '-b', ',,,']).service?.flags).toBe(0);
  });

  it('keeps 127 bytes of the list', () => {
    const list = `${'flag-1,'.repeat(18)}flag-2`; // flag-2 starts at byte 126: cut to "f"
    expectError([...A.split(' '), '-b', list], "invalid scheduler flag `f'");
  });
});

describe('§10 --set', () => {
  it('three values 0 … 2678400, 0 = unchanged', () => {
    expect(command('--set 0 25 0').timeouts).toEqual({ tcp: 0, tcpFin: 25, udp: 0 });
    expect(command('--set 2678400 1 1').timeouts).toEqual({ tcp: 2678400, tcpFin: 1, udp: 1 });
  });

  it('messages, in order', () => {
    expectError('--set', '--set option requires 3 timeout values');
    expectError('--set 1 2', '--set option requires 3 timeout values');
    expectError('--set 1 2 3 4', 'unexpected argument 4');
    expectError('--set 0 25 x', "invalid timeout value `x' specified");
    expectError('--set 2678401 x 1', "invalid timeout value `2678401' specified");
    expectError('--set -1 2 3', '-1: unknown option', 255);
    expectError('--set 1 2 x 4', "invalid timeout value `x' specified");
  });
});

describe('§7 defaults in the Command', () => {
  it('-A: wlc, no persistence, /32 mask, no pe, no flags', () => {
    expect(command(A)).toEqual({
      kind: 'add-service',
      service: {
        af: 2, protocol: 6, addr: Uint8Array.from([10, 1, 1, 1, ...new Array(12).fill(0)]), port: 80, fwmark: 0,
        scheduler: 'wlc', pe: '', flags: 0, timeout: 0, netmask: 0xffffffff,
      },
      list: {
        numeric: false, connection: false, timeout: false, daemon: false, stats: false, rate: false,
        thresholds: false, persistentConn: false, nosort: false, exact: false, tunInfo: false,
      },
    });
  });

  it('-E replaces everything: absent options are defaults', () => {
    expect(command('-E -t 10.1.1.1:80').service).toMatchObject({ scheduler: 'wlc', flags: 0, timeout: 0, pe: '', netmask: 0xffffffff });
  });

  it('other commands carry an empty scheduler and the family default mask', () => {
    expect(command('-D -t 10.1.1.1:80').service).toMatchObject({ scheduler: '', netmask: 0xffffffff });
    expect(command('-L -t [2001:db8::1]:80').service).toMatchObject({ scheduler: '', netmask: 128, af: 10 });
    expect(command('-Z -f 7 -6').service).toMatchObject({ scheduler: '', netmask: 128, af: 10, fwmark: 7, protocol: 0 });
    expect(command('-d -t 10.1.1.1:80 -r 1.1.1.1').service?.scheduler).toBe('');
  });

  it('-a/-e/-d: Route, weight 1, thresholds 0, ipip', () => {
    const dest = command('-e -t 10.1.1.1:80 -r 192.168.1.4').dest;
    expect(dest).toEqual({
      af: 2, addr: Uint8Array.from([192, 168, 1, 4, ...new Array(12).fill(0)]), port: 80, fwdMethod: 3, weight: 1,
      uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0,
    });
    expect(command('-d -t 10.1.1.1:80 -r 192.168.1.4:8080').dest).toMatchObject({ port: 8080, weight: 1, fwdMethod: 3 });
  });

  it('daemons: eth0 and syncid 0 for start; optional settings only when given', () => {
    expect(command('--start-daemon master').daemon).toEqual({ state: 1, mcastIfn: 'eth0', syncId: 0 });
    expect(command(['--start-daemon', 'master', '--mcast-interface', '']).daemon?.mcastIfn).toBe('eth0');
    expect(command('--stop-daemon backup --syncid 9').daemon).toEqual({ state: 2, mcastIfn: '', syncId: 9 });
    expect(command('--start-daemon backup --mcast-interface lo --syncid 7 --sync-maxlen 1000 --mcast-group 239.1.2.3 --mcast-port 9000 --mcast-ttl 5').daemon)
      .toEqual({ state: 2, mcastIfn: 'lo', syncId: 7, syncMaxlen: 1000, mcastGroup: '239.1.2.3', mcastPort: 9000, mcastTtl: 5 });
  });

  it('list options', () => {
    const l = command('-L -n -c --exact --nosort --tun-info --persistent-conn').list;
    expect(l).toMatchObject({ numeric: true, connection: true, exact: true, nosort: true, tunInfo: true, persistentConn: true });
    expect(command('-L -X --stats --rate --thresholds').list).toMatchObject({ exact: true, stats: true, rate: true, thresholds: true });
    expect(command('-L --timeout').list.timeout).toBe(true);
    expect(command('-L --daemon').list.daemon).toBe(true);
    expect(command('-S -n').list.numeric).toBe(true);
    expect(command('-L --syncid 3').kind).toBe('list');
  });

  it('no service, dest, daemon or timeouts where the command has none', () => {
    const c = command('-Z');
    expect(c).not.toHaveProperty('service');
    expect(c).not.toHaveProperty('dest');
    expect(command('-C')).toEqual({ kind: 'flush', list: c.list });
    expect(command('-R').kind).toBe('restore');
  });
});
