// Spec §6: the option/command matrix, the per-command rules after it, the tunnel table, and
// the order in which all checks run (§6.3).
import { describe, expect, it } from 'vitest';
import { COMMAND_COLUMNS, COMMAND_MATRIX, TUNNEL_MATRIX, checkCommandOptions, checkTunnelOptions } from '../../../src/cli/compat.js';
import { OPTION_NAMES } from '../../../src/cli/options.js';
import type { OptionName } from '../../../src/cli/options.js';
import { command, expectError } from './helpers.js';

describe('§6.1 matrix as data', () => {
  it('has rows 0..33 in the internal order, 14 columns each', () => {
    expect(COMMAND_MATRIX.map((r) => r.name)).toEqual([...OPTION_NAMES]);
    for (const row of COMMAND_MATRIX) expect(row.cells.split(' ')).toHaveLength(COMMAND_COLUMNS.length);
    expect(TUNNEL_MATRIX.map((r) => r.name)).toEqual(['tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum']);
  });

  it('required, illegal and exclusive messages', () => {
    expect(checkCommandOptions('add-service', new Set())).toBe("You need to supply the 'service-address' option for the 'add-service' command");
    expect(checkCommandOptions('flush', new Set<OptionName>(['numeric']))).toBe("Illegal 'numeric' option with the 'flush' command");
    expect(checkCommandOptions('list', new Set<OptionName>(['service-address', 'connection'])))
      .toBe("The option 'service-address' conflicts with the 'connection' option in the 'list' command");
    expect(checkCommandOptions('list', new Set<OptionName>(['timeout', 'daemon'])))
      .toBe("The option 'daemon' conflicts with the 'timeout' option in the 'list' command");
    expect(checkCommandOptions('zero', new Set<OptionName>(['service-address']))).toBeNull();
  });

  it('walks rows in order: the first problem wins', () => {
    // missing service-address (row 2) before the illegal scheduler (row 3)
    expect(checkCommandOptions('delete-service', new Set<OptionName>(['scheduler']))).toBe("You need to supply the 'service-address' option for the 'delete-service' command");
    // illegal numeric (row 0) before the missing service-address (row 2)
    expect(checkCommandOptions('add-service', new Set<OptionName>(['numeric']))).toBe("Illegal 'numeric' option with the 'add-service' command");
    // a conflict between rows 1 and 2 before the illegal scheduler of row 3
    expect(checkCommandOptions('list', new Set<OptionName>(['connection', 'service-address', 'scheduler'])))
      .toBe("The option 'service-address' conflicts with the 'connection' option in the 'list' command");
  });

  it('tunnel table', () => {
    expect(checkTunnelOptions('gue', new Set())).toBe("You need to supply the 'tun-port' option for the 'gue' tunnel type");
    expect(checkTunnelOptions('ipip', new Set(['tun-port']))).toBe("Illegal 'tun-port' option with the 'ipip' tunnel type");
    expect(checkTunnelOptions('gre', new Set(['tun-remcsum']))).toBe("Illegal 'tun-remcsum' option with the 'gre' tunnel type");
    expect(checkTunnelOptions('gre', new Set(['tun-csum', 'tun-nocsum']))).toBe("The option 'tun-csum' conflicts with the 'tun-nocsum' option in the 'gre' tunnel type");
    expect(checkTunnelOptions('gue', new Set(['tun-port', 'tun-remcsum', 'tun-csum']))).toBe("The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gue' tunnel type");
    expect(checkTunnelOptions('gue', new Set(['tun-port', 'tun-csum']))).toBeNull();
    expect(checkTunnelOptions('ipip', new Set(['tun-type']))).toBeNull();
  });
});

/** One command line per option NAME, to drive the matrix through the parser. */
const OPTION_ARGS: Record<OptionName, string> = {
  numeric: '-n', connection: '-c', 'service-address': '-t 10.1.1.1:80', scheduler: '-s rr', persistent: '-p',
  netmask: '-M 255.255.255.0', 'real-server': '-r 192.168.1.2', 'forwarding-method': '-m', weight: '-w 2',
  'u-threshold': '-x 5', 'l-threshold': '-y 1', 'mcast-interface': '--mcast-interface lo', timeout: '--timeout',
  daemon: '--daemon', stats: '--stats', rate: '--rate', thresholds: '--thresholds', 'persistent-conn': '--persistent-conn',
  nosort: '--nosort', syncid: '--syncid 1', exact: '--exact', ops: '-o', pe: '--pe sip', 'sched-flags': '-b flag-1',
  'mcast-group': '--mcast-group 224.0.0.81', 'mcast-port': '--mcast-port 8848', 'mcast-ttl': '--mcast-ttl 1',
  'sync-maxlen': '--sync-maxlen 1472', 'tun-info': '--tun-info', 'tun-type': '--tun-type ipip', 'tun-port': '--tun-port 1',
  'tun-nocsum': '--tun-nocsum', 'tun-csum': '--tun-csum', 'tun-remcsum': '--tun-remcsum',
};

/** A minimal valid line per command (its required options). */
const COMMAND_BASE: Record<string, string> = {
  'add-service': '-A', 'edit-service': '-E', 'delete-service': '-D', flush: '-C', list: '-L', 'add-server': '-a',
  'delete-server': '-d', 'edit-server': '-e', set: '--set 1 2 3', 'start-daemon': '--start-daemon master',
  'stop-daemon': '--stop-daemon master', restore: '-R', save: '-S', zero: '-Z',
};

describe('§6.1 every illegal cell through the parser', () => {
  for (const [col, cmd] of COMMAND_COLUMNS.entries()) {
    for (const row of COMMAND_MATRIX) {
      const cell = row.cells.split(' ')[col];
      if (cell !== 'x') continue;
      it(`${COMMAND_BASE[cmd]} with ${OPTION_ARGS[row.name]} is illegal`, () => {
        // Give the required options (rows before this one are all fine for the command).
        const required = COMMAND_MATRIX.filter((r) => r.cells.split(' ')[col] === '+').map((r) => OPTION_ARGS[r.name]);
        const line = [COMMAND_BASE[cmd], ...required, OPTION_ARGS[row.name]].join(' ');
        expectError(line, `Illegal '${row.name}' option with the '${cmd}' command`);
      });
    }
  }
});

describe('§6.1 notable consequences', () => {
  it.each([
    ['-A', "You need to supply the 'service-address' option for the 'add-service' command"],
    ['-a -t 10.1.1.1:80', "You need to supply the 'real-server' option for the 'add-server' command"],
    ['-e -r 1.1.1.1', "You need to supply the 'service-address' option for the 'edit-server' command"],
    ['-C -n', "Illegal 'numeric' option with the 'flush' command"],
    ['-D -t 10.1.1.1:80 -s rr', "Illegal 'scheduler' option with the 'delete-service' command"],
    ['-S --nosort', "Illegal 'nosort' option with the 'save' command"],
    ['-R -n', "Illegal 'numeric' option with the 'restore' command"],
    ['-Z -n', "Illegal 'numeric' option with the 'zero' command"],
    ['-L -t 10.1.1.1:80 -c', "The option 'service-address' conflicts with the 'connection' option in the 'list' command"],
    ['-L -c -t 10.1.1.1:80', "The option 'service-address' conflicts with the 'connection' option in the 'list' command"],
    ['-L --daemon --timeout', "The option 'daemon' conflicts with the 'timeout' option in the 'list' command"],
    ['--stop-daemon master --mcast-interface lo', "Illegal 'mcast-interface' option with the 'stop-daemon' command"],
  ])('%s → %s', (line, message) => {
    expectError(line, message);
  });

  it('accepts -L --syncid, -S -n, -Z with a service, --stop-daemon --syncid', () => {
    expect(command('-L --syncid 3').kind).toBe('list');
    expect(command('-S -n').kind).toBe('save');
    expect(command('-Z -t 10.1.1.1:80').service?.port).toBe(80);
    expect(command('--stop-daemon master --syncid 3').daemon?.syncId).toBe(3);
  });
});

describe('§6.2 per-command rules', () => {
  it('-A/-E: port zero, then -o on TCP/SCTP, then the default scheduler', () => {
    expectError('-A -t 10.1.1.4 -o', 'Zero port specified for non-persistent service');
    expectError('-A -t 10.1.1.1:80 -o', 'One-Packet Scheduling is only for UDP virtual services');
    expectError('-E --sctp-service 1.2.3.4:5 -o', 'One-Packet Scheduling is only for UDP virtual services');
    expect(command('-A -u 1.2.3.14:53 -o -p').service?.flags).toBe(0x05);
    expect(command('-A -f 9 -o').service?.flags).toBe(0x04);
  });

  it('-a/-e: port forcing, family, tunnel options vs forwarding, then the tunnel table', () => {
    expectError('-a -t 10.1.1.1:80 -r 192.168.1.10 --tun-csum', 'Tunnel options conflict with forward method');
    expectError('-a -t 10.1.1.1:80 -r 192.168.1.10 -m --tun-type ipip', 'Tunnel options conflict with forward method');
    // The family check comes first.
    expectError('-a -t [2001:db8::1]:80 -r 1.1.1.1 --tun-csum', 'Different address family is allowed only for tunneling servers');
    expectError('-a -t 10.1.1.1:80 -r 192.168.1.10 -i --tun-port 5', "Illegal 'tun-port' option with the 'ipip' tunnel type");
    expectError('-a -t 10.1.1.1:80 -r 192.168.1.10 -i --tun-type gue', "You need to supply the 'tun-port' option for the 'gue' tunnel type");
    expectError('-a -t 10.1.1.1:80 -r 192.168.1.10 -i --tun-type gre --tun-remcsum', "Illegal 'tun-remcsum' option with the 'gre' tunnel type");
    expectError('-e -t 10.1.1.1:80 -r 192.168.1.10 -i --tun-type gre --tun-csum --tun-nocsum',
      "The option 'tun-csum' conflicts with the 'tun-nocsum' option in the 'gre' tunnel type");
    expectError('-a -t 10.1.1.1:80 -r 192.168.1.10 -i --tun-type gue --tun-port 1 --tun-csum --tun-remcsum',
      "The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gue' tunnel type");
    expectError('-a -t 10.1.1.1:80 -r 192.168.1.10 -i --tun-remcsum --tun-port 1', "Illegal 'tun-port' option with the 'ipip' tunnel type");
    expect(command('-a -t 10.1.1.1:80 -r 192.168.1.10 -i --tun-nocsum --tun-type gre').dest).toMatchObject({ tunType: 2, tunFlags: 0 });
  });

  it('-L: display options that conflict', () => {
    for (const line of ['-L -c --stats', '-L --timeout --persistent-conn', '-L --daemon --rate', '-L --timeout --thresholds', '-L --daemon --persistent-conn']) {
      expectError(line, 'options conflicts in the list command');
    }
    expect(command('-L -c --persistent-conn').list).toMatchObject({ connection: true, persistentConn: true });
    expect(command('-L --stats --rate --thresholds').kind).toBe('list');
    expect(command('-L -c --exact --nosort --tun-info --syncid 1 --sort -n').list.connection).toBe(true);
  });
});

describe('§6.3 order of checks', () => {
  it('a value error during options beats everything after', () => {
    expectError('-C -n -w x', 'illegal weight specified'); // values before the matrix
    expectError('-A -t bad extra', 'illegal virtual server address[:port] specified'); // before leftovers
  });

  it('--set values before leftovers, leftovers before -b, -b before the matrix, the matrix before §6.2', () => {
    expectError('--set 1 x 3 4', "invalid timeout value `x' specified");
    expectError('-A -t 10.1.1.1:80 extra -b bogus', 'unexpected argument extra');
    expectError('-A -t 10.1.1.1 -b bogus -n', "invalid scheduler flag `bogus'");
    expectError('-A -t 10.1.1.1 -o -b sh-port', "incompatible scheduler flag `sh-port'");
    expectError('-A -t 10.1.1.1 -o -n', "Illegal 'numeric' option with the 'add-service' command");
    expectError('-a -t [2001:db8::1]:80 -r 1.1.1.1 --tun-csum -n', "Illegal 'numeric' option with the 'add-server' command");
    expectError('-L -c --stats -t 10.1.1.1:80', "The option 'service-address' conflicts with the 'connection' option in the 'list' command");
  });
});
