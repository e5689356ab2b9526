// The field printer's JSON side: exact 64-bit counters, --pretty, documents valid against the
// schema for synthetic states the recorded fixture lacks (huge counters, sync daemons, every
// flag and tunnel), the model's own JSON.stringify, and failures leaving stdout empty.
import { describe, expect, it } from 'vitest';
import type { Context } from '../../../src/commands/context.js';
import { list } from '../../../src/commands/list.js';
import { save } from '../../../src/commands/save.js';
import { parseCommandLine } from '../../../src/cli/parse.js';
import { daemonsJSON, listingJSON, rulesJSON, timeoutsJSON } from '../../../src/format/documents.js';
import { fullListing } from '../../../src/format/list.js';
import { jsonText } from '../../../src/format/render-json.js';
import { saveLines } from '../../../src/format/save.js';
import { daemonLines } from '../../../src/format/daemon.js';
import { timeoutLine } from '../../../src/format/timeouts.js';
import {
  DAEMON_BACKUP, DAEMON_MASTER, FWD_MASQ, FWD_TUNNEL, IPPROTO_UDP, SVC_F_ONEPACKET, SVC_F_PERSISTENT,
  SVC_F_SCHED1, SVC_F_SCHED2, SVC_F_SCHED3, TUN_FLAG_CSUM, TUN_FLAG_REMCSUM, TUN_TYPE_GRE, TUN_TYPE_GUE, emptyStats,
} from '../../../src/model.js';
import type { Service } from '../../../src/model.js';
import { decodeDestination, decodeService, encodeServiceAttrs } from '../../../src/netlink/codec.js';
import { encodeAttrs } from '../../../src/netlink/schema.js';
import { DEST_SCHEMA } from '../../../src/netlink/tables.js';
import { NlWriter } from '../../../src/netlink/wire.js';
import { modelJSON } from '../../../src/netlink/model-json.js';
import { IpvsError } from '../../../src/netlink/errors.js';
import { disagreements, parseExact } from '../../json/agree.js';
import { schemaErrors } from '../../json/schema.js';
import { collect, dest, fakeResolver, fwm, svc } from './helpers.js';

const BIG = (1n << 64n) - 1n; // beyond 2^53: a Number would round it
const opts = (over = {}) => ({ numeric: true, exact: false, stats: false, rate: false, thresholds: false, persistentConn: false, tunInfo: false, ...over });
const info = { version: 0x010201, connTabSize: 4096 };

function richEntries() {
  const big = { ...emptyStats(), conns: BIG, inpkts: (1n << 53n) + 1n, outpkts: 7n, inbytes: BIG - 1n, outbytes: 123_456_789_012_345n, cps: 1n, inpps: BIG, outpps: 2n, inbps: 3n, outbps: (1n << 40n) };
  return [
    {
      service: svc({ ip: '10.1.1.1', port: 443, scheduler: 'sh', flags: SVC_F_PERSISTENT | SVC_F_SCHED1 | SVC_F_SCHED2 | SVC_F_SCHED3, timeout: 300, netmask: 0xffffff00, stats64: big }),
      dests: [
        dest('192.168.1.2', 443, { fwdMethod: FWD_MASQ, weight: 0, uThreshold: 10, lThreshold: 5, activeConns: 7, inactConns: 3, persistConns: 2, stats64: big }),
        dest('2001:db8::2', 443, { fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GUE, tunPort: 6080, tunFlags: TUN_FLAG_REMCSUM, stats64: big }),
        dest('192.168.1.3', 443, { fwdMethod: FWD_TUNNEL, tunType: TUN_TYPE_GRE, tunFlags: TUN_FLAG_CSUM, stats64: big }),
      ],
    },
    { service: svc({ ip: '10.1.1.2', port: 53, protocol: IPPROTO_UDP, scheduler: 'rr', flags: SVC_F_ONEPACKET | SVC_F_PERSISTENT, timeout: 60, pe: 'sip', stats64: big }), dests: [] },
    { service: fwm(0xffffffff, { af: 10, netmask: 64, scheduler: 'wlc', flags: SVC_F_PERSISTENT, timeout: 30, stats64: big }), dests: [] },
  ];
}

describe('JSON text', () => {
  it('writes bigints with every digit, strings escaped, --pretty by two spaces', () => {
    expect(jsonText({ a: BIG, b: [1, 'x"\n'], c: {}, d: [], e: undefined, f: null })).toBe('{"a":18446744073709551615,"b":[1,"x\\"\\n"],"c":{},"d":[],"f":null}');
    expect(jsonText({ a: [1, { b: 2n }] }, true)).toBe('{\n  "a": [\n    1,\n    {\n      "b": 2\n    }\n  ]\n}');
  });
});

describe('documents of synthetic states', () => {
  const resolver = fakeResolver({ '10.1.1.1': 'vip.example.com' });

  for (const mode of [{}, { stats: true }, { stats: true, exact: true }, { rate: true }, { rate: true, exact: true }, { thresholds: true }, { persistentConn: true }, { tunInfo: true }]) {
    for (const numeric of [true, false]) {
      const o = opts({ ...mode, numeric });
      const args = `-L${numeric ? ' -n' : ''}${Object.keys(mode).map((k) => ` --${k === 'persistentConn' ? 'persistent-conn' : k === 'tunInfo' ? 'tun-info' : k}`).join('')}`;
      it(`${args}: valid, exact counters, same values as the text`, () => {
        const json = listingJSON(info, richEntries(), o, resolver);
        expect(schemaErrors(JSON.parse(json), 'listing')).toBeNull();
        const text = collect(fullListing(info, richEntries(), o, resolver));
        expect(disagreements(args, text, parseExact(json))).toEqual([]);
        if (o.stats) expect(json).toContain('"conns":18446744073709551615,"inPackets":9007199254740993');
        if (o.rate) expect(json).toContain('"inPps":18446744073709551615');
      });
    }
  }

  it('flags by name, masks, tunnels; never the hashed bit', () => {
    const doc = JSON.parse(listingJSON(info, richEntries(), opts(), resolver));
    expect(doc.services[0]).toMatchObject({ scheduler: 'sh', flags: ['persistent', 'sh-fallback', 'sh-port', 'flag-3'], timeout: 300, netmask: '255.255.255.0' });
    expect(doc.services[0].realServers.map((r: { tunnel?: unknown }) => r.tunnel)).toEqual([undefined, { type: 'gue', port: 6080, checksum: 'remcsum' }, { type: 'gre', checksum: 'csum' }]);
    expect(doc.services[1]).toMatchObject({ protocol: 'udp', flags: ['persistent', 'one-packet'], pe: 'sip' });
    expect(doc.services[2]).toMatchObject({ family: 'inet6', fwmark: 4294967295, prefixLength: 64 });
    expect(doc.services[2].protocol).toBeUndefined();
  });

  for (const numeric of [true, false]) {
    it(`-S${numeric ? ' -n' : ''}: a rules document with every setting`, () => {
      const json = rulesJSON(richEntries(), numeric, resolver);
      expect(schemaErrors(JSON.parse(json), 'rules')).toBeNull();
      const args = `-S${numeric ? ' -n' : ''}`;
      expect(disagreements(args, collect(saveLines(richEntries(), numeric, resolver)), parseExact(json))).toEqual([]);
      const doc = JSON.parse(json);
      if (numeric) expect(doc.services[0].realServers[0]).toEqual({ family: 'inet', address: '192.168.1.2', port: 443, forwarding: 'masq', weight: 0, uThreshold: 10, lThreshold: 5 });
      expect(json).not.toContain('Conns');
    });
  }

  it('--timeout and --daemon', () => {
    const t = { tcp: 900, tcpFin: 120, udp: 300 };
    expect(timeoutsJSON(t)).toBe('{"timeouts":{"tcp":900,"tcpFin":120,"udp":300}}');
    expect(disagreements('-L --timeout', timeoutLine(t), JSON.parse(timeoutsJSON(t)))).toEqual([]);
    const daemons = [
      { state: DAEMON_BACKUP, mcastIfn: 'd0', syncId: 7 },
      { state: DAEMON_MASTER, mcastIfn: 'd0', syncId: 0, syncMaxlen: 1472, mcastGroup: '224.0.0.81', mcastPort: 8848, mcastTtl: 1 },
    ];
    const json = daemonsJSON(daemons);
    expect(schemaErrors(JSON.parse(json), 'daemons')).toBeNull();
    expect(JSON.parse(json).daemons.map((d: { state: string }) => d.state)).toEqual(['master', 'backup']);
    expect(disagreements('-L --daemon', daemonLines(daemons).join(''), JSON.parse(json))).toEqual([]);
    expect(daemonsJSON([])).toBe('{"daemons":[]}');
  });
});

describe("the model's JSON.stringify", () => {
  it('decoded services and real servers give addresses as text, counters as strings', () => {
    const s = decodeService(encodeServiceAttrs(svc({ ip: '10.0.0.1', port: 80, scheduler: 'rr' })));
    expect(JSON.parse(JSON.stringify(s))).toMatchObject({ af: 2, addr: '10.0.0.1', port: 80, scheduler: 'rr' });
    expect(Object.keys(s)).not.toContain('toJSON');
    const d = modelJSON(dest('2001:db8::2', 8080, { stats: { ...emptyStats(), inbytes: 5n } }));
    expect(d).toMatchObject({ af: 10, addr: '2001:db8::2', port: 8080, stats: { inbytes: '5' } });
    const w = new NlWriter();
    encodeAttrs(w, DEST_SCHEMA, dest('2001:db8::2', 8080), ['id', 'cfg', 'out']); // as the kernel sends it
    const decoded = decodeDestination(w.copy());
    expect(JSON.parse(JSON.stringify([decoded]))[0]).toMatchObject({ af: 10, addr: '2001:db8::2', port: 8080 });
    expect(Object.keys(decoded)).not.toContain('toJSON');
    const withStats = Object.assign(decodeService(encodeServiceAttrs(svc({ ip: '10.0.0.1' }))), { stats64: { ...emptyStats(), conns: BIG } });
    expect(JSON.parse(JSON.stringify(withStats)).stats64.conns).toBe('18446744073709551615');
  });
});

describe('failures with --json: ipvsadm message and status, nothing on stdout', () => {
  const failing = { getServices: async () => { throw new IpvsError(12); }, getService: async () => { throw new IpvsError(3); }, getTimeouts: async () => { throw new IpvsError(1); } };
  async function run(line: string) {
    let stdout = '';
    let stderr = '';
    const ctx = { client: failing, info, resolver: fakeResolver(), io: { argv0: 'ipvsadm', env: {}, isTTY: false, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } } } as unknown as Context;
    const outcome = parseCommandLine(line.split(' '), { argv0: 'ipvsadm', env: {}, resolver: fakeResolver() });
    if (outcome.type !== 'command') throw new Error(line);
    const { code } = outcome.command.kind === 'save' ? await save(outcome.command, ctx) : await list(outcome.command, ctx);
    return { stdout, stderr, code };
  }

  it('-L: the text has its version line, the JSON nothing', async () => {
    expect(await run('-L -n')).toEqual({ stdout: 'IP Virtual Server version 1.2.1 (size=4096)\n', stderr: 'Memory allocation problem\n', code: 1 });
    expect(await run('-L -n --json')).toEqual({ stdout: '', stderr: 'Memory allocation problem\n', code: 1 });
    expect(await run('-L -n -t 10.1.1.1:80 --json')).toEqual({ stdout: '', stderr: 'No such service\n', code: 1 });
    expect(await run('-S --json --pretty')).toEqual({ stdout: '', stderr: 'Memory allocation problem\n', code: 1 });
    expect(await run('-L --timeout --json')).toEqual({ stdout: '', stderr: '', code: 1 });
  });
});

describe('the options', () => {
  const parse = (line: string) => parseCommandLine(line.split(' '), { argv0: 'ipvsadm', env: {}, resolver: fakeResolver() });
  it('go with -L (and --json/--pretty with -S), nowhere else', () => {
    expect(parse('-L -n --json --pretty')).toMatchObject({ type: 'command', command: { output: { json: true, pretty: true, color: 'auto' } } });
    expect(parse('-S --json')).toMatchObject({ type: 'command', command: { output: { json: true } } });
    expect(parse('-L --color')).toMatchObject({ command: { output: { color: 'always' } } });
    expect(parse('-L --color never')).toMatchObject({ command: { output: { color: 'never' } } });
    expect(parse('-L --color=auto -n')).toMatchObject({ command: { output: { color: 'auto' }, list: { numeric: true } } });
    expect(parse('-L -n')).toMatchObject({ command: { list: { numeric: true } } });
    expect((parse('-L -n') as { command: Service }).command).not.toHaveProperty('output');
    expect(parse('-A -t 10.1.1.1:80 --json')).toEqual({ type: 'error', message: "Illegal 'json' option with the 'add-service' command\n", exitCode: 2, exits: true });
    expect(parse('-C --pretty')).toEqual({ type: 'error', message: "Illegal 'pretty' option with the 'flush' command\n", exitCode: 2, exits: true });
    expect(parse('-S --color=always')).toEqual({ type: 'error', message: "Illegal 'color' option with the 'save' command\n", exitCode: 2, exits: true });
    expect(parse('-L --pretty')).toEqual({ type: 'error', message: "The option 'pretty' needs the 'json' option\n", exitCode: 2, exits: true });
    expect(parse('-L --color=sometimes')).toEqual({ type: 'error', message: "invalid color value `sometimes' specified\n", exitCode: 2, exits: true });
    expect(parse('-L --json=1')).toEqual({ type: 'error', message: '--json=1: option does not take an argument\n', exitCode: 255, exits: false });
    // ipvsadm's own checks come first.
    expect(parse('-L -c --stats --json')).toEqual({ type: 'error', message: 'options conflicts in the list command\n', exitCode: 2, exits: true });
  });
});
