// A director with a bit of everything, and live traffic through it: NAT to a real server in
// a second namespace that answers (so replies are counted), DR to real servers that never
// answer, UDP one-packet, persistence templates, a SIP persistence-engine entry, IPv6, fwmark,
// SCTP, a mixed-family tunnel. The rules are made by the real ipvsadm.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { runRealBatch } from './transcript.js';

export const RICH_RULES = [
  '-A -t 10.1.1.1:80 -s wrr',
  '-a -t 10.1.1.1:80 -r 192.168.3.2:8080 -m -w 3',
  '-a -t 10.1.1.1:80 -r 192.168.1.2:80 -m -w 0',
  '-A -t 10.1.1.2:80 -s rr',
  '-a -t 10.1.1.2:80 -r 192.168.1.3:80 -g',
  '-a -t 10.1.1.2:80 -r 192.168.1.4:80 -g -x 100 -y 50',
  '-A -u 10.1.1.1:53 -s rr -o',
  '-a -u 10.1.1.1:53 -r 192.168.3.2:5353 -m',
  '-A -t 10.1.1.3:443 -s sh -b sh-port -p 300 -M 255.255.255.0',
  '-a -t 10.1.1.3:443 -r 192.168.3.2:8080 -m -w 2',
  // A persistence timeout longer than the UDP entry it controls: the template then never
  // re-arms (a controlling template that expires is re-armed at 60 s) while listings run.
  '-A -u 10.1.1.7:5060 -s rr -p 600 --pe sip',
  '-a -u 10.1.1.7:5060 -r 192.168.3.2:5353 -m',
  '-A -t [2001:db8::10]:80 -s wlc',
  '-a -t [2001:db8::10]:80 -r [2001:db8:3::2]:8080 -m',
  '-a -t [2001:db8::10]:80 -r [2001:db8::2]:80 -i --tun-type gue --tun-port 6080 -w 0',
  '-A -f 1 -s rr',
  '-a -f 1 -r 192.168.1.2 -g',
  '-A -f 2147483648 -6 -s rr -p 30',
  '-A --sctp-service 10.1.1.1:5672 -s rr',
  '-a --sctp-service 10.1.1.1:5672 -r 192.168.1.3 -g',
  '-A -t 10.1.1.1:22 -s lc',
  '-a -t 10.1.1.1:22 -r [2001:db8::3]:22 -i',
  '-A -t 10.1.1.8:8080 -s mh -b mh-port',
  '-a -t 10.1.1.8:8080 -r 192.168.2.2:8080 -i --tun-type gre --tun-csum',
  '--set 900 120 300',
];

// The real server: TCP 8080 that answers and keeps the connection, UDP 5353 that echoes.
const SERVER = `
const net = require('net'), dgram = require('dgram');
net.createServer((s) => { s.on('data', (d) => s.write(d)); s.on('error', () => {}); }).listen(8080, '::', () => {
  const u = dgram.createSocket('udp4');
  u.on('message', (m, r) => u.send(m, r.port, r.address));
  u.bind(5353, () => console.log('ready'));
});`;

// The client side, on the director itself (IPVS handles locally-made connections too).
const CLIENT = `
const net = require('net'), dgram = require('dgram');
const keep = [];
function tcp(host, port, close, waitMs = 2000) {
  return new Promise((done) => {
    const s = net.connect({ host, port });
    const t = setTimeout(() => { s.destroy(); done(); }, waitMs);
    s.on('error', () => { clearTimeout(t); done(); });
    s.on('connect', () => s.write('hello ' + port + '\\n'));
    s.on('data', () => { clearTimeout(t); if (close) s.end(); else keep.push(s); done(); });
  });
}
function udp(host, port, payload, count) {
  return new Promise((done) => {
    const u = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    let n = 0;
    const send = () => { if (n++ === count) { setTimeout(() => { u.close(); done(); }, 300); return; } u.send(payload, port, host, send); };
    send();
  });
}
(async () => {
  for (let i = 0; i < 5; i++) await tcp('10.1.1.1', 80, i >= 2);
  await Promise.all([0, 1, 2].map(() => tcp('10.1.1.2', 80, true, 400)));
  await udp('10.1.1.1', 53, Buffer.alloc(64, 1), 4);
  for (let i = 0; i < 2; i++) await tcp('10.1.1.3', 443, i === 1);
  const sip = 'OPTIONS sip:test@10.1.1.7 SIP/2.0\\r\\nCall-ID: test-call-id-123@host\\r\\nContent-Length: 0\\r\\n\\r\\n';
  await udp('10.1.1.7', 5060, Buffer.from(sip), 2);
  for (let i = 0; i < 2; i++) await tcp('2001:db8::10', 80, i === 1);
  await tcp('10.1.1.8', 8080, true, 300);
  console.log('done');
  setInterval(() => {}, 1 << 30);
})();`;

export interface RichState {
  /** Stops the traffic processes and removes the real server's namespace. */
  stop(): void;
}

function startIn(ns: string, script: string, expect: string): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (l) => {
      if (l === expect) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`traffic process in ${ns} exited with ${code}`)));
  });
}

/** Builds the rules in `ns` with the real ipvsadm and runs the traffic; leaves connections open. */
export async function buildRichState(ns: string): Promise<RichState> {
  const rs = `${ns}-rs`;
  execFileSync('ip', ['netns', 'add', rs]);
  const director = [
    `link add v0 type veth peer name v1 netns ${rs}`,
    'link set v0 up',
    'addr add 192.168.3.1/24 dev v0',
    'addr add 2001:db8:3::1/64 dev v0 nodad',
  ];
  const server = [
    'link set lo up',
    'link set v1 up',
    'addr add 192.168.3.2/24 dev v1',
    'addr add 2001:db8:3::2/64 dev v1 nodad',
    'route add default via 192.168.3.1',
    'route add default via 2001:db8:3::1',
  ];
  execFileSync('ip', ['-n', ns, '-batch', '-'], { input: director.join('\n') + '\n' });
  execFileSync('ip', ['-n', rs, '-batch', '-'], { input: server.join('\n') + '\n' });
  const made = await runRealBatch(ns, RICH_RULES);
  const failed = made.findIndex((o) => o.code !== 0);
  if (failed >= 0) throw new Error(`rich state: '${RICH_RULES[failed]}' failed: ${made[failed]!.stderr}`);

  const procs: ChildProcess[] = [];
  procs.push(await startIn(rs, SERVER, 'ready'));
  procs.push(await startIn(ns, CLIENT, 'done'));
  // Let the rate estimator (every 2 s) see the traffic.
  await new Promise((r) => setTimeout(r, 2500));
  return {
    stop() {
      for (const p of procs) p.kill('SIGKILL');
      try {
        execFileSync('ip', ['netns', 'del', rs], { stdio: 'ignore' });
      } catch {
        /* gone */
      }
    },
  };
}
