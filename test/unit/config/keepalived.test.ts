// readKeepalived against keepalived.conf snippets; every expected value is written out by hand.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLASSIC_DR } from '../../apply/keepalived-samples.js';
import { readKeepalived, type KeepalivedReadOptions } from '../../../src/config/keepalived.js';
import type { DestConfig, RulesReadResult, ServiceConfig, ServiceRules } from '../../../src/model.js';

const v4 = (...b: number[]): Uint8Array => { const a = new Uint8Array(16); a.set(b); return a; };
const ZERO = new Uint8Array(16);

function ok(r: RulesReadResult): ServiceRules[] {
  if (!r.ok) throw new Error(`unexpected problem: ${JSON.stringify(r.problem)}`);
  return r.services;
}
function read(text: string, opts?: KeepalivedReadOptions): ServiceRules[] {
  return ok(readKeepalived('/etc/keepalived/keepalived.conf', text, opts));
}
function problem(text: string, opts?: KeepalivedReadOptions, file = '/etc/keepalived/keepalived.conf') {
  const r = readKeepalived(file, text, opts);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
}
function svc(over: Partial<ServiceConfig>): ServiceConfig {
  return { af: 2, protocol: 6, addr: ZERO, port: 0, fwmark: 0, scheduler: 'wlc', pe: '', flags: 0, timeout: 0, netmask: 0xffffffff, ...over };
}
function dest(over: Partial<DestConfig>): DestConfig {
  return { af: 2, addr: ZERO, port: 0, fwdMethod: 0, weight: 1, uThreshold: 0, lThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0, ...over };
}


describe('readKeepalived: services', () => {
  it('reads the classic LVS-DR sample', () => {
    expect(read(CLASSIC_DR)).toEqual([{
      service: svc({ addr: v4(192, 168, 200, 254), port: 80, scheduler: 'rr' }),
      dests: [
        dest({ addr: v4(192, 168, 200, 103), port: 80, fwdMethod: 3 }),
        dest({ addr: v4(192, 168, 200, 104), port: 80, fwdMethod: 3 }),
      ],
      origin: { file: '/etc/keepalived/keepalived.conf', line: 22, column: 1 },
    }]);
  });

  it('defaults: wlc, NAT, UDP, weight 1, NAT port from the service', () => {
    const [s] = read('virtual_server 10.0.0.1 53 {\n  real_server 10.1.0.1 {\n  }\n}\n');
    expect(s!.service).toEqual(svc({ protocol: 17, addr: v4(10, 0, 0, 1), port: 53 }));
    expect(s!.dests).toEqual([dest({ addr: v4(10, 1, 0, 1), port: 53, fwdMethod: 0 })]);
  });

  it('DR real servers take the service port; thresholds, weight 0 and the virtual server weight', () => {
    const [s] = read(`virtual_server 10.0.0.1 443 {
  protocol tcp
  weight 5
  lb_kind DR
  real_server 10.1.0.1 8443 {
    uthreshold 100
    lthreshold 10
  }
  real_server 10.1.0.2 {
    weight 0
  }
}`);
    expect(s!.dests).toEqual([
      dest({ addr: v4(10, 1, 0, 1), port: 443, fwdMethod: 3, weight: 5, uThreshold: 100, lThreshold: 10 }),
      dest({ addr: v4(10, 1, 0, 2), port: 443, fwdMethod: 3, weight: 0 }),
    ]);
  });

  it('fwmark: protocol and port 0, DR real server port 0, NAT keeps its own', () => {
    expect(read(`virtual_server fwmark 7 {
  lb_algo sh
  sh-port
  sh-fallback
  protocol TCP
  real_server 10.1.0.1 80 {
    lvs_method DR
  }
  real_server 10.1.0.2 8080 {
    lvs_method NAT
  }
}`)).toEqual([{
      service: svc({ protocol: 0, fwmark: 7, scheduler: 'sh', flags: 0x18 }),
      dests: [dest({ addr: v4(10, 1, 0, 1), port: 0, fwdMethod: 3 }), dest({ addr: v4(10, 1, 0, 2), port: 8080 })],
      origin: { file: '/etc/keepalived/keepalived.conf', line: 1, column: 1 },
    }]);
  });

  it('IPv6 virtual and real servers, with persistence by prefix length', () => {
    const a = new Uint8Array(16); a.set([0x20, 0x01, 0x0d, 0xb8]); a[15] = 1;
    const b = new Uint8Array(16); b.set([0x20, 0x01, 0x0d, 0xb8, 0, 1]); b[15] = 0x10;
    const [s] = read(`virtual_server 2001:db8::1 80 {
  protocol TCP
  persistence_timeout 600
  persistence_granularity 64
  real_server 2001:db8:1::10 80 {
  }
}`);
    expect(s!.service).toEqual(svc({ af: 10, addr: a, port: 80, flags: 1, timeout: 600, netmask: 64 }));
    expect(s!.dests).toEqual([dest({ af: 10, addr: b, port: 80 })]);
  });

  it('IPv4 persistence: granularity alone implies 360 s; the netmask is the u32 in natural order', () => {
    const [s] = read('virtual_server 10.0.0.1 80 {\nprotocol TCP\npersistence_granularity 255.255.255.0\nreal_server 10.1.0.1 80 {\n}\n}');
    expect(s!.service).toEqual(svc({ addr: v4(10, 0, 0, 1), port: 80, flags: 1, timeout: 360, netmask: 0xffffff00 }));
  });

  it('persistence_timeout without a value is 360; persistence_engine sip', () => {
    const [s] = read('virtual_server 10.0.0.1 5060 {\nprotocol UDP\npersistence_timeout\npersistence_engine sip\nreal_server 10.1.0.1 5060 {\n}\n}');
    expect(s!.service).toEqual(svc({ protocol: 17, addr: v4(10, 0, 0, 1), port: 5060, pe: 'sip', flags: 1, timeout: 360 }));
  });

  it('port 0 without persistence becomes persistent (keepalived corrects it so)', () => {
    const [s] = read('virtual_server 10.0.0.1 0 {\nprotocol TCP\nreal_server 10.1.0.1 {\n}\n}');
    expect(s!.service).toEqual(svc({ addr: v4(10, 0, 0, 1), flags: 1, timeout: 360 }));
  });

  it('ops with UDP', () => {
    const [s] = read('virtual_server 10.0.0.1 53 {\nprotocol UDP\nops\nlb_algo rr\nreal_server 10.1.0.1 53 {\n}\n}');
    expect(s!.service).toEqual(svc({ protocol: 17, addr: v4(10, 0, 0, 1), port: 53, scheduler: 'rr', flags: 4 }));
  });

  it('tunnel real servers: ipip, gue with port and checksum, gre, and a TUN default from lb_kind', () => {
    const [s] = read(`virtual_server 10.0.0.1 80 {
  protocol TCP
  lb_kind TUN type gre csum
  real_server 10.1.0.1 8080 {
    lvs_method TUN
  }
  real_server 10.1.0.2 80 {
    lvs_method TUN type gue port 6080 remcsum
  }
  real_server 10.1.0.3 80 {
  }
}`);
    expect(s!.dests).toEqual([
      dest({ addr: v4(10, 1, 0, 1), port: 80, fwdMethod: 2 }),
      dest({ addr: v4(10, 1, 0, 2), port: 80, fwdMethod: 2, tunType: 1, tunPort: 6080, tunFlags: 2 }),
      dest({ addr: v4(10, 1, 0, 3), port: 80, fwdMethod: 2, tunType: 2, tunFlags: 1 }),
    ]);
  });

  it('an IPv6 real server may serve an IPv4 service through a tunnel', () => {
    const b = new Uint8Array(16); b.set([0x20, 0x01, 0x0d, 0xb8]); b[15] = 2;
    const [s] = read('virtual_server 10.0.0.1 80 {\nprotocol TCP\nreal_server 2001:db8::2 80 {\nlvs_method TUN\n}\n}');
    expect(s!.dests).toEqual([dest({ af: 10, addr: b, port: 80, fwdMethod: 2 })]);
  });
});

describe('readKeepalived: virtual_server_group', () => {
  const text = `virtual_server_group web {
  10.0.0.1 80
  fwmark 9
  10.0.1.5-7 80
  10.0.2.0/31 8080
}
virtual_server group web {
  lb_algo rr
  lb_kind DR
  protocol TCP
  persistence_timeout 60
  persistence_granularity 255.255.0.0
  real_server 10.1.0.1 {
  }
}
`;
  it('expands addresses, ranges and prefixes in order, then fwmarks, with the same real servers', () => {
    const r = readKeepalived('k.conf', text);
    const got = ok(r);
    // The group's services keep the default mask (keepalived resets it per group entry).
    const base = { scheduler: 'rr', flags: 1, timeout: 60 };
    expect(got.map((s) => s.service)).toEqual([
      svc({ ...base, addr: v4(10, 0, 0, 1), port: 80 }),
      svc({ ...base, addr: v4(10, 0, 1, 5), port: 80 }),
      svc({ ...base, addr: v4(10, 0, 1, 6), port: 80 }),
      svc({ ...base, addr: v4(10, 0, 1, 7), port: 80 }),
      svc({ ...base, addr: v4(10, 0, 2, 0), port: 8080 }),
      svc({ ...base, addr: v4(10, 0, 2, 1), port: 8080 }),
      svc({ ...base, protocol: 0, fwmark: 9 }),
    ]);
    expect(got.map((s) => s.dests[0]!.port)).toEqual([80, 80, 80, 80, 8080, 8080, 0]);
    expect(got[0]!.dests).toEqual([dest({ addr: v4(10, 1, 0, 1), port: 80, fwdMethod: 3 })]);
  });

  it('IPv6 ranges step the last group (hex)', () => {
    const got = read(`virtual_server_group v6 {
  2001:db8::a-c 443
}
virtual_server group v6 {
  protocol TCP
  real_server 2001:db8::100 443 {
  }
}`);
    const v6 = (last: number): Uint8Array => { const a = new Uint8Array(16); a.set([0x20, 0x01, 0x0d, 0xb8]); a[15] = last; return a; };
    expect(got.map((s) => s.service)).toEqual([10, 11, 12].map((n) => svc({ af: 10, addr: v6(n), port: 443, netmask: 128 })));
  });

  it('a group used before it is defined, fwmark entry with family', () => {
    const got = read(`virtual_server group m {
  real_server 10.1.0.1 80 {
  }
}
virtual_server_group m {
  fwmark 3 inet
}`);
    expect(got).toEqual([{ service: svc({ protocol: 0, fwmark: 3 }), dests: [dest({ addr: v4(10, 1, 0, 1), port: 80 })], origin: { file: '/etc/keepalived/keepalived.conf', line: 1, column: 1 } }]);
  });
});

describe('readKeepalived: sorry_server, quorum, ignored keywords', () => {
  it('with every checker up the sorry server is not in the pool; sorry_server_inhibit puts it at weight 0', () => {
    const body = 'protocol TCP\nsorry_server 10.9.0.1 80\nalpha\ninhibit_on_failure\nquorum 1\nhysteresis 0\nreal_server 10.1.0.1 80 {\nMISC_CHECK {\nmisc_path "/bin/true"\n}\n}\n';
    expect(read(`virtual_server 10.0.0.1 80 {\n${body}}`)[0]!.dests).toEqual([dest({ addr: v4(10, 1, 0, 1), port: 80 })]);
    expect(read(`virtual_server 10.0.0.1 80 {\n${body}sorry_server_inhibit\n}`)[0]!.dests).toEqual([
      dest({ addr: v4(10, 1, 0, 1), port: 80 }), dest({ addr: v4(10, 9, 0, 1), port: 80, weight: 0 })]);
  });

  it('all real servers at weight 0: the sorry server stands in, inhibit_on_failure servers stay at 0', () => {
    expect(read(`virtual_server 10.0.0.1 80 {
protocol TCP
sorry_server 10.9.0.1
real_server 10.1.0.1 80 {
  weight 0
}
real_server 10.1.0.2 80 {
  weight 0
  inhibit_on_failure
}
}`)[0]!.dests).toEqual([dest({ addr: v4(10, 1, 0, 2), port: 80, weight: 0 }), dest({ addr: v4(10, 9, 0, 1), port: 80 })]);
  });

  it('quorum + hysteresis above the total weight keeps the sorry server in', () => {
    expect(read('virtual_server 10.0.0.1 80 {\nprotocol TCP\nquorum 2\nhysteresis 1\nsorry_server 10.9.0.1 80\nreal_server 10.1.0.1 80 {\n}\nreal_server 10.1.0.2 80 {\n}\n}')[0]!.dests)
      .toEqual([dest({ addr: v4(10, 9, 0, 1), port: 80 })]);
  });

  it('skips other top-level blocks and keywords', () => {
    const got = read(`vrrp_script chk { script "/bin/true" }
static_ipaddress {
  10.0.0.1/24 dev eth0
}
net_namespace blue
${CLASSIC_DR.slice(CLASSIC_DR.indexOf('virtual_server'))}`);
    expect(got).toHaveLength(1);
  });
});

describe('readKeepalived: lexical details', () => {
  it('comments with # and !, escaped \\#, quoted strings, braces on their own lines and inline', () => {
    const got = read(`# header
virtual_server 10.0.0.1 80   # trailing comment
{
  lb_algo "rr"   ! another
  protocol TCP
  real_server 10.1.0.1 80 { weight 3 }
  real_server 10.1.0.2 80 {
    MISC_CHECK { misc_path "/bin/echo a#b {x}" }
  }
}`);
    expect(got[0]!.service.scheduler).toBe('rr');
    expect(got[0]!.dests.map((d) => d.weight)).toEqual([3, 1]);
  });
});

describe('readKeepalived: include', () => {
  const files: Record<string, string> = {
    '/etc/keepalived/conf.d/a.conf': 'virtual_server 10.0.0.1 80 {\nprotocol TCP\ninclude ../rs/*.rs\n}\n',
    '/etc/keepalived/rs/1.rs': 'real_server 10.1.0.1 80 {\n}\n',
    '/etc/keepalived/rs/2.rs': 'real_server 10.1.0.2 80 {\n  bogus\n}\n',
  };
  const opts: KeepalivedReadOptions = {
    readFile: (p) => { const t = files[p]; if (t === undefined) throw new Error(`ENOENT: ${p}`); return t; },
    glob: (pattern, cwd) => {
      const abs = path.resolve(cwd, pattern);
      const re = new RegExp(`^${abs.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
      return Object.keys(files).filter((f) => re.test(f)).sort();
    },
  };

  it('nested includes through injected readFile and glob; errors point into the included file', () => {
    expect(problem('include conf.d/*.conf\n', opts)).toEqual({
      position: { file: '/etc/keepalived/rs/2.rs', line: 2, column: 3 }, message: 'unknown keyword "bogus" in real_server' });
    files['/etc/keepalived/rs/2.rs'] = 'real_server 10.1.0.2 80 {\n}\n';
    expect(read('include conf.d/*.conf\n', opts)[0]!.dests.map((d) => d.addr[3])).toEqual([1, 2]);
  });

  it('a missing plain file is an error; a pattern without a match is not (keepalived only logs it)', () => {
    expect(problem('# x\n  include missing.conf\n', opts)).toEqual({
      position: { file: '/etc/keepalived/keepalived.conf', line: 2, column: 11 }, message: 'included file "missing.conf" not found' });
    expect(read('include none/*.conf\n', opts)).toEqual([]);
    expect(problem('includew none/*.conf\n', opts)).toEqual({
      position: { file: '/etc/keepalived/keepalived.conf', line: 1, column: 10 }, message: 'no file matches include pattern "none/*.conf"' });
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keepalived-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('real files: a glob relative to the including file, matched in sorted order', () => {
    fs.mkdirSync(path.join(dir, 'services'));
    fs.writeFileSync(path.join(dir, 'services', 'b.conf'), 'virtual_server 10.0.0.2 80 {\nprotocol TCP\nreal_server 10.1.0.2 80 {\n}\n}\n');
    fs.writeFileSync(path.join(dir, 'services', 'a.conf'), 'virtual_server 10.0.0.1 80 {\nprotocol TCP\nreal_server 10.1.0.1 80 {\n}\n}\n');
    const main = path.join(dir, 'keepalived.conf');
    fs.writeFileSync(main, 'include services/*.conf\n');
    const got = ok(readKeepalived(main, fs.readFileSync(main, 'utf8')));
    expect(got.map((s) => [...s.service.addr.slice(0, 4)])).toEqual([[10, 0, 0, 1], [10, 0, 0, 2]]);
    expect(got[1]!.origin).toEqual({ file: path.join(dir, 'services', 'b.conf'), line: 1, column: 1 });
  });
});

describe('readKeepalived: problems', () => {
  const at = (line: number, column: number) => ({ file: '/etc/keepalived/keepalived.conf', line, column });
  const cases: [string, string, { line: number; column: number }, string][] = [
    ['unknown keyword', 'virtual_server 10.0.0.1 80 {\n  lb_kindd DR\n}', { line: 2, column: 3 }, 'unknown keyword "lb_kindd" in virtual_server'],
    ['bad lb_kind', 'virtual_server 10.0.0.1 80 {\n  lb_kind XX\n}', { line: 2, column: 11 }, 'lb_kind: expected NAT, DR or TUN, got "XX"'],
    ['bad address', 'virtual_server 10.0.0.256 80 {\n}', { line: 1, column: 16 }, 'virtual_server: invalid IP address "10.0.0.256"'],
    ['bad real server address', 'virtual_server 10.0.0.1 80 {\n real_server 10.1.0 80 {\n }\n}', { line: 2, column: 14 }, 'real_server: invalid IP address "10.1.0"'],
    ['missing brace', 'virtual_server 10.0.0.1 80\nlb_algo rr\n', { line: 1, column: 1 }, 'virtual_server: expected "{"'],
    ['unterminated block', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  real_server 10.1.0.1 80 {\n}\n', { line: 1, column: 28 }, 'block of "virtual_server" is not closed (missing "}")'],
    ['extra brace', 'global_defs {\n}\n}\n', { line: 3, column: 1 }, 'unexpected "}" (no block is open)'],
    ['bad scheduler', 'virtual_server 10.0.0.1 80 {\n lb_algo rrr\n}', { line: 2, column: 10 }, 'lb_algo: unknown scheduler "rrr"'],
    ['bad weight', 'virtual_server 10.0.0.1 80 {\n real_server 10.1.0.1 80 {\n  weight -1\n }\n}', { line: 3, column: 10 }, 'weight: expected a number, got "-1"'],
    ['ops on TCP', 'virtual_server 10.0.0.1 80 {\n protocol TCP\n ops\n real_server 10.1.0.1 80 {\n }\n}', { line: 3, column: 2 }, 'ops: one-packet scheduling needs protocol UDP'],
    ['sh-port before sh', 'virtual_server 10.0.0.1 80 {\n sh-port\n}', { line: 2, column: 2 }, 'sh-port: needs "lb_algo sh" before it'],
    ['gue without port', 'virtual_server 10.0.0.1 80 {\n lb_kind TUN type gue\n}', { line: 2, column: 2 }, 'lb_kind: a gue tunnel needs a port, and only gue takes one'],
    ['no real server', 'virtual_server 10.0.0.1 80 {\n protocol TCP\n}', { line: 1, column: 1 }, 'virtual_server has no real_server (keepalived ignores such a virtual server)'],
    ['unknown group', 'virtual_server group nope {\n real_server 10.1.0.1 80 {\n }\n}', { line: 1, column: 22 }, 'virtual_server group: no virtual_server_group "nope"'],
    ['bad range', 'virtual_server_group g {\n 10.0.0.9-3 80\n}', { line: 2, column: 2 }, 'virtual_server_group: range end is not above its start in "10.0.0.9-3"'],
    ['family mismatch', 'virtual_server 10.0.0.1 80 {\n real_server 2001:db8::1 80 {\n }\n}', { line: 2, column: 2 }, 'real_server: address family differs from the virtual server\'s (only TUN servers may differ)'],
    ['unterminated quote', 'virtual_server 10.0.0.1 80 {\n lb_algo "rr\n}', { line: 2, column: 10 }, 'unterminated quoted string'],
  ];
  for (const [name, text, pos, message] of cases) {
    it(name, () => expect(problem(text)).toEqual({ position: at(pos.line, pos.column), message }));
  }

  it('names standard input "-" and resolves its includes from the working directory', () => {
    expect(problem('include ./no-such-keepalived-file.conf\n', undefined, '-')).toEqual({
      position: { file: '-', line: 1, column: 9 }, message: 'included file "./no-such-keepalived-file.conf" not found' });
  });
});
