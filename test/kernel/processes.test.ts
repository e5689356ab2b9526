// What needs the process boundary: exit statuses, argv[0] in messages, standard input of -R,
// and the ipvsadm-save / ipvsadm-restore wrappers, against Debian's real programs and scripts.
import { describe, expect, it } from 'vitest';
import { createNetns, deleteNetns } from './netns.js';
import path from 'node:path';
import { type Outcome, REPO, runInNetns, runOursProcess } from './transcript.js';

interface Call {
  bin: 'ipvsadm' | 'ipvsadm-save' | 'ipvsadm-restore';
  args: string[];
  stdin?: string;
}

const call = (line: string, stdin?: string): Call => {
  const [bin, ...args] = line.split(/\s+/).filter(Boolean);
  return { bin: bin as Call['bin'], args, stdin };
};

function show(calls: Call[], outs: Outcome[]): string {
  return outs.map((o, i) => `$ ${calls[i]!.bin} ${calls[i]!.args.join(' ')}\n${o.stdout}[stderr]\n${o.stderr}[exit ${o.code}]\n`).join('');
}

/** Runs the calls as processes: Debian's programs (found through PATH) in one netns, ours in another. */
async function expectSameProcesses(calls: Call[]): Promise<void> {
  const nsReal = createNetns('ipvs-preal');
  const nsOurs = createNetns('ipvs-pours');
  try {
    const real: Outcome[] = [];
    const ours: Outcome[] = [];
    for (const c of calls) {
      real.push(await runInNetns(nsReal, ['env', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', c.bin, ...c.args], c.stdin ?? ''));
      ours.push(await runOursProcess(nsOurs, { args: c.args, stdin: c.stdin }, c.bin));
    }
    expect(show(calls, ours)).toBe(show(calls, real));
  } finally {
    deleteNetns(nsReal);
    deleteNetns(nsOurs);
  }
}

const RULES = '-A -t 10.1.1.1:80 -s rr\n-a -t 10.1.1.1:80 -r 192.168.1.2:80 -m\n-A -u 10.1.1.1:53 -s wlc -o\n';

describe('processes, against Debian ipvsadm 1.31', () => {
  it('exit statuses and argv[0] in messages', async () => {
    await expectSameProcesses([
      call('ipvsadm'),
      call('ipvsadm --bogus'),
      call('ipvsadm -A -t 10.1.1.1:0'),
      call('ipvsadm -A -t 10.1.1.1:80'),
      call('ipvsadm -A -t 10.1.1.1:80'),
      call('ipvsadm -L -n -t 10.9.9.9:80'),
      call('ipvsadm -h'),
      call('ipvsadm --version'),
      call('ipvsadm -Ln'),
    ]);
  });

  it('without CAP_NET_ADMIN (root of a user namespace) IPVS cannot be initialised', async () => {
    const nsReal = createNetns('ipvs-preal');
    const nsOurs = createNetns('ipvs-pours');
    try {
      const bin = path.join(REPO, 'bin/ipvsadm');
      const real = await runInNetns(nsReal, ['unshare', '-Ur', 'bash', '-c', 'exec -a ipvsadm /usr/sbin/ipvsadm -L -n']);
      const ours = await runInNetns(nsOurs, ['unshare', '-Ur', 'bash', '-c', `exec -a ipvsadm ${bin} -L -n`]);
      expect(real.stderr).toContain('Permission denied (you must be root)');
      expect(ours).toEqual(real);
    } finally {
      deleteNetns(nsReal);
      deleteNetns(nsOurs);
    }
  });

  it('-R reads standard input', async () => {
    await expectSameProcesses([
      call('ipvsadm -R', `${RULES}-A -t 10.1.1.1:80 -s rr\n`),
      call('ipvsadm -S -n'),
      call('ipvsadm -R', `-A -t 10.1.1.5:80\nnot a command\n`),
    ]);
  });

  it('ipvsadm-save and ipvsadm-restore behave like the Debian scripts', async () => {
    await expectSameProcesses([
      call('ipvsadm-restore', `# saved\n${RULES}  # indented comment\n`),
      call('ipvsadm-save -n'),
      call('ipvsadm-restore', `# ipvsadm.rules\n${RULES}\n\n`),
      call('ipvsadm-save'),
      call('ipvsadm-save foo -n'),
      call('ipvsadm-save -x'),
      call('ipvsadm-restore ignored args', ''),
      call('ipvsadm-save -n'),
    ]);
  });
});
