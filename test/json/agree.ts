// Does a --json document carry the same values as the text listing of the same command line?
// The text is read back with a parser of its own (columns and words, as a reader of ipvsadm's
// output would), never with the formatters under test; the values found are compared with
// the document's. Returns the disagreements (empty when they agree).

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

interface Shape {
  numeric: boolean;
  exact: boolean;
  mode: 'stats' | 'rate' | 'thresholds' | 'persistent-conn' | 'tun-info' | 'default';
  kind: 'listing' | 'one-service' | 'rules' | 'connections' | 'timeouts' | 'daemons';
  persistentConn: boolean;
}

function shapeOf(args: string): Shape {
  const w = args.split(/\s+/).filter(Boolean);
  const clusters = w.filter((x) => /^-[A-Za-z0-9]+$/.test(x)).join('');
  const has = (long: string, short?: string) => w.includes(long) || (short !== undefined && clusters.includes(short));
  const mode = has('--stats') ? 'stats' : has('--rate') ? 'rate' : has('--thresholds') ? 'thresholds'
    : has('--persistent-conn') ? 'persistent-conn' : has('--tun-info') ? 'tun-info' : 'default';
  const kind = has('--save', 'S') ? 'rules' : has('--connection', 'c') ? 'connections' : has('--timeout') ? 'timeouts'
    : has('--daemon') ? 'daemons' : w.some((x) => ['-t', '-u', '-f', '--sctp-service', '--tcp-service', '--udp-service', '--fwmark-service'].includes(x)) ? 'one-service' : 'listing';
  return { numeric: has('--numeric', 'n'), exact: has('--exact', 'X'), mode, kind, persistentConn: has('--persistent-conn') };
}

const signed32 = (n: number) => String(n | 0);
const low32 = (v: bigint) => BigInt.asUintN(32, v);

/** ipvsadm's scaled counter column, as documented in its man page (K, M, G, T). */
function scaled(v: bigint, exact: boolean): string {
  if (exact || v < 100_000_000n) return v.toString();
  if (v < 1_000_000_000n) return `${v / 1_000n}K`;
  if (v < 100_000_000_000n) return `${v / 1_000_000n}M`;
  if (v < 100_000_000_000_000n) return `${v / 1_000_000_000n}G`;
  return `${v / 1_000_000_000_000n}T`;
}

/** `host:port` / `[host]:port` as the document says it would print (59 characters at most). */
function hostPort(ep: Doc, numeric: boolean): string {
  const host = numeric ? ep.address : (ep.host ?? ep.address);
  const port = numeric ? ep.port : (ep.portName ?? ep.port);
  const text = ep.family === 'inet' ? `${host}:${port}` : `[${host}]:${port}`;
  return text.slice(0, 59);
}

const cutUnlessV6 = (text: string, family: unknown, max: number) => (family === 'inet6' ? text : text.slice(0, max));

const PROTO: Record<string, string> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' };
const SWITCH: Record<string, string> = { tcp: '-t', udp: '-u', sctp: '--sctp-service' };
const FWD_NAME: Record<string, string> = { masq: 'Masq', local: 'Local', tunnel: 'Tunnel', route: 'Route' };
const FWD_SWITCH: Record<string, string> = { masq: '-m', local: '-g', tunnel: '-i', route: '-g' };
const CSUM_SHORT: Record<string, string> = { nocsum: '-c', csum: '+c', remcsum: 'r+c' };
const STATS = ['conns', 'inPackets', 'outPackets', 'inBytes', 'outBytes'];
const RATES = ['cps', 'inPps', 'outPps', 'inBps', 'outBps'];
const SCHED_WORDS = new Set(['flag-1', 'flag-2', 'flag-3', 'sh-fallback', 'sh-port', 'mh-fallback', 'mh-port']);

/**
 * The counter columns after a name. Scaled columns are always exactly 9 characters wide and
 * may touch (`        7` then `18446744T` reads `718446744T`), so they are cut by width;
 * exact ones are always preceded by a blank; a real server's plain rates (its first three
 * --rate columns) too.
 */
function counterColumns(rest: string, exact: boolean, plainFirst: number): string[] {
  if (exact) return rest.trim().split(/\s+/).filter(Boolean);
  const scaledCount = 5 - plainFirst;
  const tail = rest.slice(rest.length - 9 * scaledCount);
  const head = rest.slice(0, rest.length - 9 * scaledCount).trim().split(/\s+/).filter(Boolean);
  const cols = Array.from({ length: scaledCount }, (_, j) => tail.slice(9 * j, 9 * j + 9).trim());
  return [...head, ...cols];
}

function listServiceName(svc: Doc, numeric: boolean): string {
  if (svc.fwmark !== undefined) return `FWM  ${signed32(svc.fwmark)}${svc.family === 'inet6' ? ' IPv6' : ''}`;
  return cutUnlessV6(`${(PROTO[svc.protocol] ?? '?').padEnd(4)} ${hostPort(svc, numeric)}`, svc.family, 33);
}

function defaultMask(svc: Doc): boolean {
  return svc.family === 'inet6' ? svc.prefixLength === 128 : svc.netmask === '255.255.255.255';
}

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly where: string) {}
  eq(what: string, text: unknown, json: unknown): void {
    if (String(text) !== String(json)) this.problems.push(`${this.where}: ${what}: text ${JSON.stringify(String(text))}, JSON ${JSON.stringify(String(json))}`);
  }
  ok(what: string, cond: boolean): void {
    if (!cond) this.problems.push(`${this.where}: ${what}`);
  }
}

/** The words of a described service line after its name: scheduler, (flags), persistent T, mask M, pe P, ops. */
function checkDescribed(c: Checker, svc: Doc, words: string[]): void {
  c.eq('scheduler', words.shift(), svc.scheduler);
  const flags: string[] = svc.flags;
  const named = svc.scheduler === 'sh' || svc.scheduler === 'mh';
  const schedWords = flags.filter((f) => SCHED_WORDS.has(f) && !(named && f === 'flag-3'));
  if (flags.some((f) => SCHED_WORDS.has(f))) {
    const w = words.shift() ?? '';
    c.eq('scheduler flags', w, `(${schedWords.join(',')})`);
  }
  if (flags.includes('persistent')) {
    c.eq('persistent', words.shift(), 'persistent');
    c.eq('timeout', words.shift(), svc.timeout);
    if (!defaultMask(svc)) {
      c.eq('mask word', words.shift(), 'mask');
      c.eq('mask', words.shift(), svc.netmask ?? svc.prefixLength);
    }
    if (svc.pe) {
      c.eq('pe word', words.shift(), 'pe');
      c.eq('pe', words.shift(), svc.pe);
    }
  }
  if (flags.includes('one-packet')) c.eq('ops', words.shift(), 'ops');
  c.ok(`words left over: ${words.join(' ')}`, words.length === 0);
}

function tunInfo(rs: Doc): string {
  const t = rs.tunnel;
  if (!t) return 'n/a';
  if (t.type === 'ipip') return 'ipip';
  if (t.type === 'gue') return `gue:${t.port}:${CSUM_SHORT[t.checksum] ?? '?'}`;
  if (t.type === 'gre') return `gre:${CSUM_SHORT[t.checksum] ?? '?'}`;
  return 'n/a';
}

function checkListing(shape: Shape, lines: string[], doc: Doc, out: string[]): void {
  let i = 0;
  if (shape.kind === 'listing') {
    const c = new Checker('version line');
    c.eq('version line', lines[i++], `IP Virtual Server version ${doc.version} (size=${doc.connTableSize})`);
    out.push(...c.problems);
  }
  i += 2; // the title lines carry no values
  for (const svc of doc.services as Doc[]) {
    const line = lines[i++] ?? '';
    const c = new Checker(`service line ${JSON.stringify(line)}`);
    const name = listServiceName(svc, shape.numeric);
    c.ok(`name ${JSON.stringify(name)}`, line.startsWith(name));
    const words = line.slice(name.length).trim().split(/\s+/).filter(Boolean);
    if (shape.mode === 'stats' || shape.mode === 'rate') {
      words.splice(0, words.length, ...counterColumns(line.slice(name.length), shape.exact, 0));
      const keys = shape.mode === 'stats' ? STATS : RATES;
      const values = svc[shape.mode === 'stats' ? 'stats' : 'rates'];
      c.ok('counters present', values !== undefined);
      keys.forEach((k, j) => c.eq(k, words[j], scaled(BigInt(values?.[k] ?? -1), shape.exact)));
      c.ok('five counters', words.length === 5);
    } else {
      checkDescribed(c, svc, words);
    }
    out.push(...c.problems);
    for (const rs of svc.realServers as Doc[]) {
      const dline = lines[i++] ?? '';
      const d = new Checker(`real-server line ${JSON.stringify(dline)}`);
      const dname = cutUnlessV6(hostPort(rs, shape.numeric), rs.family, 28);
      d.ok(`starts with -> ${dname}`, dline.startsWith(`  -> ${dname}`));
      const rest = dline.slice(5 + dname.length);
      const counters = shape.mode === 'stats' || shape.mode === 'rate';
      const w = counters ? counterColumns(rest, shape.exact, shape.mode === 'rate' ? 3 : 0) : rest.trim().split(/\s+/).filter(Boolean);
      const conns = () => {
        d.eq('active', w.shift(), rs.activeConns);
        d.eq('inactive', w.shift(), rs.inactiveConns);
      };
      switch (shape.mode) {
        case 'default':
          d.eq('forward', w.shift(), FWD_NAME[rs.forwarding] ?? '(null)');
          d.eq('weight', w.shift(), rs.weight);
          conns();
          break;
        case 'tun-info':
          d.eq('forward', w.shift(), FWD_NAME[rs.forwarding] ?? '(null)');
          d.eq('tunnel', w.shift(), tunInfo(rs));
          d.eq('weight', w.shift(), rs.weight);
          conns();
          break;
        case 'thresholds':
          d.eq('uthreshold', w.shift(), rs.uThreshold);
          d.eq('lthreshold', w.shift(), rs.lThreshold);
          conns();
          break;
        case 'persistent-conn':
          d.eq('weight', w.shift(), rs.weight >>> 0);
          d.eq('persistent', w.shift(), rs.persistentConns);
          conns();
          break;
        case 'stats':
        case 'rate': {
          // ipvsadm reads a real server's counters with a 32-bit reader: conns, packets and
          // rates keep their low 32 bits in the text; the document has them whole.
          const values = rs[shape.mode === 'stats' ? 'stats' : 'rates'];
          d.ok('counters present', values !== undefined);
          (shape.mode === 'stats' ? STATS : RATES).forEach((k, j) => {
            const v = BigInt(values?.[k] ?? -1);
            const shown = shape.mode === 'stats' && k.endsWith('Bytes') ? v : low32(v);
            d.eq(k, w.shift(), shape.mode === 'rate' && j < 3 ? shown.toString() : scaled(shown, shape.exact));
          });
          break;
        }
      }
      d.ok(`words left over: ${w.join(' ')}`, w.length === 0);
      out.push(...d.problems);
    }
  }
  if (i !== lines.length) out.push(`text has ${lines.length} lines, the document accounts for ${i}`);
}

function ruleService(svc: Doc, numeric: boolean): string {
  if (svc.fwmark !== undefined) return `-f ${signed32(svc.fwmark)}${svc.family === 'inet6' ? ' -6' : ''}`;
  return `${SWITCH[svc.protocol] ?? '--xxx-service'} ${hostPort(svc, numeric)}`;
}

function checkRules(shape: Shape, lines: string[], doc: Doc, out: string[]): void {
  let i = 0;
  for (const svc of doc.services as Doc[]) {
    const line = lines[i++] ?? '';
    const c = new Checker(`rule ${JSON.stringify(line)}`);
    const head = `-A ${ruleService(svc, shape.numeric)} `;
    c.ok(`starts with ${head}`, line.startsWith(head));
    const w = line.slice(head.length).split(' ');
    const take = (sw: string) => {
      const at = w.indexOf(sw);
      if (at < 0) return undefined;
      return w.splice(at, sw === '-o' ? 1 : 2)[1] ?? '';
    };
    c.eq('scheduler', take('-s'), svc.scheduler);
    const persistent = svc.flags.includes('persistent');
    c.eq('persistence', take('-p') ?? 'none', persistent ? svc.timeout : 'none');
    c.eq('mask', take('-M') ?? 'default', persistent && !defaultMask(svc) ? (svc.netmask ?? svc.prefixLength) : 'default');
    c.eq('pe', take('--pe') ?? '', svc.pe ?? '');
    c.eq('one-packet', w.includes('-o'), svc.flags.includes('one-packet'));
    take('-o');
    const named = svc.scheduler === 'sh' || svc.scheduler === 'mh';
    const schedWords = svc.flags.filter((f: string) => SCHED_WORDS.has(f) && !(named && f === 'flag-3'));
    const b = take('-b');
    c.eq('scheduler flags', b ?? 'none', svc.flags.some((f: string) => SCHED_WORDS.has(f)) ? schedWords.join(',') : 'none');
    c.ok(`words left over: ${w.join(' ')}`, w.length === 0);
    out.push(...c.problems);
    for (const rs of svc.realServers as Doc[]) {
      const dline = lines[i++] ?? '';
      const d = new Checker(`rule ${JSON.stringify(dline)}`);
      let expected = `-a ${ruleService(svc, shape.numeric)} -r ${hostPort(rs, shape.numeric)} ${FWD_SWITCH[rs.forwarding] ?? '(null)'} -w ${rs.weight}`;
      const t = rs.tunnel;
      if (t) {
        const csum = `--tun-${t.checksum}`;
        if (t.type === 'ipip') expected += ' --tun-type ipip';
        else if (t.type === 'gue') expected += ` --tun-type gue --tun-port ${t.port} ${csum}`;
        else if (t.type === 'gre') expected += ` --tun-type gre ${csum}`;
      }
      d.eq('line', dline, expected);
      out.push(...d.problems);
    }
  }
  if (i !== lines.length) out.push(`text has ${lines.length} lines, the document accounts for ${i}`);
}

function mmss(seconds: number): string {
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

function checkConnections(shape: Shape, lines: string[], doc: Doc, out: string[], slack: number): void {
  const c = new Checker('connections');
  c.eq('heading', lines[0], 'IPVS connection entries');
  out.push(...c.problems);
  const rows = lines.slice(2);
  if (rows.length !== doc.connections.length) out.push(`text has ${rows.length} rows, the document ${doc.connections.length}`);
  (doc.connections as Doc[]).forEach((conn, j) => {
    const row = rows[j] ?? '';
    const r = new Checker(`row ${JSON.stringify(row)}`);
    const w = row.split(/\s+/).filter(Boolean);
    r.eq('protocol', w[0], PROTO[conn.protocol] ?? conn.protocol);
    const [m, sec] = (w[1] ?? '').split(':').map(Number);
    const shown = m! * 60 + sec!;
    if (Math.abs(shown - conn.expire) > slack) r.eq('expire', w[1], mmss(conn.expire));
    r.eq('state', w[2], conn.state);
    r.eq('client', w[3], hostPort(conn.client, shape.numeric));
    r.eq('virtual', w[4], hostPort(conn.virtual, shape.numeric));
    r.eq('destination', w[5], hostPort(conn.destination, shape.numeric));
    const pe = shape.persistentConn && conn.pe ? [conn.pe.name, conn.pe.data].filter((x) => x !== '') : [];
    r.eq('pe', w.slice(6).join(' '), pe.join(' '));
    out.push(...r.problems);
  });
}

export interface AgreeOptions {
  /** -c: seconds an expire value may differ by (timers tick between two runs). */
  expireSlack?: number;
}

export function disagreements(args: string, text: string, doc: Doc, opts: AgreeOptions = {}): string[] {
  const shape = shapeOf(args);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  switch (shape.kind) {
    case 'listing':
    case 'one-service':
      checkListing(shape, lines, doc, out);
      break;
    case 'rules':
      checkRules(shape, lines, doc, out);
      break;
    case 'connections':
      checkConnections(shape, lines, doc, out, opts.expireSlack ?? 0);
      break;
    case 'timeouts': {
      const t = doc.timeouts;
      const c = new Checker('timeouts');
      c.eq('line', lines.join('\n'), `Timeout (tcp tcpfin udp): ${t.tcp} ${t.tcpFin} ${t.udp}`);
      out.push(...c.problems);
      break;
    }
    case 'daemons': {
      const c = new Checker('daemons');
      const expected = (doc.daemons as Doc[]).map((d) => {
        let s = `${d.state} sync daemon (mcast=${d.interface}, syncid=${d.syncId}`;
        if (d.maxLength !== undefined) s += `, maxlen=${d.maxLength}`;
        if (d.group !== undefined) s += `, group=${d.group}`;
        if (d.port !== undefined) s += `, port=${d.port}`;
        if (d.ttl !== undefined) s += `, ttl=${d.ttl}`;
        return `${s})`;
      });
      c.eq('lines', lines.join('\n'), expected.join('\n'));
      out.push(...c.problems);
      break;
    }
  }
  return out;
}

/**
 * JSON.parse keeping integers beyond 2^53 exact: such numbers come back as bigint. (The
 * documents are ours, so a number token never sits inside a string here.)
 */
export function parseExact(text: string): Doc {
  const marked = text.replace(/(?<=[:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '"#big#$1"');
  return JSON.parse(marked, (_k, v) => (typeof v === 'string' && v.startsWith('#big#') ? BigInt(v.slice(5)) : v));
}
