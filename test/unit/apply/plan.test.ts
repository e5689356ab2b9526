// The plan for each kind of change, as the dry run prints it (hand-written expectations), and
// random pairs of tables: after the apply the table is the desired one, and nothing is left to do.
import { describe, expect, it } from 'vitest';
import { apply, ipvsadm, kernelWith, saved } from './helpers.js';

const SVC = '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1\n';

const CASES: [name: string, current: string, desired: string, plan: string][] = [
  ['nothing to do', SVC, SVC, ''],
  ['scheduler', SVC, SVC.replace('-s rr', '-s wlc'), '-E -t 10.0.0.1:80 -s wlc\n'],
  ['persistence and mask', SVC, SVC.replace('-s rr', '-s rr -p 120 -M 255.255.0.0'), '-E -t 10.0.0.1:80 -s rr -p 120 -M 255.255.0.0\n'],
  ['persistence engine', SVC.replace(/-t 10.0.0.1:80/g, '-u 10.0.0.1:5060'), SVC.replace(/-t 10.0.0.1:80/g, '-u 10.0.0.1:5060').replace('-s rr', '-s rr -p 60 --pe sip'),
    '-E -u 10.0.0.1:5060 -s rr -p 60 --pe sip\n'],
  ['one-packet', SVC.replace(/-t /g, '-u '), SVC.replace(/-t /g, '-u ').replace('-s rr', '-s rr -o'), '-E -u 10.0.0.1:80 -s rr -o\n'],
  ['scheduler flags', SVC.replace('-s rr', '-s sh'), SVC.replace('-s rr', '-s sh -b sh-fallback'), '-E -t 10.0.0.1:80 -s sh -b sh-fallback\n'],
  ['weight', SVC, SVC.replace('-w 1', '-w 0'), '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 0\n'],
  ['thresholds', SVC, SVC.replace('-w 1', '-w 1 -x 10 -y 2'), '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1 -x 10 -y 2\n'],
  ['forwarding (same port)', SVC, SVC.replace('-m', '-g'), '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -g -w 1\n'],
  ['forwarding that changes the port is a new real server', SVC.replace('192.168.1.1:80', '192.168.1.1:8080'), SVC.replace('192.168.1.1:80 -m', '192.168.1.1:8080 -g'),
    '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -g -w 1\n-d -t 10.0.0.1:80 -r 192.168.1.1:8080\n'],
  ['tunnel settings', SVC.replace('-m', '-i'), SVC.replace('-m', '-i --tun-type gre --tun-csum'), '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -i -w 1 --tun-type gre --tun-csum\n'],
  ['tunnel to IPv6 real server (mixed families)', SVC, `${SVC}-a -t 10.0.0.1:80 -r [2001:db8::7]:80 -i -w 2 --tun-type gue --tun-port 6080\n`,
    '-a -t 10.0.0.1:80 -r [2001:db8::7]:80 -i -w 2 --tun-type gue --tun-port 6080 --tun-nocsum\n'],
  ['a real server replaced: the new one first', SVC, SVC.replace('192.168.1.1', '192.168.1.2'), '-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 1\n-d -t 10.0.0.1:80 -r 192.168.1.1:80\n'],
  ['a service renamed is added, then the old one deleted', SVC, SVC.replace(/10.0.0.1/g, '10.0.0.9'),
    '-A -t 10.0.0.9:80 -s rr\n-a -t 10.0.0.9:80 -r 192.168.1.1:80 -m -w 1\n-D -t 10.0.0.1:80\n'],
  ['protocol is part of a service\'s identity', SVC, SVC.replace(/-t /g, '-u '), '-A -u 10.0.0.1:80 -s rr\n-a -u 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1\n-D -t 10.0.0.1:80\n'],
  ['fwmark services, IPv4 and IPv6 with one mark', '-A -f 5 -s rr\n', '-A -f 5 -s rr\n-A -f 5 -6 -s rr\n-a -f 5 -6 -r [2001:db8::1]:0 -m -w 1\n',
    '-A -f 5 -6 -s rr\n-a -f 5 -6 -r [2001:db8::1]:0 -m -w 1\n'],
  ['IPv6 service persistence prefix', '-A -t [2001:db8::1]:80 -s rr -p 60\n', '-A -t [2001:db8::1]:80 -s rr -p 60 -M 64\n', '-E -t [2001:db8::1]:80 -s rr -p 60 -M 64\n'],
  ['everything removed', SVC, '', '-D -t 10.0.0.1:80\n'],
  ['rules files may edit and delete what they added', SVC, `${SVC}-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 4\n-A -t 10.0.0.2:80\n-D -t 10.0.0.2:80\n`,
    '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 4\n'],
  ['-C in a rules file clears what came before it', SVC, `-A -t 10.0.0.2:80\n-C\n${SVC}`, ''],
];

describe('plans, one kind of change at a time', () => {
  for (const [name, current, desired, plan] of CASES) {
    it(name, async () => {
      const kernel = await kernelWith(current);
      const dry = await apply(kernel, ['--dry-run'], desired);
      expect(dry).toEqual({ stdout: plan, stderr: '', code: 0 });
      expect((await apply(kernel, [], desired)).code).toBe(0);
      expect(await saved(kernel)).toEqual(await saved(await kernelWith(desired)));
      expect(await apply(kernel, ['--check'], desired)).toEqual({ stdout: '', stderr: '', code: 0 });
    });
  }
});

describe('--drain', () => {
  it('plans weight 0 for leaving real servers before removing them', async () => {
    const current = `${SVC}-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 5\n-A -t 10.0.0.3:80 -s rr\n-a -t 10.0.0.3:80 -r 192.168.1.3:80 -m -w 1\n`;
    const kernel = await kernelWith(current);
    const dry = await apply(kernel, ['--dry-run', '--drain', '30'], SVC);
    expect(dry.stdout).toBe(`-e -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 0
-e -t 10.0.0.3:80 -r 192.168.1.3:80 -m -w 0
-d -t 10.0.0.1:80 -r 192.168.1.2:80
-D -t 10.0.0.3:80
`);
  });
});

/** A small random number generator with a seed (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random table over a small universe of services and real servers, so that pairs overlap. */
function randomRules(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const services = ['-t 10.0.0.1:80', '-t 10.0.0.2:80', '-u 10.0.0.1:53', '-f 9', '-t [2001:db8::1]:443', '-f 9 -6'];
  const lines: string[] = [];
  for (const svc of services) {
    if (rand() < 0.35) continue;
    const v6 = svc.includes('2001') || svc.endsWith('-6');
    const opts = [pick(['-s rr', '-s wlc', '-s sh -b sh-port', '-s mh']), pick(['', '-p 300', v6 ? '-p 60 -M 64' : '-p 60 -M 255.255.255.0'])];
    lines.push(`-A ${svc} ${opts.join(' ')}`.trim());
    for (let i = 1; i <= 4; i++) {
      if (rand() < 0.4) continue;
      const addr = v6 ? `[2001:db8::1${i}]` : `192.168.1.${i}`;
      const port = svc.startsWith('-f') ? 0 : svc.includes(':53') ? 53 : 8080;
      const fwd = pick(['-m', '-m', '-g', '-i']);
      const extra = pick(['', '-x 10 -y 1', fwd === '-i' ? '--tun-type gre' : '']);
      lines.push(`-a ${svc} -r ${addr}:${port} ${fwd} -w ${pick([0, 1, 2, 7])} ${extra}`.trim());
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

describe('random pairs of tables', () => {
  const seed = Number(process.env.IPVS_APPLY_SEED ?? 20261201);
  it(`after the apply the table is -C then -R of the desired file; then nothing is left (seed ${seed})`, async () => {
    const rand = random(seed);
    for (let n = 0; n < 150; n++) {
      const current = randomRules(rand);
      const desired = randomRules(rand);
      const kernel = await kernelWith(current);
      const r = await apply(kernel, [], desired);
      expect(r, `pair ${n}\n--- current\n${current}--- desired\n${desired}`).toEqual({ stdout: '', stderr: '', code: 0 });
      expect(await saved(kernel), `pair ${n}`).toEqual(await saved(await kernelWith(desired)));
      expect((await apply(kernel, ['--check'], desired)).code, `pair ${n}`).toBe(0);
      // The dry run from the old table is -R input that gets there too.
      const again = await kernelWith(current);
      const dry = await apply(again, ['--dry-run'], desired);
      expect((await ipvsadm(again, '-R', { stdin: dry.stdout })).code, `pair ${n}`).toBe(0);
      expect(await saved(again), `pair ${n}`).toEqual(await saved(kernel));
    }
  });
});

describe('--drain, carried out', () => {
  const current = `${SVC}-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 5\n`;

  async function drained(connsLeftAfterPolls: number, seconds: number) {
    const { runApply } = await import('../../../src/commands/apply.js');
    const { readLiveTable } = await import('../../../src/commands/apply.js');
    const { capturedIo } = await import('../commands/harness.js');
    const kernel = await kernelWith(current);
    const leaving = () => kernel.services[0]!.dests.find((d) => d.addr[3] === 2);
    leaving()!.activeConns = 1;
    leaving()!.inactConns = 1;
    let clock = 0;
    let polls = 0;
    const seen: { weight: number; present: boolean }[] = [];
    const client = await kernel.open();
    const desired = (await readLiveTable(await (await kernelWith(SVC)).open()));
    const { io, stderr } = capturedIo();
    const code = await runApply(desired, { mode: 'apply', drainSeconds: seconds, json: false, pretty: false }, {
      client, io, now: () => clock, pollMs: 1000,
      sleep: async (ms) => {
        clock += ms;
        polls++;
        const d = leaving();
        seen.push({ weight: d?.weight ?? -1, present: d !== undefined });
        if (d && polls >= connsLeftAfterPolls) d.activeConns = d.inactConns = 0;
      },
    });
    return { code, stderr: stderr(), polls, seen, gone: leaving() === undefined, clock };
  }

  it('sets weight 0, keeps the real server while it has connections, removes it once they are gone', async () => {
    const r = await drained(3, 60);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.polls).toBe(3);
    expect(r.seen).toEqual([{ weight: 0, present: true }, { weight: 0, present: true }, { weight: 0, present: true }]);
    expect(r.gone).toBe(true);
  });

  it('removes it after SECONDS even with connections left', async () => {
    const r = await drained(1000, 5);
    expect(r.code).toBe(0);
    expect(r.polls).toBe(5);
    expect(r.clock).toBe(5000);
    expect(r.gone).toBe(true);
  });
});
