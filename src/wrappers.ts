// ipvsadm-save and ipvsadm-restore, behaving like Debian's shell scripts of those names but
// running our ipvsadm in-process (the scripts' fixed PATH would find the C one).
import path from 'node:path';
import type { Io } from './commands/context.js';
import { runIpvsadm } from './main.js';

/** `ipvsadm-save [-n]`: -S (numeric with -n); any other dash argument prints usage, exit 1. */
export async function runIpvsadmSave(io: Io, args: string[]): Promise<number> {
  let numeric = false;
  for (const a of args) {
    if (a === '-n') numeric = true;
    else if (a.startsWith('-')) {
      const me = path.basename(io.argv0);
      io.stderr.write(`${me}: Script to save the IPVS table to stdout.\n   With the -n option, prints out the table in numeric format.\n`);
      return 1;
    }
  }
  return runIpvsadm(numeric ? ['-S', '-n'] : ['-S'], { ...io, argv0: 'ipvsadm' });
}

/**
 * `ipvsadm-restore`: reads all input, drops lines starting with `#`, clears the table
 * (result ignored), then restores the rest followed by one newline; its status is -R's.
 */
export async function runIpvsadmRestore(io: Io, _args: string[]): Promise<number> {
  const input = (await io.stdin()).toString('latin1');
  const kept = input.split('\n').filter((line) => !line.startsWith('#'));
  // The script passes the text through $(...), which strips trailing newlines, then adds one.
  const text = kept.join('\n').replace(/\n+$/, '') + '\n';
  const sub: Io = { ...io, argv0: 'ipvsadm' };
  await runIpvsadm(['-C'], sub);
  return runIpvsadm(['-R'], { ...sub, stdin: async () => Buffer.from(text, 'latin1') });
}
