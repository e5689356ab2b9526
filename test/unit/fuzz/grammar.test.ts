// The generator of the differential fuzz test (test/kernel/fuzz-grammar.ts): reproducible
// from its seed, covering every command and option, and never producing what it promises
// to leave out (its header says why).
import { describe, expect, it } from 'vitest';
import { FuzzGrammar, mayBreakOrder, Rng } from '../../kernel/fuzz-grammar.js';

const gen = (seed: number, count = 2000) => new FuzzGrammar(new Rng(seed)).steps(count);

/** Every command line of a run, -R input lines split into words as -R does. */
function allLines(seed: number): string[][] {
  const out: string[][] = [];
  for (const s of gen(seed).steps) {
    out.push(s.args);
    if (s.stdin !== undefined) for (const l of s.stdin.split('\n')) out.push(l.split(/[ \t\r]+/).filter((w) => w && w !== 'ipvsadm'));
  }
  return out;
}

const COMMANDS = ['-A', '-E', '-D', '-C', '-R', '-S', '-a', '-e', '-d', '-L', '-l', '-Z', '--set', '--start-daemon', '--stop-daemon', '-h', '-v',
  '--add-service', '--edit-service', '--delete-service', '--clear', '--list', '--add-server', '--edit-server', '--delete-server',
  '--restore', '--save', '--zero', '--help', '--version'];
const OPTIONS = ['-t', '--tcp-service', '-u', '--udp-service', '--sctp-service', '-f', '--fwmark-service', '-6', '-s', '--scheduler',
  '-p', '--persistent', '-M', '--netmask', '--pe', '-b', '--sched-flags', '-o', '--ops', '-r', '--real-server', '-g', '--gatewaying',
  '-i', '--ipip', '-m', '--masquerading', '-w', '--weight', '-x', '--u-threshold', '-y', '--l-threshold', '--tun-type', '--tun-port',
  '--tun-nocsum', '--tun-csum', '--tun-remcsum', '-n', '--numeric', '-c', '--connection', '--timeout', '--daemon', '--stats', '--rate',
  '--thresholds', '--persistent-conn', '--tun-info', '--nosort', '--sort', '-X', '--exact', '--mcast-interface', '--syncid',
  '--sync-maxlen', '--mcast-group', '--mcast-port', '--mcast-ttl'];

describe('fuzz grammar', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    expect(gen(42)).toEqual(gen(42));
    expect(gen(42)).not.toEqual(gen(43));
  });

  it('gives at least the lines asked for, on the command line and in -R inputs', () => {
    const { steps, lines } = gen(7, 2000);
    expect(lines).toBeGreaterThanOrEqual(2000);
    const restores = steps.filter((s) => s.stdin !== undefined);
    expect(restores.length).toBeGreaterThan(10);
    expect(steps.length - restores.length).toBeGreaterThan(150);
  });

  it('covers every command and option, long and non-ASCII words, clusters and unknown options', () => {
    const words = new Set([1, 2, 3].flatMap((seed) => allLines(seed)).flat().map((w) => w.replace(/=.*$/, '')));
    for (const w of [...COMMANDS, ...OPTIONS]) expect(words, w).toContain(w);
    const flat = [...words];
    expect(flat.some((w) => w.length >= 1000)).toBe(true);
    expect(flat.some((w) => /[^\x00-\x7f]/.test(w))).toBe(true);
    expect(flat).toContain('-LA');
    expect(flat).toContain('--foo');
  });

  it('never creates order-breaking services, lists with --nosort, runs a daemon or crashes the C program', () => {
    for (const seed of [1, 2, 3]) {
      for (const l of allLines(seed)) {
        expect(mayBreakOrder(l), l.join(' ')).toBe(false);
        if (/^(-[lL]\w*|--list)$/.test(l[0] ?? '')) expect(l, l.join(' ')).not.toContain('--nosort');
        if (l[0] === '--start-daemon' || l[0] === '--stop-daemon') expect(['master', 'backup']).not.toContain(l[1]);
        const b = l.findIndex((w) => w === '-b' || w === '--sched-flags');
        if (b >= 0 && l[b + 1] !== undefined) expect(l[b + 1], l.join(' ')).not.toMatch(/^,+$/);
      }
    }
  });

  it('flags the services that would make the order namespace-dependent', () => {
    expect(mayBreakOrder(['-A', '-t', '192.168.1.1:80'])).toBe(true);
    expect(mayBreakOrder(['-A', '-f', '2147483648'])).toBe(true);
    expect(mayBreakOrder(['--add-service', '--fwmark-service=4294967295'])).toBe(true);
    expect(mayBreakOrder(['-A', '-t', '10.1.1.1:80'])).toBe(false);
    expect(mayBreakOrder(['-E', '-f', '2147483648'])).toBe(false);
  });
});
