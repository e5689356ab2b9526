// ipvsadm-apply end to end against the fake kernel: the table after an apply is the one
// `-C` then `-R` of the same file makes; a second run has nothing to do; --check and
// --dry-run change nothing; bad input is refused before the first change.
import { describe, expect, it } from 'vitest';
import * as C from '../../../src/netlink/constants.js';
import { ENOMEM } from '../../../src/libc/errno.js';
import { countSessions } from '../commands/harness.js';
import { FakeIpvs, apply, ipvsadm, kernelWith, saved } from './helpers.js';

const CURRENT = `-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1
-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 1
-A -t 10.0.0.2:443 -s wlc -p 300
-a -t 10.0.0.2:443 -r 192.168.1.3:443 -g -w 2
-A -u 10.0.0.3:53 -s rr
-a -u 10.0.0.3:53 -r 192.168.1.4:53 -m -w 1
`;

const DESIRED = `-A -t 10.0.0.1:80 -s wrr
-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 3
-a -t 10.0.0.1:80 -r 192.168.1.5:80 -m -w 1 -x 100 -y 10
-A -t 10.0.0.2:443 -s wlc -p 300
-a -t 10.0.0.2:443 -r 192.168.1.3:443 -g -w 2
-A -f 7 -s sh -b sh-port
-a -f 7 -r 192.168.1.6:0 -i -w 1 --tun-type gue --tun-port 6080
-A -t [2001:db8::1]:80 -s rr
-a -t [2001:db8::1]:80 -r [2001:db8::2]:80 -m -w 1
`;

async function restored(rules: string): Promise<string[]> {
  return saved(await kernelWith(rules));
}

describe('ipvsadm-apply against the fake kernel', () => {
  it('leaves the table -C then -R of the file makes, and a second run has an empty plan', async () => {
    const kernel = await kernelWith(CURRENT);
    const r = await apply(kernel, [], DESIRED);
    expect(r).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await saved(kernel)).toEqual(await restored(DESIRED));
    expect(await apply(kernel, ['--dry-run'], DESIRED)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await apply(kernel, ['--check'], DESIRED)).toEqual({ stdout: '', stderr: '', code: 0 });
  });

  it('makes the fewest changes, additions before removals, and never a flush', async () => {
    const kernel = await kernelWith(CURRENT);
    const dry = await apply(kernel, ['--dry-run'], DESIRED);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(`-E -t 10.0.0.1:80 -s wrr
-A -f 7 -s sh -b sh-port
-A -t [2001:db8::1]:80 -s rr
-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 3
-a -t 10.0.0.1:80 -r 192.168.1.5:80 -m -w 1 -x 100 -y 10
-a -f 7 -r 192.168.1.6:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum
-a -t [2001:db8::1]:80 -r [2001:db8::2]:80 -m -w 1
-d -t 10.0.0.1:80 -r 192.168.1.2:80
-D -u 10.0.0.3:53
`);
    const before = kernel.commands.length;
    await apply(kernel, [], DESIRED);
    const sent = kernel.commands.slice(before);
    expect(sent).not.toContain(C.IPVS_CMD_FLUSH);
    expect(sent.filter((c) => c !== C.IPVS_CMD_GET_SERVICE && c !== C.IPVS_CMD_GET_DEST && c !== C.IPVS_CMD_GET_INFO)).toHaveLength(9);
  });

  it('the dry run is ipvsadm -R input that makes the same table', async () => {
    const kernel = await kernelWith(CURRENT);
    const dry = await apply(kernel, ['--dry-run'], DESIRED);
    const r = await ipvsadm(kernel, '-R', { stdin: dry.stdout });
    expect(r).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await saved(kernel)).toEqual(await restored(DESIRED));
  });

  it('--check exits 1 with the plan on drift and changes nothing', async () => {
    const kernel = await kernelWith(DESIRED);
    await ipvsadm(kernel, '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 9');
    const before = await saved(kernel);
    const r = await apply(kernel, ['--check'], DESIRED);
    expect(r).toEqual({ stdout: '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 3\n', stderr: '', code: 1 });
    expect(await saved(kernel)).toEqual(before);
    const j = await apply(kernel, ['--check', '--json'], DESIRED);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toEqual({
      drift: true,
      changes: [{
        op: 'edit-server', phase: 'add', command: '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 3',
        service: { family: 'inet', protocol: 'tcp', address: '10.0.0.1', port: 80, scheduler: 'wrr', flags: [], timeout: 0, netmask: '255.255.255.255' },
        realServer: { family: 'inet', address: '192.168.1.1', port: 80, forwarding: 'masq', weight: 3, uThreshold: 0, lThreshold: 0 },
      }],
    });
  });

  it('refuses a bad rules file before any change, with file:line:column and ipvsadm\'s words', async () => {
    const kernel = await kernelWith(CURRENT);
    const sent = kernel.commands.length;
    const cases: [string, string][] = [
      ['-A -t 10.0.0.1:80\n  -a -t 10.0.0.9:80 -r 192.168.1.1:80\n', '-:2:3: Service not defined\n'],
      ['-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n', '-:2:1: Service already exists\n'],
      ['-A -t 10.0.0.300:80\n', '-:1:1: illegal virtual server address[:port] specified\n'],
      ['-A -t 10.0.0.1:80\n-L -n\n', '-:2:1: -L: a list line describes no rules (rules files hold -A, -E, -D, -a, -e, -d and -C lines)\n'],
      ['-A -t 10.0.0.1:80 -s rr\n-e -t 10.0.0.1:80 -r 1.2.3.4:80\n', '-:2:1: No such destination\n'],
    ];
    for (const [input, message] of cases) {
      expect(await apply(kernel, [], input), input).toEqual({ stdout: '', stderr: message, code: 2 });
    }
    // Nothing reached the kernel: not even the table was read.
    expect(kernel.commands.length).toBe(sent);
    expect(await saved(kernel)).toEqual(await restored(CURRENT));
  });

  it('a failed change: ipvsadm\'s message, what was made before it, exit 3', async () => {
    const kernel = await kernelWith(CURRENT);
    kernel.failing.set(C.IPVS_CMD_DEL_SERVICE, ENOMEM);
    const r = await apply(kernel, [], DESIRED);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('Memory allocation problem\n'
      + 'ipvsadm-apply: failed: -D -u 10.0.0.3:53\n'
      + 'ipvsadm-apply: 8 of 9 changes made before it; the rest not made\n');
  });

  it('usage errors exit 2; --help and --version exit 0', async () => {
    const kernel = new FakeIpvs();
    expect((await apply(kernel, ['--format', 'xml'])).code).toBe(2);
    expect((await apply(kernel, ['--dry-run', '--check'])).code).toBe(2);
    expect((await apply(kernel, ['--drain', 'soon'])).code).toBe(2);
    expect((await apply(kernel, ['--bogus'])).stderr).toBe("error: unknown option '--bogus'\n");
    const help = await apply(kernel, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ipvsadm-apply \[options\] \[FILE\|-\]\n/);
    expect(await apply(kernel, ['--version'])).toEqual({ stdout: '0.1.0\n', stderr: '', code: 0 });
  });

  it('drops lines starting with #, as ipvsadm-restore does, and keeps counting lines', async () => {
    const kernel = await kernelWith('');
    expect(await apply(kernel, [], `# ipvsadm.rules\n${DESIRED}`)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await saved(kernel)).toEqual(await restored(DESIRED));
    expect(await apply(kernel, [], '# head\n-A -t 10.0.0.1:80\n  # not at the start: a word\n'))
      .toEqual({ stdout: '', stderr: "-:3:3: Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n", code: 2 });
  });

  it('a file that cannot be read', async () => {
    expect(await apply(new FakeIpvs(), ['/nonexistent/rules'])).toEqual({ stdout: '', stderr: 'ipvsadm-apply: cannot read /nonexistent/rules: ENOENT\n', code: 2 });
  });
});

describe('ipvsadm-apply --format keepalived', () => {
  const conf = `virtual_server 10.0.0.1 80 {
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server 192.168.1.1 80 {
    weight 1
    TCP_CHECK {
      connect_timeout 3
    }
  }
}
`;
  it('programs what keepalived would, and a second run has nothing to do', async () => {
    const kernel = await kernelWith(CURRENT);
    const dry = await apply(kernel, ['--format', 'keepalived', '--dry-run'], conf);
    expect(dry).toEqual({
      stdout: '-d -t 10.0.0.1:80 -r 192.168.1.2:80\n-D -t 10.0.0.2:443\n-D -u 10.0.0.3:53\n', stderr: '', code: 0,
    });
    expect((await apply(kernel, ['--format', 'keepalived'], conf)).code).toBe(0);
    expect(await saved(kernel)).toEqual(['-A -t 10.0.0.1:80 -s rr', '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1']);
    expect(await apply(kernel, ['--format', 'keepalived', '--check'], conf)).toEqual({ stdout: '', stderr: '', code: 0 });
  });

  it('a keyword that would change IPVS and is not known is refused with its position', async () => {
    const kernel = await kernelWith(CURRENT);
    const r = await apply(kernel, ['--format', 'keepalived'], conf.replace('lb_kind NAT', 'lb_kindd NAT'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^-:3:3: .*lb_kindd/);
    expect(await saved(kernel)).toEqual(await restored(CURRENT));
  });
});

describe('reading a big live table', () => {
  it('spreads the real-server dumps over up to three more connections, closed after, with the same plan', async () => {
    const lines: string[] = [];
    for (let s = 0; s < 600; s++) lines.push(`-A -t 10.1.${s >> 8}.${s & 255}:80 -s rr`, `-a -t 10.1.${s >> 8}.${s & 255}:80 -r 192.168.1.${(s % 200) + 1}:80 -m -w 1`);
    const table = lines.join('\n') + '\n';
    const kernel = await kernelWith(table);
    const sessions = countSessions(kernel);
    const desired = table.replace('-a -t 10.1.0.7:80 -r 192.168.1.8:80 -m -w 1', '-a -t 10.1.0.7:80 -r 192.168.1.8:80 -m -w 5');
    expect(await apply(kernel, ['--dry-run'], desired)).toEqual({ stdout: '-e -t 10.1.0.7:80 -r 192.168.1.8:80 -m -w 5\n', stderr: '', code: 0 });
    expect(sessions).toEqual({ opened: 3, closed: 3 }); // 600 services: two more besides the tool's own
    expect(await apply(kernel, ['--check'], table)).toEqual({ stdout: '', stderr: '', code: 0 });
  });
});
