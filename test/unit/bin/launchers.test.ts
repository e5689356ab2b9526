// The shipped launchers (bin/* → dist/bundle/*.cjs, CommonJS for a fast start) print exactly
// what runIpvsadm prints in-process from the sources: same stdout, stderr and exit status.
// The process side gets bench/fake-netlink.cjs as a preload (a fake socket in place of the
// netlink package's raw module); the in-process side the same fake behind the transport's
// socket interface. Needs `npm run build` (npm test builds first); skipped without dist/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runIpvsadm } from '../../../src/main.js';
import { runIpvsadmRestore, runIpvsadmSave } from '../../../src/wrappers.js';
import { runIpvsadmApply } from '../../../src/apply-main.js';
import { IpvsClient } from '../../../src/netlink/client.js';
import type { DatagramSocket } from '../../../src/netlink/transport.js';
import type { Io } from '../../../src/commands/context.js';

const ROOT = path.resolve(__dirname, '../../..');
const FAKE = path.join(ROOT, 'bench/fake-netlink.cjs');
const built = fs.existsSync(path.join(ROOT, 'dist/bundle/ipvsadm.cjs'));
const { RawNetlinkSocket } = createRequire(import.meta.url)(FAKE) as {
  RawNetlinkSocket: new (p: number, o: object, services: number) => {
    address(): { port: number };
    send(b: Buffer, a: unknown, done: (e?: unknown) => void): void;
    on(ev: string, f: (x: never) => void): void;
    ref(): void;
    unref(): void;
    close(): void;
  };
};

const SERVICES = 3;

function fakeSocket(): DatagramSocket {
  const raw = new RawNetlinkSocket(16, {}, SERVICES);
  return {
    port: raw.address().port,
    send: (d, done) => raw.send(d, undefined, done as (e?: unknown) => void),
    listen: (h) => {
      raw.on('message', (b: Buffer) => h.message(b));
      raw.on('truncatedMessage', () => h.truncated());
      raw.on('error', (e: never) => h.error(e));
    },
    ref: () => raw.ref(),
    unref: () => raw.unref(),
    close: () => raw.close(),
  };
}

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

function viaBin(bin: string, args: string[], stdin: string): Result {
  const r = spawnSync(process.execPath, ['-r', FAKE, path.join(ROOT, 'bin', bin), ...args], {
    input: stdin, encoding: 'latin1', env: { PATH: process.env.PATH, FAKE_IPVS_SERVICES: String(SERVICES) },
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

async function inProcess(bin: string, args: string[], stdin: string): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    argv0: path.join(ROOT, 'bin', bin),
    env: { PATH: process.env.PATH },
    isTTY: false,
    stdin: async () => Buffer.from(stdin, 'latin1'),
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
  };
  const opts = { openClient: () => IpvsClient.open({ socket: fakeSocket() }), loadModule: () => false };
  let code: number;
  if (bin === 'ipvsadm') code = await runIpvsadm(args, io, opts);
  else if (bin === 'ipvsadm-apply') code = await runIpvsadmApply(io, args, opts);
  else {
    // The wrappers open their client through runIpvsadm's default: give them the fake too.
    const open = IpvsClient.open;
    IpvsClient.open = (o = {}) => open({ ...o, socket: fakeSocket() });
    try {
      code = bin === 'ipvsadm-save' ? await runIpvsadmSave(io, args) : await runIpvsadmRestore(io, args);
    } finally {
      IpvsClient.open = open;
    }
  }
  return { stdout, stderr, code };
}

const CASES: [string, string[], string?][] = [
  ['ipvsadm', ['-L', '-n']],
  ['ipvsadm', ['-L', '-n', '--stats']],
  ['ipvsadm', ['-L', '-n', '--json']],
  ['ipvsadm', ['-S', '-n']],
  ['ipvsadm', ['-L', '-n', '-t', '10.0.0.1:80']],
  ['ipvsadm', ['-A', '-t', '10.0.0.1:80', '-s', 'rr']],
  ['ipvsadm', ['-A', '-t', '10.0.0.1:80', '-x']],
  ['ipvsadm', ['--foo']],
  ['ipvsadm', ['-h']],
  ['ipvsadm', ['-v']],
  ['ipvsadm', ['-R'], '-A -t 10.1.1.1:80\n-a -t 10.1.1.1:80 -r 10.2.2.2 -m\n-a -t bad\n-L -n\n-h\n'],
  ['ipvsadm-save', ['-n']],
  ['ipvsadm-save', ['-x']],
  ['ipvsadm-restore', [], '# comment\n-A -t 10.1.1.1:80\n'],
  ['ipvsadm-apply', ['--dry-run'], '-A -t 10.1.1.1:80\n-a -t 10.1.1.1:80 -r 10.2.2.2 -m\n'],
  ['ipvsadm-apply', ['--check', '--json'], '-A -t 10.1.1.1:80\n'],
  ['ipvsadm-apply', ['--format', 'json', '--dry-run'], '{"services": []}'],
  ['ipvsadm-apply', ['--format', 'keepalived', '--dry-run'], 'virtual_server 10.1.1.1 80 {\n  protocol TCP\n  real_server 10.2.2.2 80 {\n  }\n}\n'],
  ['ipvsadm-apply', ['--format', 'json'], '{"services": [1]}'],
  ['ipvsadm-apply', ['--bogus']],
];

describe.skipIf(!built)('bin/* launchers (the bundles) print what the sources print', () => {
  test.each(CASES)('%s %j', async (bin, args, stdin = '') => {
    expect(viaBin(bin, args, stdin)).toEqual(await inProcess(bin, args, stdin));
  });
});
