// ipvsadm-apply on a kernel. For many pairs (current table, desired file): after the apply,
// the real ipvsadm's -S -n equals what the real ipvsadm shows after -C then -R of the same
// file (as sets: -S order carries no meaning here); a second run has nothing to do; --check
// exits 0, and 1 after a single change made with the real ipvsadm. Then live TCP through a
// kept NAT service across an apply (and across ipvsadm-restore, which stalls it), and --drain.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIC_DR } from '../apply/keepalived-samples.js';
import { CHANGE_CASES, random, randomRules } from '../apply/tables.js';
import { createNetns, deleteNetns } from './netns.js';
import { Network, routed, withPort } from './topology.js';
import { Agent, runOursProcess, runRealBatch, type Outcome } from './transcript.js';

const sortedSave = (o: Outcome) => o.stdout.split('\n').filter(Boolean).sort();

describe('ipvsadm-apply against -C then -R, judged by the real ipvsadm', () => {
  let applied: string;
  let restored: string;
  let agent: Agent;
  beforeAll(() => {
    applied = createNetns('ipvsap');
    restored = createNetns('ipvsar');
    agent = new Agent(applied);
  });
  afterAll(async () => {
    await agent.close();
    deleteNetns(applied);
    deleteNetns(restored);
  });

  /** Sets up `current`, applies `desired`, and compares with a restore of `desired`. */
  async function applyPair(current: string, desired: string, label: string): Promise<void> {
    const [flushed, setUp] = await runRealBatch(applied, ['-C', { args: ['-R'], stdin: current }]);
    expect([flushed!.code, setUp!.code, setUp!.stderr], `${label}: setting up`).toEqual([0, 0, '']);
    const r = await agent.apply({ args: [], stdin: desired });
    expect(r, `${label}: apply`).toEqual({ stdout: '', stderr: '', code: 0 });
    const [afterApply] = await runRealBatch(applied, ['-S -n']);
    const [, , wanted] = await runRealBatch(restored, ['-C', { args: ['-R'], stdin: desired }, '-S -n']);
    expect(sortedSave(afterApply!), `${label}\n--- current\n${current}--- desired\n${desired}`).toEqual(sortedSave(wanted!));
    expect(await agent.apply({ args: ['--check'], stdin: desired }), `${label}: --check after`).toEqual({ stdout: '', stderr: '', code: 0 });
  }

  for (const [name, current, desired] of CHANGE_CASES) {
    it(name, async () => {
      await applyPair(current, desired, name);
    });
  }

  it('random pairs (seed printed; IPVS_APPLY_SEED and IPVS_APPLY_COUNT to replay or extend)', async () => {
    const seed = Number(process.env.IPVS_APPLY_SEED ?? Date.now() % 1_000_000);
    const count = Number(process.env.IPVS_APPLY_COUNT ?? 20);
    console.log(`apply random pairs: IPVS_APPLY_SEED=${seed} IPVS_APPLY_COUNT=${count}`);
    const rand = random(seed);
    for (let n = 0; n < count; n++) await applyPair(randomRules(rand), randomRules(rand), `seed ${seed} pair ${n}`);
  }, 600_000);

  it('--check exits 1 after any single change made with the real ipvsadm, and shows the way back', async () => {
    const desired = `-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1
-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 2
-A -f 9 -6 -s wlc
-a -f 9 -6 -r [2001:db8::2]:0 -i -w 1 --tun-type gre
`;
    const drifts: [string, string][] = [
      ['-E -t 10.0.0.1:80 -s wlc', '-E -t 10.0.0.1:80 -s rr\n'],
      ['-e -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 0', '-e -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 2\n'],
      ['-e -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 2 -x 7', '-e -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 2\n'],
      ['-d -t 10.0.0.1:80 -r 192.168.1.1:80', '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1\n'],
      ['-a -t 10.0.0.1:80 -r 192.168.1.3:80 -m', '-d -t 10.0.0.1:80 -r 192.168.1.3:80\n'],
      ['-A -u 10.0.0.1:53', '-D -u 10.0.0.1:53\n'],
      ['-D -f 9 -6', '-A -f 9 -6 -s wlc\n-a -f 9 -6 -r [2001:db8::2]:0 -i -w 1 --tun-type gre --tun-nocsum\n'],
      ['-e -f 9 -6 -r [2001:db8::2]:0 -i -w 1 --tun-type ipip', '-e -f 9 -6 -r [2001:db8::2]:0 -i -w 1 --tun-type gre --tun-nocsum\n'],
    ];
    for (const [change, plan] of drifts) {
      const [, setUp, changed] = await runRealBatch(applied, ['-C', { args: ['-R'], stdin: desired }, change]);
      expect([setUp!.code, changed!.code, changed!.stderr], change).toEqual([0, 0, '']);
      expect(await agent.apply({ args: ['--check'], stdin: desired }), change).toEqual({ stdout: plan, stderr: '', code: 1 });
      expect((await agent.apply({ args: [], stdin: desired })).code, change).toBe(0);
      expect((await agent.apply({ args: ['--check'], stdin: desired })).code, change).toBe(0);
    }
  }, 300_000);

  it('the installed launcher: a bad file changes nothing and says where', async () => {
    const [, setUp] = await runRealBatch(applied, ['-C', { args: ['-R'], stdin: CHANGE_CASES[0]![1] }]);
    expect(setUp!.code).toBe(0);
    const r = await runOursProcess(applied, { args: ['-'], stdin: '-A -t 10.0.0.5:80\n-a -t 10.0.0.6:80 -r 10.1.1.1:80\n' }, 'ipvsadm-apply');
    expect(r).toEqual({ stdout: '', stderr: '-:2:1: Service not defined\n', code: 2 });
    const [saved] = await runRealBatch(applied, ['-S -n']);
    expect(saved!.stdout).toBe('-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1\n');
  });
});

// ---- live TCP ----

const PORT = 8080;

// An echo server on PORT and PORT+1.
const ECHO_SERVER = `
const net = require('net');
let up = 0;
for (const port of [${PORT}, ${PORT + 1}]) {
  net.createServer((s) => { s.on('error', () => {}); s.pipe(s); }).listen(port, '::', () => { if (++up === 2) console.log('ready'); });
}`;

// One long-lived connection driven by stdin: "ping N" sends N bytes and prints "pong TOTAL"
// once TOTAL bytes have come back; "rst" resets the connection (IPVS then holds the entry in
// CLOSE for 10 s, not TIME_WAIT for 2 minutes).
const PINGER = `
const net = require('net');
const [host, port] = process.argv.slice(-2);
const pending = [];
let sent = 0, got = 0;
const s = net.connect({ host, port: Number(port) }, () => console.log('ready'));
s.on('data', (d) => { got += d.length; while (pending.length && got >= pending[0]) console.log('pong ' + pending.shift()); });
s.on('error', (e) => console.log('error ' + e.message));
require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'rst') { s.resetAndDestroy(); console.log('reset'); return; }
  const n = Number(line.split(' ')[1]);
  sent += n;
  pending.push(sent);
  s.write(Buffer.alloc(n, 7));
});`;

class Pinger {
  private lines: AsyncIterableIterator<string>;
  private child;
  private total = 0;
  constructor(ns: string, host: string, port: number) {
    this.child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', PINGER, '--', host, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = createInterface({ input: this.child.stdout! })[Symbol.asyncIterator]();
  }
  async ready(): Promise<void> {
    const first = await this.lines.next();
    if (first.value !== 'ready') throw new Error(`pinger: ${String(first.value)}`);
  }
  /** Sends `bytes` and waits up to `ms` for them to come back: true when they did. */
  async ping(bytes = 1000, ms = 10_000): Promise<boolean> {
    this.total += bytes;
    this.child.stdin!.write(`ping ${bytes}\n`);
    return this.expectLine(`pong ${this.total}`, ms);
  }
  /** Sends `bytes`: 'pong' when they came back within `ms`, 'timeout', or the connection's error. */
  async send(bytes: number, ms: number): Promise<string> {
    try {
      return (await this.ping(bytes, ms)) ? 'pong' : 'timeout';
    } catch (e) {
      return (e as Error).message.replace(/^pinger: /, '');
    }
  }
  async reset(): Promise<void> {
    this.child.stdin!.write('rst\n');
    if (!(await this.expectLine('reset', 10_000))) throw new Error('pinger did not reset');
  }
  private pendingLine?: Promise<IteratorResult<string>>;
  private async expectLine(line: string, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      this.pendingLine ??= this.lines.next();
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const r = await Promise.race([this.pendingLine, new Promise<null>((res) => setTimeout(() => res(null), left))]);
      if (r === null) return false;
      this.pendingLine = undefined;
      if (r.done) return false;
      if (r.value.startsWith('error')) throw new Error(`pinger: ${r.value}`);
      if (r.value === line) return true;
    }
  }
  close(): void {
    this.child.kill('SIGKILL');
  }
}

describe('a live TCP connection through a NAT service', () => {
  let net: Network | undefined;
  let pinger: Pinger | undefined;
  afterEach(() => {
    pinger?.close();
    net?.destroy();
    pinger = net = undefined;
  });

  it('carries data before, during and after an apply that changes other services and keeps the service; ipvsadm-restore makes the service anew', async () => {
    net = new Network('ipvs-apply');
    const s = routed(net, 4);
    const vs = withPort(4, s.vip, PORT);
    const rs = withPort(4, s.rip, PORT);
    const before = [
      `-A -t ${vs} -s rr`, `-a -t ${vs} -r ${rs} -m -w 1`,
      `-A -t ${withPort(4, s.vip, 9000)} -s rr`, `-a -t ${withPort(4, s.vip, 9000)} -r ${withPort(4, s.rip, 9000)} -m`,
      '-A -u 10.9.9.9:53 -s wlc', '-a -u 10.9.9.9:53 -r 10.9.9.10:53 -m',
    ].join('\n') + '\n';
    const after = [
      `-A -t ${vs} -s rr`, `-a -t ${vs} -r ${rs} -m -w 1`,
      `-A -t ${withPort(4, s.vip, 9000)} -s wlc -p 60`, `-a -t ${withPort(4, s.vip, 9000)} -r ${withPort(4, s.rip, 9001)} -m -w 3`,
      ...Array.from({ length: 40 }, (_, i) => [`-A -t 10.8.0.${i + 1}:80 -s rr`, `-a -t 10.8.0.${i + 1}:80 -r 10.9.0.${i + 1}:80 -m`]).flat(),
    ].join('\n') + '\n';

    expect(await runOursProcess(s.director, { args: [], stdin: before }, 'ipvsadm-apply')).toEqual({ stdout: '', stderr: '', code: 0 });
    await net.start(s.server, ECHO_SERVER);
    pinger = new Pinger(s.client, s.vip, PORT);
    await pinger.ready();
    expect(await pinger.ping(), 'before').toBe(true);

    // During: pings go on while the apply runs; every one comes back.
    let applying = true;
    const applyRun = runOursProcess(s.director, { args: [], stdin: after }, 'ipvsadm-apply').finally(() => { applying = false; });
    let during = 0;
    while (applying) {
      expect(await pinger.ping(1000, 10_000), `ping ${during} during the apply`).toBe(true);
      during++;
    }
    expect(await applyRun).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(during).toBeGreaterThan(0);
    expect(await pinger.ping(), 'after').toBe(true);
    const [check] = await runRealBatch(s.director, ['-S -n']);
    expect(check!.stdout.split('\n').filter(Boolean).length).toBe(2 + 2 + 80);

    // The service's own counters go on across the apply: the service was never deleted.
    // (6.1 publishes them on its 2-second estimator tick: polled.)
    const serviceConns = async () => {
      const [stats] = await runRealBatch(s.director, ['-L -n --stats --exact']);
      const line = stats!.stdout.split('\n').find((l) => l.startsWith(`TCP  ${vs} `));
      return Number(line?.trim().split(/\s+/)[2]);
    };
    let conns = await serviceConns();
    for (const until = Date.now() + 10_000; conns !== 1 && Date.now() < until;) conns = await serviceConns();
    expect(conns, 'the kept service still counts its connection').toBe(1);

    // ipvsadm-restore of the same file is `ipvsadm -C` then `ipvsadm -R`. A packet of the
    // connection that arrives between the two meets a director without the service: run as
    // those two steps, with one echo sent in between, the connection is reset (measured on
    // 6.1 and 6.12; a plain ipvsadm-restore under pings reset it too, when a packet fell in
    // its window).
    expect(await runOursProcess(s.director, '-C')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await pinger.send(1000, 10_000), 'an echo between the flush and the restore').toBe('error read ECONNRESET');
    expect(await runOursProcess(s.director, { args: ['-R'], stdin: after })).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await serviceConns(), 'the service made anew counts nothing').toBe(0);
    expect(await runOursProcess(s.director, { args: [], stdin: after }, 'ipvsadm-restore')).toEqual({ stdout: '', stderr: '', code: 0 });
    const [restoredRules] = await runRealBatch(s.director, ['-S -n']);
    expect(restoredRules!.stdout.split('\n').filter(Boolean).length).toBe(84);
  }, 240_000);

  it('--drain: the leaving real server gets weight 0, stays while its connection lives, is gone once it closed', async () => {
    net = new Network('ipvs-drain');
    const s = routed(net, 4);
    const vs = withPort(4, s.vip, PORT);
    const leaving = withPort(4, s.rip, PORT + 1);
    const staying = withPort(4, s.rip, PORT);
    expect(await runOursProcess(s.director, { args: [], stdin: `-A -t ${vs} -s rr\n-a -t ${vs} -r ${leaving} -m -w 1\n` }, 'ipvsadm-apply'))
      .toEqual({ stdout: '', stderr: '', code: 0 });
    await net.start(s.server, ECHO_SERVER);
    pinger = new Pinger(s.client, s.vip, PORT);
    await pinger.ready();
    expect(await pinger.ping()).toBe(true);

    const started = Date.now();
    const drain = runOursProcess(s.director, { args: ['--drain', '120'], stdin: `-A -t ${vs} -s rr\n-a -t ${vs} -r ${staying} -m -w 1\n` }, 'ipvsadm-apply');
    let done: Outcome | undefined;
    void drain.then((o) => { done = o; });
    const row = async (rip: string) => {
      const [list] = await runRealBatch(s.director, ['-L -n']);
      return list!.stdout.split('\n').find((l) => l.startsWith(`  -> ${rip} `))?.trim().split(/\s+/);
    };
    // Weight 0 (columns: ->, address, method, weight, active, inactive), the new one beside it.
    let leavingRow = await row(leaving);
    while (leavingRow?.[3] !== '0' && Date.now() - started < 60_000) leavingRow = await row(leaving);
    expect(leavingRow).toEqual(['->', leaving, 'Masq', '0', '1', '0']);
    expect(await row(staying)).toEqual(['->', staying, 'Masq', '1', '0', '0']);
    // It stays while the connection lives, and the connection still carries data.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await pinger.ping()).toBe(true);
    expect(done).toBeUndefined();
    expect(await row(leaving)).toBeDefined();

    await pinger.reset();
    const closed = Date.now();
    const outcome = await drain;
    expect(outcome).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await row(leaving)).toBeUndefined();
    // Gone after the kernel let go of the closed connection (CLOSE lasts 10 s), well before the 120 s.
    const waited = (Date.now() - closed) / 1000;
    console.log(`drain: removed ${waited.toFixed(1)} s after the connection was reset`);
    expect(waited).toBeLessThan(60);
  }, 240_000);
});


// ---- keepalived.conf ----


const GROUPS = `virtual_server_group web {
  10.1.1.10 80
  10.1.1.20-22 80
  fwmark 7
}
virtual_server group web {
  lb_algo wlc
  lb_kind NAT
  protocol TCP
  real_server 192.168.1.5 8080 {
    weight 2
    HTTP_GET {
      url {
        path /health
        status_code 200
      }
    }
  }
}
`;

const FWMARK_IPV6_PERSISTENCE = `virtual_server fwmark 100 {
  lb_algo sh
  sh-port
  lb_kind DR
  persistence_timeout 600
  persistence_granularity 255.255.255.0
  real_server 192.168.1.7 0 {
    weight 3
  }
}
virtual_server 2001:db8::10 443 {
  lb_algo rr
  lb_kind TUN
  protocol TCP
  persistence_timeout
  persistence_granularity 64
  real_server 2001:db8::20 443 {
    weight 1
  }
}
`;

const INCLUDED: Record<string, string> = {
  'sip.conf': `virtual_server 10.1.1.30 5060 {
  protocol UDP
  lb_algo rr
  persistence_timeout 60
  persistence_engine sip
  real_server 192.168.1.8 5060 {
    weight 1
  }
}
`,
  'dns.conf': `virtual_server 10.1.1.40 53 {
  protocol UDP
  lb_algo rr
  ops
  real_server 192.168.1.9 53 {
    weight 1
    MISC_CHECK {
      misc_path "/usr/local/bin/check dns"
    }
  }
}
`,
};

describe('ipvsadm-apply --format keepalived, judged by the real ipvsadm -S -n', () => {
  let n: string;
  let agent: Agent;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvs-keepalived-'));
  beforeAll(() => {
    n = createNetns('ipvska');
    agent = new Agent(n);
    fs.mkdirSync(path.join(dir, 'conf.d'));
    for (const [name, text] of Object.entries(INCLUDED)) fs.writeFileSync(path.join(dir, 'conf.d', name), text);
    fs.writeFileSync(path.join(dir, 'keepalived.conf'), `global_defs {\n  router_id LVS\n}\ninclude conf.d/*.conf\n`);
  });
  afterAll(async () => {
    await agent.close();
    deleteNetns(n);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const CASES: [string, string[], string | null, string[]][] = [
    ['the classic LVS-DR sample', ['-'], CLASSIC_DR, [
      '-A -t 192.168.200.254:80 -s rr',
      '-a -t 192.168.200.254:80 -r 192.168.200.103:80 -g -w 1',
      '-a -t 192.168.200.254:80 -r 192.168.200.104:80 -g -w 1',
    ]],
    ['virtual_server_group: addresses, a range and a fwmark', ['-'], GROUPS, [
      '-A -f 7 -s wlc', '-a -f 7 -r 192.168.1.5:8080 -m -w 2',
      ...['10', '20', '21', '22'].flatMap((h) => [`-A -t 10.1.1.${h}:80 -s wlc`, `-a -t 10.1.1.${h}:80 -r 192.168.1.5:8080 -m -w 2`]),
    ]],
    ['fwmark, IPv6, persistence and its mask', ['-'], FWMARK_IPV6_PERSISTENCE, [
      '-A -f 100 -s sh -p 600 -M 255.255.255.0 -b sh-port', '-a -f 100 -r 192.168.1.7:0 -g -w 3',
      '-A -t [2001:db8::10]:443 -s rr -p 360 -M 64', '-a -t [2001:db8::10]:443 -r [2001:db8::20]:443 -i -w 1 --tun-type ipip',
    ]],
    ['include with a glob, UDP with a persistence engine and one-packet scheduling', [path.join(dir, 'keepalived.conf')], null, [
      '-A -u 10.1.1.30:5060 -s rr -p 60 --pe sip', '-a -u 10.1.1.30:5060 -r 192.168.1.8:5060 -m -w 1',
      '-A -u 10.1.1.40:53 -s rr -o', '-a -u 10.1.1.40:53 -r 192.168.1.9:53 -m -w 1',
    ]],
  ];

  for (const [name, args, stdin, rules] of CASES) {
    it(name, async () => {
      const [flushed] = await runRealBatch(n, ['-C']);
      expect(flushed!.code).toBe(0);
      const r = await agent.apply({ args: ['--format', 'keepalived', ...args], stdin: stdin ?? '' });
      expect(r, name).toEqual({ stdout: '', stderr: '', code: 0 });
      const [saved] = await runRealBatch(n, ['-S -n']);
      expect(sortedSave(saved!)).toEqual([...rules].sort());
      expect(await agent.apply({ args: ['--format', 'keepalived', '--check', ...args], stdin: stdin ?? '' })).toEqual({ stdout: '', stderr: '', code: 0 });
    });
  }
});
