// Runs ipvsadm in-process the way the launcher does, but against a FakeIpvs, a fake resolver
// and a given /proc: everything a command does shows in the output and in the fake's state.
import { runIpvsadm } from '../../../src/main.js';
import type { Io } from '../../../src/commands/context.js';
import { FakeResolver } from '../cli/helpers.js';
import { FakeIpvs } from './fake-ipvs.js';

export interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

export interface RunOpts {
  stdin?: string;
  /** /proc files by path; a path not given cannot be opened. */
  proc?: Record<string, string>;
}

/** Streams of an ipvsadm run that keep what was written: not a terminal, no environment. */
export function capturedIo(stdin = ''): { io: Io; stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    argv0: 'ipvsadm',
    env: {},
    isTTY: false,
    stdin: async () => Buffer.from(stdin, 'latin1'),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}

export async function ipvsadm(kernel: FakeIpvs, line: string | string[], opts: RunOpts = {}): Promise<Run> {
  const { io, stdout, stderr } = capturedIo(opts.stdin);
  const args = Array.isArray(line) ? line : line.split(' ').filter((w) => w !== '');
  const code = await runIpvsadm(args, io, {
    openClient: kernel.open,
    resolver: new FakeResolver(),
    readProcFile: (file) => {
      const text = opts.proc?.[file];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return text;
    },
  });
  return { stdout: stdout(), stderr: stderr(), code };
}

export { FakeIpvs };

/** Counts the connections opened to `kernel` and closed again, from now on. */
export function countSessions(kernel: FakeIpvs): { opened: number; closed: number } {
  const counts = { opened: 0, closed: 0 };
  const open = kernel.open;
  kernel.open = async () => {
    counts.opened++;
    const session = await open();
    const close = session.close.bind(session);
    session.close = () => {
      counts.closed++;
      close();
    };
    return session;
  };
  return counts;
}
