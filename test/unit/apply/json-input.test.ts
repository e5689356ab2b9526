// --format json: the rules document of `ipvsadm -S --json` read back, and its problems placed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonRules } from '../../../src/config/json-rules.js';
import { apply, ipvsadm, kernelWith, saved } from './helpers.js';

const RULES = `-A -t 10.0.0.1:80 -s wrr -p 600 -M 255.255.255.0
-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 3 -x 50 -y 5
-A -u 10.0.0.3:5060 -s rr -p 60 --pe sip
-a -u 10.0.0.3:5060 -r 192.168.1.4:5060 -m -w 1
-A -f 4294967295 -6 -s mh -b mh-port,mh-fallback -p 30 -M 64
-a -f 4294967295 -6 -r [2001:db8::9]:0 -i -w 0 --tun-type gre --tun-csum
-A -t 10.0.0.5:443 -s sh -b flag-3
-a -t 10.0.0.5:443 -r [2001:db8::5]:443 -i -w 1 --tun-type gue --tun-port 6080 --tun-remcsum
-A -u 10.0.0.6:53 -s rr -o
-a -u 10.0.0.6:53 -r 192.168.1.6:53 -g -w 1
`;

describe('ipvsadm-apply --format json', () => {
  it('-S --json of a table, applied to an empty kernel, makes that table (thresholds too)', async () => {
    const source = await kernelWith(RULES);
    const doc = (await ipvsadm(source, '-S -n --json')).stdout;
    const target = await kernelWith('');
    expect(await apply(target, ['--format', 'json'], doc)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await saved(target)).toEqual(await saved(source));
    // -S leaves thresholds out; the JSON document carries them.
    expect(target.services.find((e) => e.service.port === 80)!.dests[0]).toMatchObject({ uThreshold: 50, lThreshold: 5 });
    expect((await apply(target, ['--format', 'json', '--check'], doc)).code).toBe(0);
  });

  const problem = (text: string) => {
    const r = readJsonRules('rules.json', text);
    return r.ok ? null : `${r.problem.position.line}:${r.problem.position.column}: ${r.problem.message}`;
  };

  it('places syntax, shape and meaning problems at their line and column', () => {
    expect(problem('{"services": [}')).toBe('1:15: invalid JSON: ValueExpected');
    expect(problem('{"services": []} // note')).toBe('1:18: invalid JSON: InvalidCommentToken');
    expect(problem('{"servces": []}')).toBe('1:1: the document: services is missing');
    expect(problem('{"services": [], "extra": 1}')).toBe('1:18: extra: not a field of the rules document');
    const svc = (fields: string) => `{"services": [\n  {${fields}}\n]}`;
    const base = '"family": "inet", "protocol": "tcp", "address": "10.0.0.1", "port": 80, "scheduler": "rr", "flags": [], "timeout": 0, "netmask": "255.255.255.255"';
    expect(problem(svc(`${base}, "realServers": []`))).toBeNull();
    expect(problem(svc(`${base}, "realServers": [{"family": "inet", "address": "10.1.1.1", "port": 80, "forwarding": "masq", "weight": 1.5, "uThreshold": 0, "lThreshold": 0}]`)))
      .toBe('2:244: services[0].realServers[0].weight: must be integer');
    expect(problem(svc(base.replace('10.0.0.1', '10.0.0.256') + ', "realServers": []'))).toBe('2:41: services[0].address: not a numeric IPv4 address: "10.0.0.256"');
    expect(problem(svc(base.replace('"inet"', '"inet6"') + ', "realServers": []'))).toBe('2:3: services[0]: an inet6 service has prefixLength, not netmask');
    expect(problem(svc(`${base}, "realServers": [{"family": "inet6", "address": "::1", "port": 80, "forwarding": "masq", "weight": 1, "uThreshold": 0, "lThreshold": 0}]`)))
      .toBe('2:169: services[0].realServers[0].family: Different address family is allowed only for tunneling servers');
    expect(problem(svc(base.replace('"flags": []', '"flags": ["one-packet"]') + ', "realServers": []'))).toBe('2:95: services[0].flags: One-Packet Scheduling is only for UDP virtual services');
    expect(problem(svc(base.replace('"protocol": "tcp", "address": "10.0.0.1", "port": 80, ', '') + ', "realServers": []')))
      .toBe('2:3: services[0]: a service has fwmark, or protocol, address and port');
  });

  it('a bad document changes nothing, and says where', async () => {
    const kernel = await kernelWith(RULES);
    const before = await saved(kernel);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apply-')), 'rules.json');
    fs.writeFileSync(file, '{"services": [1]}');
    const r = await apply(kernel, ['-f', 'json', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${file}:1:15: services[0]: must be object\n`);
    expect(await saved(kernel)).toEqual(before);
  });
});
