// Spec §2 and §3: the command line as popt reads it for ipvsadm, the first option, later
// options, popt's own errors, duplicates, and which command each option selects.
import { describe, expect, it } from 'vitest';
import { TRY_HELP, command, expectError, parse } from './helpers.js';

describe('§2.2 the first option must be a command', () => {
  it.each([
    ['-A -t 10.1.1.1:80', 'add-service'],
    ['--add-service -t 10.1.1.1:80', 'add-service'],
    ['-E -t 10.1.1.1:80', 'edit-service'],
    ['-D -t 10.1.1.1:80', 'delete-service'],
    ['-C', 'flush'],
    ['--clear', 'flush'],
    ['-R', 'restore'],
    ['-S', 'save'],
    ['-a -t 10.1.1.1:80 -r 1.1.1.1', 'add-server'],
    ['-e -t 10.1.1.1:80 -r 1.1.1.1', 'edit-server'],
    ['-d -t 10.1.1.1:80 -r 1.1.1.1', 'delete-server'],
    ['-L', 'list'],
    ['-l', 'list'],
    ['--list', 'list'],
    ['-Z', 'zero'],
    ['--set 1 2 3', 'set'],
    ['--start-daemon master', 'start-daemon'],
    ['--stop-daemon backup', 'stop-daemon'],
  ])('%s is %s', (line, kind) => {
    expect(command(line).kind).toBe(kind);
  });

  it.each([
    '-n -L', '-nL', '-tL x', '--foo', '-V', '--add', '--start-daemon', '--clear=1', '-C=1', '-L=1',
    '--set=1', 'foo', '-X',
  ])('%s → Try …, 255', (line) => {
    expectError(line, TRY_HELP, 255);
  });

  it('no option at all, the empty argument, a lone - or -- → Try …', () => {
    expectError([''], TRY_HELP, 255);
    expectError(['-'], TRY_HELP, 255);
    expectError(['--'], TRY_HELP, 255);
    expectError(['--', '-L'], TRY_HELP, 255);
  });

  it('names argv[0] as invoked in the Try line', () => {
    expect(parse('--foo', { argv0: '/usr/sbin/ipvsadm' })).toEqual({
      type: 'error',
      message: "Try `/usr/sbin/ipvsadm -h' or '/usr/sbin/ipvsadm --help' for more information.\n",
      exitCode: 255,
      exits: true,
    });
  });

  it('-h / -v first: help or version, the rest ignored', () => {
    expect(parse('-h foo')).toEqual({ type: 'help' });
    expect(parse('--help --foo')).toEqual({ type: 'help' });
    expect(parse('-hX')).toEqual({ type: 'help' });
    expect(parse('-v --bogus')).toEqual({ type: 'version' });
    expect(parse('--version')).toEqual({ type: 'version' });
  });

  it('leftovers before the first option do not stop it', () => {
    expectError('foo -L', 'unexpected argument foo');
  });

  it('checks the daemon state at once', () => {
    expectError('--start-daemon foo', 'illegal start-daemon parameter specified');
    expectError('--stop-daemon foo', 'illegal start_daemon specified');
    expectError('--start-daemon=bar --bogus', 'illegal start-daemon parameter specified');
    expect(command('--start-daemon master').daemon?.state).toBe(1);
    expect(command('--start-daemon backup').daemon?.state).toBe(2);
    expect(command('--stop-daemon=master').daemon?.state).toBe(1);
  });
});

describe('§2.3 later options', () => {
  it.each([
    ['-L -Z', '-Z'],
    ['-L -A', '-A'],
    ['-LA', '-LA'],
    ['-L -h', '-h'],
    ['-L -v', '-v'],
    ['-L -l', '-l'],
    ['-L --set', '--set'],
    ['-A -t 10.1.1.1:80 --start-daemon master', 'master'],
    ['-A -t 10.1.1.1:80 --set 1 2 3', '--set'],
    ['--set 1 2 3 -A', '-A'],
  ])('a second command (%s) → invalid option `%s\'', (line, bad) => {
    expectError(line, `invalid option \`${bad}'`);
  });

  it.each([
    ['-L --foo', '--foo: unknown option'],
    ['-LQ', '-LQ: unknown option'],
    ['--set -1 2 3', '-1: unknown option'],
    ['-L -t', '-t: missing argument'],
    ['-Lx', '-Lx: missing argument'],
    ['-A -t 10.1.1.1:80 -b', '-b: missing argument'],
    ['-L -n --numeric=1', '--numeric=1: option does not take an argument'],
    ['-L --stats=1', '--stats=1: option does not take an argument'],
    ['-L -n=1', '-n=1: option does not take an argument'],
    ['-Ln=1', '-Ln=1: option does not take an argument'],
  ])('popt error %s → "%s", 255', (line, message) => {
    expectError(line, message, 255);
  });

  it('options before a popt error are validated first; those after are never read', () => {
    expectError('-A -t bad --foo', 'illegal virtual server address[:port] specified');
    expectError('-A -t 10.1.1.1:80 --foo -t bad', '--foo: unknown option', 255);
  });

  it('leftovers are checked after all options', () => {
    expectError('-A -t 10.1.1.1:80 -s rr extra1 extra2', 'unexpected argument extra1');
  });

  it.each([
    ['-L -n --numeric', 'numeric'],
    ['-L -nn', 'numeric'],
    ['-a -t 10.1.1.1:80 -r 1.1.1.1 -m -i', 'forwarding-method'],
    ['-a -t 10.1.1.1:80 -r 1.1.1.1 -g -g', 'forwarding-method'],
    ['-A -t 10.1.1.1:80 -u 10.1.1.1:80', 'service-address'],
    ['-A -t 10.1.1.1:80 -f 1', 'service-address'],
    ['-A -f 1 --sctp-service 1.1.1.1:1', 'service-address'],
    ['-A -t 10.1.1.1:80 -t bad', 'service-address'],
    ['-A -t 10.1.1.1:80 -p -p', 'persistent'],
    ['-L --stats --stats', 'stats'],
    ['--start-daemon master --syncid 1 --syncid 300', 'syncid'],
  ])('duplicate in %s → multiple \'%s\' options specified, before the value is read', (line, name) => {
    expectError(line, `multiple '${name}' options specified`);
  });

  it('the duplicate value is fetched by popt first (missing argument wins)', () => {
    expectError('-A -t 10.1.1.1:80 -t', '-t: missing argument', 255);
  });

  it('-6 and --sort may repeat', () => {
    expect(command('-A -f 5 -6 -6').service?.af).toBe(10);
    expect(command('-L --sort --sort -n').list.numeric).toBe(true);
    expect(command('-C --sort').kind).toBe('flush');
    expect(command('-a -t 10.1.1.1:80 -r 1.1.1.1 --sort --sort').kind).toBe('add-server');
  });
});

describe('§2.1 tokens', () => {
  it('clusters: -Ln, -Lnc, -At10.1.1.1:80, -srr, -Ap60 (then -A twice), -p=', () => {
    expect(command('-Ln').list.numeric).toBe(true);
    const lnc = command('-Lnc').list;
    expect([lnc.numeric, lnc.connection]).toEqual([true, true]);
    expect(command('-At10.1.1.1:80 -srr').service).toMatchObject({ port: 80, scheduler: 'rr' });
    expect(command('-At=10.1.1.1:80 -p60').service).toMatchObject({ port: 80, timeout: 60 });
    expectError('-At10.1.1.1:80 -Ap60', "invalid option `-Ap60'");
    expect(command('-Ap -t 10.1.1.1:80').service?.timeout).toBe(360);
    expectError('-A -t 10.1.1.1:80 -p=', "invalid timeout value `' specified");
  });

  it('-Lnt 10.1.1.9:80 takes the value from the next word', () => {
    const c = command('-Lnt 10.1.1.9:80');
    expect(c.list.numeric).toBe(true);
    expect(c.service).toMatchObject({ port: 80, protocol: 6 });
  });

  it('-list is -l -i -s t', () => {
    expectError('-list', "Illegal 'scheduler' option with the 'list' command");
  });

  it('required values may start with -; the optional -p value may not', () => {
    expect(command(['-A', '-t', '10.1.1.1:80', '-s', '-p']).service?.scheduler).toBe('-p');
    expectError('-a -t 10.1.1.1:80 -r 1.1.1.1 -w -1', 'illegal weight specified');
    expectError('-A -t 10.1.1.1:80 -p 10.1.1.2:80', "invalid timeout value `10.1.1.2:80' specified");
    expectError(['-A', '-t', '10.1.1.1:80', '--persistent='], "invalid timeout value `' specified");
    expectError(['-A', '-t', '10.1.1.1:80', '-p', ''], "invalid timeout value `' specified");
    const p = command('-A -t 10.1.1.1:80 -p -s rr').service!;
    expect([p.timeout, p.scheduler]).toEqual([360, 'rr']);
  });

  it('-- ends option parsing; --set leftovers may be interleaved with it', () => {
    expect(command('--set 1 -- 2 3').timeouts).toEqual({ tcp: 1, tcpFin: 2, udp: 3 });
  });

  it('POSIXLY_CORRECT / POSIX_ME_HARDER: the first leftover ends option parsing', () => {
    expectError('--set 1 2 3 -n', "Illegal 'numeric' option with the 'set' command");
    expectError('--set 1 2 3 -n', 'unexpected argument -n', 2, { env: { POSIXLY_CORRECT: '1' } });
    expectError('--set 1 2 3 -n', 'unexpected argument -n', 2, { env: { POSIX_ME_HARDER: '' } });
  });

  it('the !#:+ macro takes the next leftover word', () => {
    expect(command(['-A', '-t', '!#:+', '10.1.1.9:80']).service).toMatchObject({ port: 80, addr: Uint8Array.from([10, 1, 1, 9, ...new Array(12).fill(0)]) });
    // The next word not starting with '-' is taken, even a later option's value.
    expectError(['-A', '-t', '!#:+', '-s', 'rr', '10.1.1.8:80'], 'illegal virtual server address[:port] specified');
    // Nothing left to take: the text stays.
    expect(command(['-A', '-t', '10.1.1.1:80', '-s', '!#:+']).service?.scheduler).toBe('!#:+');
  });
});
