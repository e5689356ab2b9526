// Real TCP through services that our CLI configured, for every forwarding method and both
// families: a client namespace, a director and a real server. The client sends a payload and
// reads it back; the real server reports what it received and from whom. NAT runs over two
// routed veth links (replies return through the director); DR and the tunnels share one bridged
// segment, where the real server answers the client directly from the virtual address.
import { afterEach, describe, expect, it } from 'vitest';
import { ADDR, type Family, Network, type Setup, bare, nodad, routed, withPort } from './topology.js';
import { runInNetns, runOursProcess, runReal } from './transcript.js';

type Method = 'nat' | 'dr' | 'ipip' | 'gue' | 'gre';

const PORT = 8080;
const GUE_PORT = 6080;
const PAYLOAD_BYTES = 300_000;

/** The real server's device that decapsulated packets arrive on, per tunnel type and family. */
const TUNNEL_DEVICE: Record<'ipip' | 'gue' | 'gre', Record<Family, string>> = {
  ipip: { 4: 'tunl0', 6: 'ip6tnl0' },
  gue: { 4: 'tunl0', 6: 'ip6tnl0' },
  gre: { 4: 'gre0', 6: 'ip6gre0' },
};

const FORWARD_FLAGS: Record<Method, string[]> = {
  nat: ['-m'],
  dr: ['-g'],
  ipip: ['-i'],
  gue: ['-i', '--tun-type', 'gue', '--tun-port', String(GUE_PORT)],
  gre: ['-i', '--tun-type', 'gre'],
};

// Echoes what it receives; when the client half-closes, prints who sent how much.
const SERVER = `
const net = require('net'), crypto = require('crypto');
net.createServer((s) => {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  const from = s.remoteAddress, local = s.localAddress;
  s.on('data', (d) => { hash.update(d); bytes += d.length; s.write(d); });
  s.on('end', () => { console.log(JSON.stringify({ from, local, bytes, sha: hash.digest('hex') })); s.end(); });
  s.on('error', (e) => console.log(JSON.stringify({ error: String(e) })));
}).listen(${PORT}, '::', () => console.log('ready'));`;

// Sends a fixed pattern, half-closes, and reads everything back.
const CLIENT = `
const net = require('net'), crypto = require('crypto');
const [host, port, size] = process.argv.slice(-3);
const payload = Buffer.alloc(Number(size));
for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + (i >> 8)) & 0xff;
const sent = crypto.createHash('sha256').update(payload).digest('hex');
const got = crypto.createHash('sha256');
let bytes = 0;
const timer = setTimeout(() => { console.log(JSON.stringify({ error: 'timeout', bytes })); process.exit(1); }, 60000);
const s = net.connect({ host, port: Number(port) }, () => s.end(payload));
s.on('data', (d) => { got.update(d); bytes += d.length; });
s.on('end', () => { clearTimeout(timer); console.log(JSON.stringify({ sent, bytes, sha: got.digest('hex') })); });
s.on('error', (e) => { clearTimeout(timer); console.log(JSON.stringify({ error: String(e), bytes })); process.exit(1); });`;

/**
 * Client, director and real server on one bridge. The real server holds the virtual address on
 * lo without announcing it (arp_ignore/arp_announce; IPv6 answers neighbour solicitations only
 * for addresses of the receiving device), and a tunnel device up to decapsulate.
 */
function bridged(net: Network, family: Family, method: Exclude<Method, 'nat'>): Setup {
  const a = ADDR[family].bridged;
  const sw = net.ns('sw');
  const [client, director, server] = [net.ns('cl'), net.ns('dir'), net.ns('rs')];
  net.ip(sw, ['link add br0 type bridge', 'link set br0 up']);
  for (const [ns, dev, port] of [[client, 'c0', 'pc'], [director, 'd0', 'pd'], [server, 's0', 'ps']] as const) {
    net.veth(sw, port, ns, dev);
    net.ip(sw, [`link set ${port} master br0`]);
  }
  const vipLen = family === 6 ? 128 : 32;
  net.ip(client, [`addr add ${a.client}/${a.len} dev c0${nodad(family)}`]);
  // A deprecated virtual address (IPv6) is never picked as a source: the tunnels' outer source
  // must be the director's own, since the real server rejects packets from an address it holds.
  const deprecated = family === 6 ? ' preferred_lft 0' : '';
  net.ip(director, [`addr add ${a.director}/${a.len} dev d0${nodad(family)}`, `addr add ${a.vip}/${vipLen} dev d0${nodad(family)}${deprecated}`]);
  net.ip(server, [`addr add ${a.rip}/${a.len} dev s0${nodad(family)}`, `addr add ${a.vip}/${vipLen} dev lo${nodad(family)}`]);
  const sysctls = ['net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=2', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0'];
  // Tunnel endpoints are modules; loading them creates their fallback devices in every netns.
  const script = ['modprobe -a ipip ip_gre fou ip6_tunnel ip6_gre fou6', `sysctl -qw ${sysctls.join(' ')}`];
  if (method !== 'dr') {
    const dev = TUNNEL_DEVICE[method][family];
    if (method === 'gue') script.push(`ip ${family === 6 ? '-6 ' : ''}fou add port ${GUE_PORT} gue`);
    script.push(`ip link set ${dev} up`);
    if (family === 4) script.push(`sysctl -qw net.ipv4.conf.${dev}.rp_filter=0`);
  }
  net.sh(server, script.join('\n'));
  return { client, director, server, clientAddr: a.client, vip: a.vip, rip: a.rip };
}

/** Received packets of a device in `ns`, from `ip -s -j link`. */
function rxPackets(net: Network, ns: string, dev: string): number {
  const [link] = JSON.parse(net.sh(ns, `ip -s -j link show dev ${dev}`));
  return Number(link.stats64.rx.packets);
}

let net: Network | undefined;
afterEach(() => {
  net?.destroy();
  net = undefined;
});

const CASES: Array<[Method, Family]> = (['nat', 'dr', 'ipip', 'gue', 'gre'] as Method[]).flatMap((m) => [[m, 4], [m, 6]] as Array<[Method, Family]>);

describe('TCP end to end through services configured by our CLI', () => {
  it.each(CASES)('%s over IPv%d', async (method, family) => {
    net = new Network(`ipvs-${method}${family}`);
    const s = method === 'nat' ? routed(net, family) : bridged(net, family, method);
    const tunnel = method === 'nat' || method === 'dr' ? null : TUNNEL_DEVICE[method][family];
    const tunnelBefore = tunnel ? rxPackets(net, s.server, tunnel) : 0;

    const vs = withPort(family, s.vip, PORT);
    for (const args of [['-A', '-t', vs, '-s', 'rr'], ['-a', '-t', vs, '-r', withPort(family, s.rip, PORT), ...FORWARD_FLAGS[method]]]) {
      const r = await runOursProcess(s.director, { args });
      expect(r, `ipvsadm ${args.join(' ')}`).toEqual({ stdout: '', stderr: '', code: 0 });
    }

    const server = await net.start(s.server, SERVER);
    const client = await runInNetns(s.client, [process.execPath, '-e', CLIENT, '--', s.vip, String(PORT), String(PAYLOAD_BYTES)]);
    expect(client.stderr).toBe('');
    const got = JSON.parse(client.stdout);
    const diag = () => [client.stdout, net!.sh(s.server, 'ip -s link; ip -6 addr; nstat -az 2>/dev/null | grep -v " 0 " || true'), net!.sh(s.director, 'ip -6 addr; ip -6 route get ' + s.rip)].join('\n');
    expect(got.bytes, got.bytes === PAYLOAD_BYTES ? '' : diag()).toBe(PAYLOAD_BYTES);
    expect(got.sha).toBe(got.sent);

    const seen = JSON.parse((await server.lines.next()).value);
    expect(seen.bytes).toBe(PAYLOAD_BYTES);
    expect(seen.sha).toBe(got.sent);
    // Every method keeps the client's address; NAT rewrites the destination to the real
    // server, DR and the tunnels deliver to the virtual address itself.
    expect(bare(seen.from)).toBe(s.clientAddr);
    expect(bare(seen.local)).toBe(method === 'nat' ? s.rip : s.vip);
    if (tunnel) expect(rxPackets(net, s.server, tunnel)).toBeGreaterThan(tunnelBefore);

    // The director counted the connection on that real server (read with the real ipvsadm).
    // 6.1 publishes the summed counters on its 2-second estimator tick: wait for one.
    const conns = async () => {
      const stats = await runReal(s.director, '-L -n --stats --exact');
      const row = stats.stdout.split('\n').find((l) => l.startsWith(`  -> ${withPort(family, s.rip, PORT)} `));
      expect(row, stats.stdout).toBeDefined();
      return Number(row!.trim().split(/\s+/)[2]);
    };
    const published = Date.now() + 10_000;
    let n = await conns();
    while (n === 0 && Date.now() < published) {
      await new Promise((r) => setTimeout(r, 500));
      n = await conns();
    }
    expect(n).toBe(1);
  }, 120_000);
});
