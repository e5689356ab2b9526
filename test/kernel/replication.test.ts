// Connection synchronisation between two directors, the reason a director pair runs sync
// daemons: the same NAT service configured by our CLI on both, our master daemon on one and our
// backup daemon on the other, joined by a veth link carrying the multicast; real TCP through the
// master; the backup's connection table, as the real ipvsadm and ours list it, holds the
// synced entries. Both daemons are stopped before any namespace is deleted.
import { afterEach, describe, expect, it } from 'vitest';
import { syncThreadsSettled } from './sync-threads.js';
import { Network } from './topology.js';
import { type Outcome, runOursProcess, runReal } from './transcript.js';

const VIP = '10.0.1.100';
const RIP = '10.0.2.2';
const CLIENT = '10.0.1.2';
const PORT = 8080;

// Holds every connection open and answers each line, so the master sees traffic both ways.
const SERVER = `
const net = require('net');
net.createServer((s) => { s.on('data', (d) => s.write(d)); s.on('error', () => {}); }).listen(${PORT}, () => console.log('ready'));`;

// Opens N connections to the service, talks on each, and keeps them open.
const CLIENTS = `
const net = require('net');
const [host, port, n] = process.argv.slice(-3);
const keep = [];
let done = 0;
for (let i = 0; i < Number(n); i++) {
  const s = net.connect({ host, port: Number(port) }, () => {
    let replies = 0;
    s.on('data', () => { if (++replies < 5) s.write('ping ' + replies + '\\n'); else if (++done === Number(n)) console.log('ready'); });
    s.write('ping 0\\n');
  });
  s.on('error', (e) => { console.log('error ' + e); process.exit(1); });
  keep.push(s);
}`;

interface Pair {
  master: string;
  backup: string;
  client: string;
  server: string;
}

/** Client — master director — real server (NAT), and a backup director on a sync link. */
function directorPair(net: Network): Pair {
  const [client, master, server, backup] = [net.ns('cl'), net.ns('m'), net.ns('rs'), net.ns('b')];
  // IPv6 link-local addresses usable at once on the sync link (no duplicate detection wait).
  for (const ns of [master, backup]) net.sh(ns, 'sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0');
  net.veth(client, 'c0', master, 'dc');
  net.veth(master, 'ds', server, 's0');
  net.veth(master, 'sync0', backup, 'sync1');
  net.ip(client, ['addr add 10.0.1.2/24 dev c0', 'route add default via 10.0.1.1']);
  net.ip(master, ['addr add 10.0.1.1/24 dev dc', `addr add ${VIP}/32 dev dc`, 'addr add 10.0.2.1/24 dev ds', 'addr add 10.0.5.1/24 dev sync0']);
  net.ip(server, [`addr add ${RIP}/24 dev s0`, 'route add default via 10.0.2.1']);
  net.ip(backup, ['addr add 10.0.5.2/24 dev sync1']);
  net.sh(master, 'sysctl -qw net.ipv4.ip_forward=1');
  return { master, backup, client, server };
}

async function ours(ns: string, line: string): Promise<Outcome> {
  return runOursProcess(ns, line);
}

async function expectOk(ns: string, line: string): Promise<void> {
  expect(await ours(ns, line), `ipvsadm ${line}`).toEqual({ stdout: '', stderr: '', code: 0 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Synced rows of the backup (`-L -n -c`, real ipvsadm): entries from the client to the VIP. */
async function syncedRows(backup: string, want: number): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await runReal(backup, '-L -n -c');
    const rows = r.stdout.split('\n').filter((l) => l.includes(` ${CLIENT}:`) && l.includes(` ${VIP}:${PORT} `));
    if (rows.length >= want || Date.now() > deadline) return rows;
    await sleep(1000);
  }
}

let net: Network | undefined;
let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Daemons first: a namespace deleted under a running daemon holds up later daemon commands.
  for (const stop of stops) {
    await syncThreadsSettled(); // a stop before a new thread has run gets no answer (sync-threads.ts)
    await stop();
  }
  stops = [];
  net?.destroy();
  net = undefined;
});

const CONNECTIONS = 3;

describe('sync daemons replicate connections from master to backup', () => {
  it.each([
    ['the default group', '--syncid 5', '--syncid 5'],
    ['a chosen IPv4 group, port and TTL', '--syncid 9 --mcast-group 239.1.2.3 --mcast-port 8850 --mcast-ttl 2', '--syncid 9 --mcast-group 239.1.2.3 --mcast-port 8850'],
    ['an IPv6 group', '--syncid 3 --mcast-group ff02::1:5 --mcast-port 8851', '--syncid 3 --mcast-group ff02::1:5 --mcast-port 8851'],
  ])('over %s', async (_what, masterOpts, backupOpts) => {
    net = new Network('ipvs-sync');
    const p = directorPair(net);
    for (const ns of [p.master, p.backup]) {
      await expectOk(ns, `-A -t ${VIP}:${PORT} -s rr`);
      await expectOk(ns, `-a -t ${VIP}:${PORT} -r ${RIP}:${PORT} -m`);
    }
    await expectOk(p.backup, `--start-daemon backup --mcast-interface sync1 ${backupOpts}`);
    stops.push(() => expectOk(p.backup, '--stop-daemon backup'));
    await expectOk(p.master, `--start-daemon master --mcast-interface sync0 ${masterOpts}`);
    stops.push(() => expectOk(p.master, '--stop-daemon master'));
    // Both sides list their daemon as the real ipvsadm does.
    for (const [ns, role] of [[p.master, 'master'], [p.backup, 'backup']] as const) {
      const real = await runReal(ns, '-L --daemon');
      expect(real.stdout).toContain(`${role} sync daemon`);
      expect(await ours(ns, '-L --daemon')).toEqual(real);
    }

    await net.start(p.server, SERVER);
    await net.start(p.client, CLIENTS, [VIP, String(PORT), String(CONNECTIONS)]);

    const rows = await syncedRows(p.backup, CONNECTIONS);
    expect(rows, 'synced entries on the backup').toHaveLength(CONNECTIONS);
    for (const row of rows) expect(row).toMatch(new RegExp(`^TCP \\d\\d:\\d\\d  ESTABLISHED ${CLIENT.replace(/\./g, '\\.')}:\\d+ +${VIP.replace(/\./g, '\\.')}:${PORT} +${RIP.replace(/\./g, '\\.')}:${PORT}`));

    // Ours lists the backup's table as the real one does (expire columns tick between runs).
    const masked = (o: Outcome) => o.stdout.replace(/^(\S+ )\d+:\d\d /gm, '$1MM:SS ');
    const before = await runReal(p.backup, '-L -n -c');
    const mine = await ours(p.backup, '-L -n -c');
    expect(mine.code).toBe(0);
    expect(masked(mine)).toBe(masked(before));
  }, 240_000);
});
