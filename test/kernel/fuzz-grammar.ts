// A seeded, grammar-based generator of ipvsadm command lines and -R inputs for the
// differential fuzz test (fuzz.test.ts): every command and option, good and bad values,
// option clusters, unknown and repeated options, leftovers, long tokens, non-ASCII words.
//
// What it never generates, so that a difference is always ours to fix:
// - states whose printed order depends on the kernel's per-namespace hash: the comparator of
//   listings and -S wraps around at 2^31 and is then not transitive, so created services
//   keep every address octet below 128 and every fwmark below 2^31 (bigger marks only in
//   commands that cannot create a service), and -L never gets --nosort;
// - sync-daemon starts and stops (a known kernel stall; only invalid daemon states, which
//   fail before any kernel call), -b values made only of commas and popt's `!#:+` with no word
//   after it (the C program crashes or loops: compatibility.md #4, #5), and non-ASCII inside
//   values long enough to be cut by a C buffer (#6);
// - slow name lookups: listings are numeric; names come from the namespace's hosts file,
//   plus unknown names that fail at once (the namespace's resolver is a closed local port).
import type { Step } from './transcript.js';

// ---- randomness (mulberry32: small, fast, reproducible) ----

export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

// ---- vocabulary ----

const VIP4 = ['10.1.1.1', '10.1.1.2', '10.1.1.3', '10.1.1.4', '10.2.3.4', '127.0.0.1', 'vip.example.com', 'localhost', '127.1', '10.1.258'];
const VIP6 = ['[2001:db8::10]', '[2001:db8::11]', '[2001:db8:0:0::12]'];
const PORTS = ['80', '443', '8080', '53', 'http', 'https', 'domain', '+81', '0080'];
const SMALL_MARKS = ['1', '2', '3', '7', '100', '65535', '+9', '010'];
/** Valid marks that may only be named, never created (see the header). */
const BIG_MARKS = ['2147483648', '4294967295', '2147483647'];
const BAD_MARKS = ['0', '-1', '4294967296', 'abc', '', ' 5', '1e3', '0x10'];
const BAD_SERVICE = [
  '300.1.1.1:80', '10.1.1.1:99999', '10.1.1.1:-1', '[2001:db8::10:80', '[2001:db8::10]', '10.1.1.1:nosuchport',
  '', '1234', ':80', '10.1.1.1:', 'nosuchhost.invalid:80', '[10.1.1.1]:80x', '2001:db8::10:80', 'a:b:c',
];
const RS = [
  '192.168.1.2', '192.168.1.3:80', '192.168.1.4:8080', '192.168.1.5', '192.168.2.6:443', '10.1.1.200:80',
  'rs1', 'rs2.example.com:http', '[2001:db8::2]:80', '[2001:db8::3]:8080', '192.168.1.7:0',
];
const BAD_RS = ['224.0.0.1:80', '0.0.0.0:80', '127.0.0.1:80', 'rs.nosuch.invalid:80', '192.168.1.300', '[::1]:80', '', '192.168.1.2:70000', '[2001:db8::2]'];
const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh'];
const BAD_SCHEDULERS = ['nosuch', 'RR', '', 'averyveryverylongschedulername', 'rr,wrr', '"rr"', 'rré'];
const SCHED_FLAGS = ['flag-1', 'flag-2', 'flag-3', 'sh-fallback', 'sh-port', 'mh-fallback', 'mh-port'];
const BAD_SCHED_FLAGS = ['nonsense', 'SH-PORT', 'flag-4', 'sh-port,,', ',sh-port', ''];
const PERSIST = ['1', '30', '360', '2678400', '+60'];
const BAD_PERSIST = ['0', '2678401', '-1', 'abc', '', '99999999'];
const MASK4 = ['255.255.255.0', '255.255.0.255', '255.255.255.255', '24', '0.0.0.0', 'localhost'];
const MASK6 = ['64', '128', '1', '48', '64abc'];
const BAD_MASK = ['/24', 'foo', '129', '0', '255.255.255.0', '', '300.0.0.0'];
const NUMBERS = ['0', '1', '5', '100', '65535', '65536', '2147483647', '08', '+3'];
const BAD_NUMBERS = ['-1', '2147483648', '1e3', ' 7', 'abc', '', '0x10', '9999999999', '٣'];
const TUN_TYPES = ['ipip', 'gue', 'gre'];
const BAD_TUN_TYPES = ['vxlan', 'GUE', '', 'ipip6'];
const TUN_PORTS = ['6080', '1', '65535'];
const BAD_TUN_PORTS = ['0', '65536', '-5', 'x'];
const TIMEOUTS = ['0', '1', '30', '900', '120', '2678400'];
const BAD_TIMEOUTS = ['-1', 'abc', '', '2678401', '1.5'];
const UNKNOWN = ['--foo', '-V', '-Q', '--add', '--tcp', '--list-all', '--no-such-option', '-9', '---', '--=x'];
const NON_ASCII = ['hôte', 'rré', '٣', 'ñ', 'über:80', '🙂', '中文'];
const LEFTOVERS = ['extra', '-', 'x y', 'foo', '10.1.1.1:80'];

/** The options of -L/-l that select a listing or change its columns (never --nosort: see the header). */
const LIST_FLAGS = ['-n', '--numeric', '--stats', '--rate', '--exact', '-X', '--thresholds', '--persistent-conn', '--tun-info', '--sort'];

// ---- a predicted state, to aim changes at services that exist ----

interface Svc {
  /** Words naming the service: ['-t', '10.1.1.1:80'] or ['-f', '7', '-6']. */
  words: string[];
  port: boolean;
}

const svcOpt = (proto: string, r: Rng): string =>
  ({ t: r.pick(['-t', '--tcp-service']), u: r.pick(['-u', '--udp-service']), s: '--sctp-service' })[proto]!;

export class FuzzGrammar {
  /** Services that some earlier line may have created. */
  private known: Svc[] = [];

  constructor(private readonly r: Rng) {}

  // ---- pieces ----

  private newService(): Svc {
    const r = this.r;
    const k = r.int(10);
    if (k < 3) {
      const mark = r.pick(SMALL_MARKS);
      return { words: r.chance(0.25) ? ['-f', mark, '-6'] : [r.pick(['-f', '--fwmark-service']), mark], port: false };
    }
    const proto = r.pick(['t', 't', 't', 'u', 'u', 's']);
    const proto6 = k === 9;
    const host = proto6 ? r.pick(VIP6) : r.pick(VIP4);
    let port = r.pick(PORTS);
    if (proto !== 't' && /^[a-z]/.test(port)) port = proto === 'u' ? 'domain' : '5672';
    return { words: [svcOpt(proto, r), `${host}:${port}`], port: true };
  }

  /** An existing service most of the time, else a new one or one that cannot exist. */
  private service(creating = false): string[] {
    const r = this.r;
    if (!creating && this.known.length > 0 && r.chance(0.75)) return [...r.pick(this.known).words];
    if (!creating && r.chance(0.15)) return [r.pick(['-f', '--fwmark-service']), r.pick(BIG_MARKS), ...(r.chance(0.3) ? ['-6'] : [])];
    const s = this.newService();
    if (creating) {
      this.known.push(s);
      if (this.known.length > 40) this.known.shift();
    }
    return [...s.words];
  }

  private badService(): string[] {
    const r = this.r;
    if (r.chance(0.3)) return [r.pick(['-f', '--fwmark-service']), r.pick(BAD_MARKS)];
    return [svcOpt(r.pick(['t', 'u', 's']), r), r.pick(BAD_SERVICE)];
  }

  /** `--name value`, `--name=value`, or a short option with its value attached. */
  private valued(short: string | undefined, long: string, value: string): string[] {
    const r = this.r;
    const k = r.int(10);
    if (k < 2) return [`${long}=${value}`];
    if (short && k < 5) return [short, value];
    if (short && k === 5 && value !== '' && !value.startsWith('-')) return [`${short}${value}`];
    return [long, value];
  }

  private forwarding(): string[] {
    return [this.r.pick(['-g', '--gatewaying', '-i', '--ipip', '-m', '--masquerading'])];
  }

  private tunnel(): string[] {
    const r = this.r;
    const out = ['--tun-type', r.pick(TUN_TYPES)];
    if (out[1] === 'gue' || r.chance(0.2)) out.push(...this.valued(undefined, '--tun-port', r.pick(TUN_PORTS)));
    if (r.chance(0.4)) out.push(r.pick(['--tun-nocsum', '--tun-csum', '--tun-remcsum']));
    return out;
  }

  // ---- command lines ----

  private addOrEditService(edit: boolean): string[] {
    const r = this.r;
    const out = [edit ? r.pick(['-E', '--edit-service']) : r.pick(['-A', '--add-service']), ...this.service(!edit)];
    const sched = r.chance(0.85) ? r.pick(SCHEDULERS) : undefined;
    if (sched) out.push(...this.valued('-s', '--scheduler', sched));
    const v6 = out.some((w) => w.includes('[') || w === '-6');
    if (r.chance(0.35)) {
      if (r.chance(0.3)) out.push(r.pick(['-p', '--persistent']));
      else out.push(...this.valued('-p', '--persistent', r.pick(PERSIST)));
      if (r.chance(0.4)) out.push(...this.valued('-M', '--netmask', r.pick(v6 ? MASK6 : MASK4)));
    }
    if (r.chance(0.1)) out.push('--pe', r.pick(['sip', 'sip', 'nosuch']));
    if (r.chance(0.15)) {
      const own = sched === 'sh' ? ['sh-fallback', 'sh-port'] : sched === 'mh' ? ['mh-fallback', 'mh-port'] : [];
      const words = [...own, 'flag-1', 'flag-2', 'flag-3'].filter(() => r.chance(0.5));
      if (words.length === 0) words.push(r.pick(SCHED_FLAGS));
      out.push(...this.valued('-b', '--sched-flags', words.join(',')));
    }
    if (r.chance(0.1)) out.push(r.pick(['-o', '--ops']));
    return out;
  }

  private server(kind: 'add' | 'edit' | 'delete'): string[] {
    const r = this.r;
    const cmd = { add: ['-a', '--add-server'], edit: ['-e', '--edit-server'], delete: ['-d', '--delete-server'] }[kind];
    const out = [r.pick(cmd), ...this.service()];
    const rs = this.valued('-r', '--real-server', r.pick(RS));
    // -r before the service: its port is not known yet (a real quirk worth covering).
    if (r.chance(0.1)) out.splice(1, 0, ...rs);
    else out.push(...rs);
    if (kind === 'delete') return out;
    if (r.chance(0.8)) out.push(...this.forwarding());
    if (r.chance(0.6)) out.push(...this.valued('-w', '--weight', r.pick(NUMBERS)));
    if (r.chance(0.2)) out.push(...this.valued('-x', '--u-threshold', r.pick(NUMBERS)));
    if (r.chance(0.2)) out.push(...this.valued('-y', '--l-threshold', r.pick(NUMBERS)));
    if (r.chance(0.15)) out.push(...this.tunnel());
    return out;
  }

  private listing(): string[] {
    const r = this.r;
    const out = [r.pick(['-L', '-l', '--list'])];
    const k = r.int(20);
    if (k === 0) out.push(r.pick(['-c', '--connection']), '-n');
    else if (k === 1) out.push('--timeout');
    else if (k === 2) out.push('--daemon');
    else if (k === 3) out.push('--timeout', '--daemon', '-n');
    else if (k < 8) out.push(...this.service());
    const flags = LIST_FLAGS.filter(() => r.chance(0.12));
    // Always numeric: without -n every address not in the hosts file costs ours a getent
    // process (compatibility.md #8), which a VM without acceleration makes slow.
    if (!flags.includes('-n') && !flags.includes('--numeric')) flags.push(r.chance(0.8) ? '-n' : '--numeric');
    out.push(...flags);
    return out;
  }

  private other(): string[] {
    const r = this.r;
    switch (r.int(8)) {
      case 0:
        return [r.pick(['-D', '--delete-service']), ...this.service()];
      case 1:
        return [r.pick(['-Z', '--zero']), ...(r.chance(0.5) ? this.service() : [])];
      case 2:
        // --nosort is refused with -S (and, by the grammar, never given to -L).
        return [r.pick(['-S', '--save']), r.pick(['-n', '--numeric']), ...(r.chance(0.3) ? ['--nosort'] : [])];
      case 3: {
        const n = r.chance(0.85) ? 3 : r.pick([0, 1, 2, 4]);
        return ['--set', ...Array.from({ length: n }, () => r.pick(TIMEOUTS))];
      }
      case 4:
        // Only invalid or missing daemon states: they fail before any kernel call.
        return [
          r.pick(['--start-daemon', '--stop-daemon']), r.pick(['bogus', 'Master', 'BACKUP', '', 'masterx']),
          ...[
            ['--mcast-interface', r.pick(['lo', 'd0', 'nosuchif0'])], ['--syncid', r.pick(['0', '255', '256'])],
            ['--sync-maxlen', r.pick(['1', '1472', '65508'])], ['--mcast-group', r.pick(['224.0.0.81', 'ff02::81', '10.1.1.1'])],
            ['--mcast-port', r.pick(['8848', '0'])], ['--mcast-ttl', r.pick(['1', '256'])],
          ].filter(() => r.chance(0.4)).flat(),
        ];
      case 5:
        return r.chance(0.5) ? [r.pick(['-h', '--help']), ...(r.chance(0.5) ? [r.pick(UNKNOWN)] : [])] : [r.pick(['-v', '--version'])];
      case 6:
        return [r.pick(['-C', '--clear'])];
      default:
        return this.listing();
    }
  }

  /** A well-formed line (as far as the grammar knows); kernel errors are still likely. */
  private goodLine(): string[] {
    const r = this.r;
    const k = r.int(100);
    if (k < 2) {
      this.known = [];
      return [r.pick(['-C', '--clear'])];
    }
    if (k < 24) return this.addOrEditService(false);
    if (k < 30) return this.addOrEditService(true);
    if (k < 50) return this.server('add');
    if (k < 56) return this.server('edit');
    if (k < 61) return this.server('delete');
    if (k < 80) return this.listing();
    return this.other();
  }

  /** One way to break a line. */
  private perturb(words: string[]): string[] {
    const r = this.r;
    const w = [...words];
    const at = (): number => 1 + r.int(Math.max(1, w.length));
    switch (r.int(16)) {
      case 0: {
        // A bad value in place of a good one.
        const i = w.findIndex((x, j) => j > 0 && !x.startsWith('-'));
        const bad = r.pick([...BAD_NUMBERS, ...BAD_SCHEDULERS, ...BAD_PERSIST, ...BAD_MASK, ...BAD_TIMEOUTS, ...BAD_TUN_PORTS]);
        if (i > 0) w[i] = bad;
        else w.push(bad);
        return w;
      }
      case 1:
        return [w[0]!, ...this.badService(), ...w.slice(1).filter((x) => !/^(-[tuf]|--(tcp|udp|sctp|fwmark)-service)$/.test(x))];
      case 2: {
        const opts = [
          ['-r', r.pick(BAD_RS)], ['-s', r.pick(BAD_SCHEDULERS)], ['-b', r.pick(BAD_SCHED_FLAGS)], ['-M', r.pick(BAD_MASK)],
          ['--tun-type', r.pick(BAD_TUN_TYPES)], ['--tun-port', r.pick(BAD_TUN_PORTS)], ['-p', r.pick(BAD_PERSIST)],
          ['-w', r.pick(BAD_NUMBERS)], ['-x', r.pick(BAD_NUMBERS)], ['-y', r.pick(BAD_NUMBERS)],
        ];
        w.splice(at(), 0, ...r.pick(opts));
        return w;
      }
      case 3:
        // An option this command does not take (the compatibility matrix).
        w.splice(at(), 0, ...r.pick([
          ['-n'], ['-c'], ['--stats'], ['--nosort'], ['--timeout'], ['--daemon'], ['-o'], ['-g'], ['-6'], ['--tun-csum'],
          ['-w', '3'], ['-s', 'rr'], ['-p', '10'], ['-r', '192.168.1.2'], ['--pe', 'sip'], ['-x', '1'], ['--tun-type', 'gre'],
          ['--mcast-interface', 'lo'], ['--syncid', '3'], ['--sync-maxlen', '1400'], ['--mcast-group', '224.0.0.81'],
          ['--mcast-port', '8848'], ['--mcast-ttl', '2'], ['--rate'], ['--exact'], ['--thresholds'], ['--persistent-conn'], ['--tun-info'],
          ['-t', '10.1.1.1:80'], ['-f', '3'],
        ]));
        return w;
      case 4: {
        // A repeated option, perhaps spelled the other way.
        const opt = w.slice(1).find((x) => x.startsWith('-'));
        const twin: Record<string, string> = { '-n': '--numeric', '-s': '--scheduler', '-w': '--weight', '-m': '-i', '-g': '-m', '-t': '-u', '-p': '--persistent' };
        w.push(opt ? (twin[opt] ?? opt) : '-n', ...(opt && ['-s', '-w', '-t', '-u', '--scheduler'].includes(opt) ? ['5'] : []));
        return w;
      }
      case 5:
        w.splice(at(), 0, r.pick(UNKNOWN));
        return w;
      case 6:
        // A value given to a flag.
        w.splice(at(), 0, r.pick(['--numeric=1', '--stats=1', '-n=1', '--tun-csum=yes', '--sort=1']));
        return w;
      case 7:
        // A value missing at the end.
        w.push(r.pick(['-t', '-s', '-w', '-b', '-r', '--tun-port', '-M', '--pe', '-f', '-x']));
        return w;
      case 8:
        // Clusters of short options, with the command inside or first.
        return [r.pick(['-Ln', '-lnc', '-LA', '-Lnx', '-nL', '-LQ', '-lnX', '-Lt', '-Cn', '-Zn', '-An', '-Sn', '-SnX', '-Lc', '-aE', '-Lnt'])
          , ...w.slice(1)];
      case 9:
        // Leftover words, and the option terminator.
        w.splice(at(), 0, ...r.pick([[r.pick(LEFTOVERS)], ['--', r.pick(LEFTOVERS)], [''], ['extra1', 'extra2']]));
        return w;
      case 10: {
        // A long token (ASCII: non-ASCII at a C buffer's cut is a documented difference).
        const long = r.pick(['x', 'ab', '9', '1.']).repeat(r.pick([16, 64, 130, 300, 1500, 5000])).slice(0, 5000);
        const i = w.findIndex((x, j) => j > 0 && !x.startsWith('-'));
        if (i > 0 && r.chance(0.7)) w[i] = long;
        else w.splice(at(), 0, long);
        return w;
      }
      case 11: {
        const word = r.pick(NON_ASCII);
        const i = w.findIndex((x, j) => j > 0 && !x.startsWith('-'));
        if (i > 0 && r.chance(0.6)) w[i] = word;
        else w.splice(at(), 0, word);
        return w;
      }
      case 12:
        // The first option is not a command.
        return [r.pick(['-n', '-t', '--stats', '-6', 'foo', '', '--', '-s']), ...w];
      case 13:
        // A second command.
        w.splice(at(), 0, r.pick(['-L', '-A', '-Z', '-h', '-v', '--set', '-R', '-C', '-l', '--start-daemon']));
        return w;
      case 14: {
        // popt's argument macro, always with a word after it to take.
        const i = w.findIndex((x, j) => j > 0 && !x.startsWith('-'));
        if (i > 0) {
          const word = w[i]!;
          w[i] = '!#:+';
          w.push(word);
        }
        return w;
      }
      default:
        // -6 in the wrong place.
        w.splice(at(), 0, '-6');
        return w;
    }
  }

  /** One command line: good with probability 1 - pBad, else broken once or twice. */
  line(pBad: number): string[] {
    for (;;) {
      let w = this.goodLine();
      if (this.r.chance(pBad)) {
        w = this.perturb(w);
        if (this.r.chance(0.25)) w = this.perturb(w);
      }
      // A bad value can be a good one elsewhere (`255.255.255.0` as a VIP): draw again.
      if (!mayBreakOrder(w) && !(/^(-[lL]\w*|--list)$/.test(w[0] ?? '') && w.includes('--nosort'))) return w;
    }
  }

  /**
   * An -R input of about `n` lines: mostly good lines (so that most of it runs), sometimes
   * blank lines, `ipvsadm` words, tabs, CRLF, and an ending without a newline.
   */
  restoreInput(n: number): string {
    const r = this.r;
    const crlf = r.chance(0.1);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      if (r.chance(0.03)) {
        lines.push(r.pick(['', '   ', '\t']));
        continue;
      }
      // Words with whitespace would split differently: -R has no quoting.
      const words = this.line(0.06).filter((x) => x !== '' && !/\s/.test(x));
      if (words[0] === '-R' || words[0] === '--restore') words[0] = '-L';
      if (r.chance(0.05)) words.splice(r.int(words.length + 1), 0, 'ipvsadm');
      lines.push(words.join(r.chance(0.1) ? '\t' : ' '));
    }
    let text = lines.join(crlf ? '\r\n' : '\n');
    const end = r.int(10);
    if (end < 7) text += crlf ? '\r\n' : '\n';
    else if (end === 7) text += ' ';
    else if (end === 8) text += '  ';
    return text;
  }

  /**
   * `count` lines in all: about one in ten on the command line (each costs a process start
   * of the real ipvsadm, slow in a VM without acceleration), the rest inside -R inputs.
   */
  steps(count: number): { steps: Step[]; lines: number } {
    const r = this.r;
    const steps: Step[] = [];
    let lines = 0;
    while (lines < count) {
      if (r.chance(0.17)) {
        const n = Math.min(count - lines, 20 + r.int(50));
        const args = r.chance(0.9) ? [r.pick(['-R', '--restore'])] : [r.pick(['-R', '--restore']), r.pick(['-n', '--bogus', 'extra', '-t'])];
        steps.push({ args, stdin: this.restoreInput(n) });
        lines += n;
      } else {
        steps.push({ args: this.line(0.35) });
        lines += 1;
      }
    }
    return { steps, lines };
  }
}

/**
 * Whether a line could create a service that makes the listing order namespace-dependent
 * (see the header): an IPv4 address with an octet of 128 or more, or a fwmark of 2^31 or more.
 */
export function mayBreakOrder(words: readonly string[]): boolean {
  if (!/^(-A|--add-service|-A\w*)$/.test(words[0] ?? '')) return false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const m = /^(-[tuf]|--(?:tcp|udp|sctp|fwmark)-service)(?:=(.*))?$/.exec(w);
    if (!m) continue;
    const value = m[2] ?? words[i + 1] ?? '';
    if (m[1] === '-f' || m[1] === '--fwmark-service') {
      const n = Number(value.trim());
      if (Number.isFinite(n) && n >= 2 ** 31) return true;
    } else {
      const octets = /^\[?(\d+)\.(\d+)\.(\d+)\.(\d+)/.exec(value);
      if (octets && octets.slice(1).some((o) => Number(o) >= 128)) return true;
    }
  }
  return false;
}

/** A line as a shell would be given it, for failure reports. */
export function shellLine(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./[\]-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
