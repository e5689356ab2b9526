// Where a listing's output goes (commands/output.ts, launch.ts's FdWriter): a stream that takes
// bytes (the CLI's stdout) gets a JSON document as UTF-8 blocks, and those are the very bytes
// the string path writes, names beyond ASCII and documents of many blocks included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/commands/context.js';
import { FdWriter } from '../../../src/launch.js';
import { runIpvsadm } from '../../../src/main.js';
import { FakeResolver } from '../cli/helpers.js';
import { FakeIpvs, ipvsadm } from './harness.js';

/** Names every address, some beyond ASCII (as /etc/hosts may). */
class NamingResolver extends FakeResolver {
  override addrToHost(_af: number, addr: Uint8Array): string | null {
    return addr[3]! % 3 === 0 ? `hôte-${addr[3]}-ü😀` : `host-${addr[2]}-${addr[3]}`;
  }
}

async function table(services: number): Promise<FakeIpvs> {
  const lines: string[] = [];
  for (let s = 0; s < services; s++) {
    const vip = `10.0.${s >> 8}.${s & 255}`;
    lines.push(`-A -t ${vip}:80 -s wlc${s % 5 === 0 ? ' -p 300' : ''}`);
    for (let d = 0; d < 2; d++) lines.push(`-a -t ${vip}:80 -r 192.168.${d}.${(s % 250) + 2}:8080 -m -w ${s % 4}`);
  }
  const k = new FakeIpvs();
  expect(await ipvsadm(k, '-R', { stdin: `${lines.join('\n')}\n` })).toMatchObject({ code: 0, stderr: '' });
  return k;
}

/** Runs `args`; with `bytes`, stdout also takes bytes (kept as UTF-8 text, in order). */
async function run(k: FakeIpvs, args: string[], bytes: boolean): Promise<{ stdout: string; code: number; blocks: number }> {
  const parts: Buffer[] = [];
  let blocks = 0;
  const stdout: Io['stdout'] = { write: (s: string) => parts.push(Buffer.from(s, 'utf8')) };
  if (bytes) {
    stdout.writeBytes = (b: Uint8Array) => {
      blocks++;
      parts.push(Buffer.from(b));
    };
  }
  const io: Io = { argv0: 'ipvsadm', env: {}, isTTY: false, stdin: async () => Buffer.alloc(0), stdout, stderr: { write: () => true } };
  const code = await runIpvsadm(args, io, { openClient: k.open, resolver: new NamingResolver() });
  return { stdout: Buffer.concat(parts).toString('utf8'), code, blocks };
}

describe('JSON output as bytes', () => {
  it('gives the bytes of the string path, for every listing, in many blocks', async () => {
    const k = await table(700);
    for (const line of ['-L --json', '-L -n --json --pretty', '-L -n --stats --json', '-S --json', '-S -n --json --pretty', '-L -n']) {
      const args = line.split(' ');
      const asText = await run(k, args, false);
      const asBytes = await run(k, args, true);
      expect(asBytes.code, line).toBe(0);
      expect(asBytes.stdout, line).toBe(asText.stdout);
      if (line.includes('--json')) {
        expect(asBytes.blocks, line).toBeGreaterThan(1); // the document is over one 64 KiB block
        expect(JSON.parse(asBytes.stdout).services, line).toHaveLength(700);
      } else {
        expect(asBytes.blocks, line).toBe(0); // text stays on the string path
      }
    }
    expect((await run(k, ['-L', '--json'], true)).stdout).toContain('"hôte-3-ü😀"');
  });
});

describe('FdWriter', () => {
  it('keeps strings and bytes in the order written', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fdwriter-'));
    const file = path.join(dir, 'out');
    const fd = fs.openSync(file, 'w');
    try {
      const w = new FdWriter(fd, 8);
      w.write('ab');
      w.writeBytes(Buffer.from('ü-1|', 'utf8'));
      w.write('c');
      w.write('défghijkl');
      w.writeBytes(Buffer.from('2|'));
      w.write('z');
      w.flush();
      expect(fs.readFileSync(file, 'utf8')).toBe('abü-1|cdéfghijkl2|z');
    } finally {
      fs.closeSync(fd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
