// Command lines recorded through the real ipvsadm 1.31 (record-real-ipvsadm.mjs) and
// replayed against our parser (real-ipvsadm.test.ts). Each case: `args` (argv without
// argv[0]), optional `setup` (ipvsadm lines run first, their output ignored), `state: true`
// to record `ipvsadm -S -n` afterwards, optional `env`.

const S = '10.1.1.1:80';
const svc = (...more) => [['-A', '-t', S, ...more]];
const tun = (...opts) => ({ args: ['-a', '-t', S, '-r', '192.168.1.10', ...opts], setup: svc(), state: true });

export const CASES = [
  // §2.2 first option
  { args: ['-n', '-L'] }, { args: ['-nL'] }, { args: ['-tL', 'x'] }, { args: ['--foo'] }, { args: ['-V'] },
  { args: ['--add'] }, { args: ['--start-daemon'] }, { args: ['--clear=1'] }, { args: ['-C=1'] }, { args: ['-L=1'] },
  { args: ['--set=1'] }, { args: ['foo'] }, { args: [''] }, { args: ['-'] }, { args: ['--'] }, { args: ['--', '-L'] },
  { args: ['-h', 'foo'] }, { args: ['--help', '--foo'] }, { args: ['-v', '--bogus'] }, { args: ['-hX'] },
  { args: ['foo', '-L'] }, { args: ['-list'] },
  { args: ['--start-daemon', 'foo'] }, { args: ['--stop-daemon', 'foo'] }, { args: ['--start-daemon=bar', '-n'] },
  // §2.3 later options
  { args: ['-L', '-Z'] }, { args: ['-L', '-A'] }, { args: ['-LA'] }, { args: ['-L', '-h'] }, { args: ['-L', '-v'] },
  { args: ['-L', '--set'] }, { args: ['-L', '-l'] }, { args: ['-A', '-t', S, '--start-daemon', 'master'] },
  { args: ['-A', '-t', S, '--set', '1', '2', '3'] }, { args: ['-L', '--foo'] }, { args: ['-LQ'] },
  { args: ['--set', '-1', '2', '3'] }, { args: ['-L', '-t'] }, { args: ['-Lx'] }, { args: ['-A', '-t', S, '-b'] },
  { args: ['-L', '-n', '--numeric=1'] }, { args: ['-L', '--stats=1'] }, { args: ['-L', '-n=1'] }, { args: ['-Ln=1'] },
  { args: ['-A', '-t', S, '-s', 'rr', 'extra1', 'extra2'] }, { args: ['-A', '-t', 'bad', '--foo'] },
  { args: ['-A', '-t', S, '--foo', '-t', 'bad'] }, { args: ['-L', '-n', '--numeric'] }, { args: ['-L', '-nn'] },
  { args: ['-a', '-t', S, '-r', '1.1.1.1', '-m', '-i'] }, { args: ['-A', '-t', S, '-u', S] },
  { args: ['-A', '-t', S, '-f', '1'] }, { args: ['-A', '-t', S, '-t'] }, { args: ['-A', '-t', S, '-t', 'bad'] },
  { args: ['-A', '-t', S, '-p', '-p'] }, { args: ['-L', '--sort', '--sort', '-n'] }, { args: ['-C', '--sort'] },
  { args: ['-a', '-t', S, '-r', '1.1.1.1', '--sort', '--sort'], setup: svc() },
  { args: ['--set', '1', '2', '3', '-n'], env: { POSIXLY_CORRECT: '1' } },
  { args: ['--set', '1', '2', '3', '-n'], env: { POSIX_ME_HARDER: '' } }, { args: ['--set', '1', '2', '3', '-n'] },
  { args: ['--set', '1', '--', '2', '3'] }, { args: ['--set', '1', '2'] }, { args: ['--set', '1', '2', '3', '4'] },
  { args: ['--set', '0', '25', 'x'] }, { args: ['--set', '2678401', '1', '1'] }, { args: ['--set', '1', '2', '3', '-A'] },
  { args: ['-A', '-t', '!#:+', '10.1.1.9:80'], state: true }, { args: ['-A', '-t', '!#:+', '-s', 'rr', '10.1.1.8:80'], state: true },
  { args: ['-A', '-t', S, '-s', '-p'] }, { args: ['-A', '-t', S, '-s', ''], state: true },
  { args: ['-A', '-t', S, '-p', '10.1.1.2:80'] }, { args: ['-A', '-t', S, '-p', ''] }, { args: ['-A', '-t', S, '-p='] },
  { args: ['-A', '-t', S, '--persistent='] }, { args: ['-At10.1.1.1:80', '-Ap60'] }, { args: ['-At10.1.1.1:80', '-p60'], state: true },
  { args: ['-At=10.1.1.1:80', '-srr'], state: true }, { args: ['-Lnt', '10.1.1.9:80'] }, { args: ['-Ap', '-t', S], state: true },

  // §4 numbers
  ...['08', ' 7', '1e3', '2147483647', '2147483648', '', '+5', '-0', '7 ', '0x10', '65536']
    .map((w) => ({ args: ['-a', '-t', S, '-r', '192.168.1.2', '-w', w], setup: svc(), state: true })),
  ...['-1', '2147483647', 'x'].map((w) => ({ args: ['-a', '-t', S, '-r', '192.168.1.2', '-x', w, '-y', w], setup: svc() })),
  ...[' 5', '0', '-1', 'abc', '4294967296', '4294967295', '+7', '2147483648']
    .map((w) => ({ args: ['-A', '-f', w, '-p'], state: true })),
  ...['0', '1', '2678400', '2678401', '360', ' 9', 'x'].map((w) => ({ args: ['-A', '-t', S, '-p', w], state: true })),
  ...['0', '255', '256', '-1'].map((w) => ({ args: ['--stop-daemon', 'master', '--syncid', w] })),
  ...['0', '1', '65507', '65508'].map((w) => ({ args: ['--start-daemon', 'master', '--sync-maxlen', w, '--mcast-interface', 'nodev0'] })),
  ...['0', '1', '65535', '65536'].map((w) => ({ args: ['--start-daemon', 'master', '--mcast-port', w, '--mcast-interface', 'nodev0'] })),
  ...['0', '1', '255', '256'].map((w) => ({ args: ['--start-daemon', 'backup', '--mcast-ttl', w, '--mcast-interface', 'nodev0'] })),
  ...['224.0.0.81', '239.255.255.255', '240.0.0.1', '224.0.0.081', '224.1', 'ff02::1', 'fe80::1', '[ff02::1]', 'ff02::1%lo', 'x']
    .map((w) => ({ args: ['--start-daemon', 'master', '--mcast-group', w, '--mcast-interface', 'nodev0'] })),
  { args: ['--start-daemon', 'master'] }, { args: ['--start-daemon', 'master', '--mcast-interface', 'abcdefghijklmnopq'] },
  { args: ['--stop-daemon', 'backup'] }, { args: ['--stop-daemon', 'backup', '--mcast-interface', 'lo'] },
  { args: ['-L', '--syncid', '3'] },

  // §5 addresses
  ...['1.2:80', '0x0a.1:80', '127.1:80', '010.1.1.1:80', '08.1.1.1:80', '1.2.3.4.5:80', '256.1.1.1:80', '1.2.3.256:80',
    '1.16777216:80', '4294967295:80', '1.2.3.4 x:80', '1.2.3.4x:80', '[2001:db8::9]', '[2001:db8::9]:80',
    '2001:db8::9:80', '[1.2.3.4]:80', '10.1.1.1:www', '10.1.1.1:http', '10.1.1.1:65535', '10.1.1.1:65536',
    '10.1.1.1:-1', '10.1.1.1:0x50', '10.1.1.1:+81', '10.1.1.1: 82', 'localhost:80', 'ip6-localhost:80',
    '12345', '', ':80', '[::1', '[::1]x', '[::1]:', '[::1]:http', '[foo:bar]:80', '10.1.1.1:', '::ffff:1.2.3.4',
    '[::ffff:1.2.3.4]:80', '[2001:db8::1]:443', '2001:db8::1', '1.2.3.4:80:90', 'a:b:c']
    .map((w) => ({ args: ['-A', '-t', w, '-p'], state: true })),
  { args: ['-A', '-u', '1.2.3.4:www'] }, { args: ['-A', '-u', '1.2.3.4:domain'], state: true },
  { args: ['-A', '--sctp-service', '1.2.3.4:amqp'], state: true }, { args: ['-A', '--sctp-service', '1.2.3.4:http'] },
  { args: ['-A', '-t', '10.1.1.4', '-p', '10'], state: true }, { args: ['-A', '-t', '10.1.1.4'] },
  { args: ['-A', '-t', '0.0.0.0:80'], state: true }, { args: ['-A', '-u', '[::]:80'], state: true },
  // -r
  { args: ['-a', '-r', '192.168.1.8', '-t', S, '-m'], setup: svc(), state: true },
  { args: ['-a', '-r', '192.168.1.8:http', '-t', S, '-m'], setup: svc() },
  { args: ['-a', '-t', S, '-r', '192.168.1.8:http', '-m'], setup: svc(), state: true },
  { args: ['-a', '-t', S, '-r', '192.168.1.4:8080', '-g'], setup: svc(), state: true },
  { args: ['-a', '-t', S, '-r', '192.168.1.4:8080'], setup: svc(), state: true },
  { args: ['-a', '-t', S, '-r', '192.168.1.4:8080', '-i'], setup: svc(), state: true },
  { args: ['-a', '-t', S, '-r', '192.168.1.4:8080', '-m'], setup: svc(), state: true },
  { args: ['-a', '-t', S, '-r', '[2001:db8::5]:80', '-m'], setup: svc() },
  { args: ['-a', '-t', S, '-r', '[2001:db8::5]:80', '-i'], setup: svc(), state: true },
  { args: ['-a', '-t', S, '-r', '2001:db8::5', '-i'], setup: svc(), state: true },
  { args: ['-a', '-t', S, '-r', '[1.2.3.4]:99', '-m'], setup: svc(), state: true },
  { args: ['-a', '-f', '100', '-r', '192.168.1.2', '-m'], setup: [['-A', '-f', '100', '-s', 'rr']], state: true },
  { args: ['-a', '-f', '100', '-r', '192.168.1.2:http', '-m'], setup: [['-A', '-f', '100', '-s', 'rr']], state: true },
  { args: ['-a', '-f', '100', '-r', '192.168.1.2:domain', '-m'], setup: [['-A', '-f', '100', '-s', 'rr']] },
  { args: ['-a', '-f', '7', '-6', '-r', '[2001:db8::5]:80', '-m'], setup: [['-A', '-f', '7', '-6']], state: true },
  { args: ['-a', '-f', '7', '-6', '-r', '192.168.1.2', '-m'], setup: [['-A', '-f', '7', '-6']] },
  { args: ['-d', '-t', S, '-r', '192.168.1.4:8080'], setup: [...svc(), ['-a', '-t', S, '-r', '192.168.1.4:8080', '-m']], state: true },
  { args: ['-d', '-t', S, '-r', '192.168.1.4'], setup: [...svc(), ['-a', '-t', S, '-r', '192.168.1.4:80', '-m']], state: true },
  { args: ['-e', '-t', S, '-r', '192.168.1.4:8080', '-g'], setup: [...svc(), ['-a', '-t', S, '-r', '192.168.1.4:8080', '-m']] },
  { args: ['-e', '-t', S, '-r', '192.168.1.4'], setup: [...svc(), ['-a', '-t', S, '-r', '192.168.1.4', '-m', '-w', '5']], state: true },
  // -f / -6
  { args: ['-A', '-f', '5', '-6', '-6'], state: true }, { args: ['-A', '-6', '-f', '5'] }, { args: ['-A', '-t', S, '-6'] },
  { args: ['-L', '-f', '7', '-6'] }, { args: ['-Z', '-f', '7', '-6'] }, { args: ['-D', '-f', '7', '-6'] },
  // -M
  ...[['-M', '24'], ['-M', '0.0.0.0'], ['-M', 'localhost'], ['-M', '/24'], ['-M', 'foo'], ['-M', '255.255.255.0'], ['-M', '255.255.255.0 x']]
    .map((m) => ({ args: ['-A', '-t', S, '-p', ...m], state: true })),
  ...['64abc', '0', '129', 'abc', '255.255.255.0', '128', '4294967360', ' +64x']
    .map((w) => ({ args: ['-A', '-t', '[2001:db8::7]:80', '-p', '-M', w], state: true })),
  { args: ['-A', '-M', '64', '-t', '[2001:db8::7]:80', '-p'], state: true }, { args: ['-A', '-f', '1', '-M', '64', '-6', '-p'], state: true },
  { args: ['-A', '-M', '255.255.255.0', '-f', '1', '-p'], state: true }, { args: ['-A', '-f', '1', '-6', '-M', '64', '-p'], state: true },
  { args: ['-A', '-t', S, '-M', '255.255.255.0'], state: true },

  // §4 names, pe, -b, -o
  { args: ['-A', '-t', S, '-s', 'abcdefghijklmnopqrstu'] }, { args: ['-A', '-t', S, '--pe', 'sip', '-p'], state: true },
  { args: ['-A', '-t', S, '--pe', 'abcdefghijklmnopqrstu', '-p'] },
  ...[',', ',,', '', 'flag-1', ',flag-1,', 'flag-1,,flag-3', 'sh-fallback', 'bogus,sh-port', 'sh-port,bogus', 'mh-port', 'flag-2,mh-fallback', 'FLAG-1']
    .map((b) => ({ args: ['-A', '-t', S, '-b', b], state: true })),
  ...['sh', 'mh', '', 'rr'].map((s) => ({ args: ['-A', '-t', S, '-s', s, '-b', 'sh-fallback,sh-port,flag-3'], state: true })),
  { args: ['-A', '-t', S, '-s', 'mh', '-b', 'mh-fallback,mh-port', '-p', '100', '-M', '255.255.255.0'], state: true },
  { args: ['-E', '-t', S, '-b', 'flag-1'], setup: svc('-s', 'sh'), state: true },
  { args: ['-E', '-t', S, '-b', 'sh-fallback'], setup: svc('-s', 'sh'), state: true },
  { args: ['-E', '-t', S, '-p', '30'], setup: svc('-s', 'rr', '--pe', 'sip', '-p'), state: true },
  { args: ['-A', '-u', '1.2.3.14:53', '-o', '-p'], state: true }, { args: ['-A', '-t', S, '-o'] },
  { args: ['-A', '--sctp-service', '1.2.3.4:5', '-o'] }, { args: ['-A', '-f', '9', '-o'], state: true },
  { args: ['-A', '-t', '10.1.1.4', '-o'] },

  // §6 matrix and extra checks
  { args: ['-A'] }, { args: ['-E'] }, { args: ['-D'] }, { args: ['-a'] }, { args: ['-a', '-t', S] }, { args: ['-d', '-t', S] },
  { args: ['-e', '-r', '1.1.1.1'] }, { args: ['-C', '-n'] }, { args: ['-D', '-t', S, '-s', 'rr'] }, { args: ['-R', '-n'] },
  { args: ['-S', '--nosort'] }, { args: ['-S', '-n'] }, { args: ['-Z', '-n'] }, { args: ['-L', '-t', S, '-c'] },
  { args: ['-L', '-c', '-t', S] }, { args: ['-L', '--daemon', '--timeout'] }, { args: ['-L', '-c', '--stats'] },
  { args: ['-L', '-c', '--persistent-conn'] }, { args: ['-L', '--timeout', '--persistent-conn'] },
  { args: ['-L', '--daemon', '--rate'] }, { args: ['-L', '--timeout', '--thresholds'] }, { args: ['-L', '--stats', '--rate', '--thresholds'] },
  { args: ['-L', '-c', '--exact', '--nosort', '--tun-info', '--syncid', '1', '--sort', '-n'] },
  { args: ['--set', '1', '2', '3', '-n'] }, { args: ['--start-daemon', 'master', '-n'] }, { args: ['--stop-daemon', 'master', '--mcast-ttl', '3'] },
  { args: ['-A', '-t', S, '-r', '1.1.1.1', '-n'] }, { args: ['-a', '-t', S, '-r', '1.1.1.1', '-s', 'rr', '-n'] },
  { args: ['-A', '-t', '10.1.1.1', '-c', '-s', 'rr'] }, { args: ['-A', '-t', '10.1.1.1', '-o', '-n'] },
  { args: ['-A', '-t', S, 'extra', '-b', 'bogus'] }, { args: ['-A', '-t', '10.1.1.1', '-b', 'bogus', '-n'] },
  { args: ['-A', '-t', '10.1.1.1', '-o', '-b', 'sh-port'] },
  { args: ['-a', '-t', '[2001:db8::1]:80', '-r', '1.1.1.1', '--tun-csum', '-n'] },
  { args: ['-a', '-t', '[2001:db8::1]:80', '-r', '1.1.1.1', '--tun-csum'] },
  { args: ['-a', '-t', S, '-r', '192.168.1.10', '--tun-csum'] },
  // tunnels
  tun('-i'), tun('-i', '--tun-type', 'ipip'), tun('-i', '--tun-port', '5'), tun('-i', '--tun-type', 'gue'),
  tun('-i', '--tun-type', 'gue', '--tun-port', '6080'), tun('-i', '--tun-type', 'gue', '--tun-port', '6080', '--tun-csum'),
  tun('-i', '--tun-type', 'gue', '--tun-port', '6081', '--tun-nocsum'), tun('-i', '--tun-type', 'gue', '--tun-port', '6082', '--tun-remcsum'),
  tun('-i', '--tun-type', 'gue', '--tun-port', '6080', '--tun-csum', '--tun-remcsum'),
  tun('-i', '--tun-type', 'gue', '--tun-port', '6080', '--tun-nocsum', '--tun-csum'),
  tun('-i', '--tun-type', 'gre'), tun('-i', '--tun-type', 'gre', '--tun-csum'), tun('-i', '--tun-type', 'gre', '--tun-remcsum'),
  tun('-i', '--tun-type', 'gre', '--tun-csum', '--tun-nocsum'), tun('-i', '--tun-type', 'gre', '--tun-port', '5'),
  tun('-i', '--tun-type', 'GRE'), tun('-i', '--tun-type', 'gue', '--tun-port', '0'), tun('-i', '--tun-type', 'gue', '--tun-port', '65536'),
  tun('-m', '--tun-type', 'ipip'), tun('--tun-nocsum'), tun('-i', '--tun-nocsum', '--tun-type', 'gre'),
  tun('-i', '--tun-remcsum', '--tun-port', '1'), tun('-i', '-w', '0', '-x', '10', '-y', '5'),
];
