// Random rule tables for ipvsadm-apply's tests (unit and kernel): a small universe of services
// and real servers, so that two tables drawn one after the other overlap and differ.

/** A small random number generator with a seed (mulberry32), so a failure can be replayed. */
export function random(seed: number): () => number {
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
export function randomRules(rand: () => number): string {
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

export const SVC = '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1\n';

/** Pairs (current table, desired file) covering every kind of change, with the plan for each. */
export const CHANGE_CASES: [name: string, current: string, desired: string, plan: string][] = [
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
