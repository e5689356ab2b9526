// The test bed itself: namespaces are fresh and isolated, and the real ipvsadm works in them.
import { describe, expect, it } from 'vitest';
import { namespacesPerTest } from './netns.js';
import { runReal } from './transcript.js';

const ns = namespacesPerTest();

describe('kernel test bed', () => {
  it('gives each test an empty IPVS table of its own', async () => {
    const a = ns();
    const b = ns();
    expect((await runReal(a, '-A -t 10.1.1.1:80 -s rr')).code).toBe(0);
    expect((await runReal(a, '-a -t 10.1.1.1:80 -r 192.168.1.2:80 -m')).code).toBe(0);
    expect((await runReal(a, '-S -n')).stdout).toBe('-A -t 10.1.1.1:80 -s rr\n-a -t 10.1.1.1:80 -r 192.168.1.2:80 -m -w 1\n');
    expect((await runReal(b, '-S -n')).stdout).toBe('');
  });

  it('routes real servers in the dummy subnets, IPv4 and IPv6', async () => {
    const a = ns();
    await runReal(a, '-A -t [2001:db8::10]:80 -s wlc');
    const add = await runReal(a, '-a -t [2001:db8::10]:80 -r [2001:db8::2]:80 -m');
    expect(add).toEqual({ stdout: '', stderr: '', code: 0 });
    expect((await runReal(a, '-L -n')).stdout).toContain('  -> [2001:db8::2]:80             Masq    1      0          0         \n');
  });

  it('the real ipvsadm reports kernel errors with exit 255', async () => {
    const a = ns();
    expect(await runReal(a, '-D -t 10.9.9.9:80')).toEqual({ stdout: '', stderr: 'No such service\n', code: 255 });
  });
});
