// Running ipvsadm command lines through the real binary and through ours, in namespaces.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { SETTLE_SHELL } from './sync-threads.js';

export const REAL_IPVSADM = process.env.IPVS_REAL_IPVSADM || '/usr/sbin/ipvsadm';
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One command line: argv without argv[0], and optional standard input (for -R). */
export interface Step {
  args: string[];
  stdin?: string;
  /** Extra environment for our run only (the real ipvsadm has no such settings). */
  env?: Record<string, string>;
}

export interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
}

/** Accepts `'-A -t 10.1.1.1:80 -s rr'` (split on blanks) or a Step. */
export type StepLike = string | Step;

export function toStep(s: StepLike): Step {
  return typeof s === 'string' ? { args: s.split(/\s+/).filter(Boolean) } : s;
}

/** Runs one process to completion inside `ns`, feeding `stdin`, collecting its output. */
export function runInNetns(ns: string, argv: string[], stdin = ''): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? (signal === 'SIGSEGV' ? 139 : 128),
      });
    });
    child.stdin.on('error', () => { /* the program may not read its input */ });
    child.stdin.end(stdin);
  });
}

/** The real ipvsadm, as a process, invoked as `ipvsadm` (argv[0] shows in some messages). */
export function runReal(ns: string, step: StepLike): Promise<Outcome> {
  const s = toStep(step);
  return runInNetns(ns, ['bash', '-c', 'exec -a ipvsadm "$0" "$@"', REAL_IPVSADM, ...s.args], s.stdin);
}

/** Single-quotes a word for bash. */
function shellWord(w: string): string {
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * The real ipvsadm for a whole list of steps, in one shell inside `ns`: one namespace entry
 * instead of one per step (each process start is slow under TCG). Same outcomes as runReal.
 */
export async function runRealBatch(ns: string, steps: StepLike[], { settleSyncThreads = false } = {}): Promise<Outcome[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvs-real-'));
  try {
    // settleSyncThreads: before each step, every IPVS sync thread has run (sync-threads.ts).
    const lines = ['cd "$1"', ...(settleSyncThreads ? [SETTLE_SHELL] : [])];
    steps.map(toStep).forEach((s, i) => {
      fs.writeFileSync(path.join(dir, `in.${i}`), s.stdin ?? '');
      const args = s.args.map(shellWord).join(' ');
      if (settleSyncThreads) lines.push('settle_sync_threads');
      lines.push(`(exec -a ipvsadm ${shellWord(REAL_IPVSADM)} ${args}) <in.${i} >out.${i} 2>err.${i}; echo $? >rc.${i}`);
    });
    fs.writeFileSync(path.join(dir, 'run.sh'), lines.join('\n') + '\n');
    const r = await runInNetns(ns, ['bash', path.join(dir, 'run.sh'), dir]);
    if (r.code !== 0) throw new Error(`batch of real ipvsadm steps failed: ${r.stderr}`);
    return steps.map((_, i) => ({
      stdout: fs.readFileSync(path.join(dir, `out.${i}`), 'utf8'),
      stderr: fs.readFileSync(path.join(dir, `err.${i}`), 'utf8'),
      code: Number(fs.readFileSync(path.join(dir, `rc.${i}`), 'utf8').trim()),
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One of our launchers (bin/ipvsadm, ...) as a separate process, found through PATH as a shell would. */
export function runOursProcess(ns: string, step: StepLike, bin = 'ipvsadm'): Promise<Outcome> {
  const s = toStep(step);
  const PATH = `${path.join(REPO, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  const extra = Object.entries(s.env ?? {}).map(([k, v]) => `${k}=${v}`);
  return runInNetns(ns, ['env', `PATH=${PATH}`, ...extra, bin, ...s.args], s.stdin);
}

/**
 * Our ipvsadm in-process inside a long-lived agent that lives in the namespace: one node
 * start per namespace instead of one per command (each start costs about a second under TCG).
 */
export class Agent {
  private child;
  private lines;
  private waiting: Array<(line: string) => void> = [];
  private nextId = 1;

  constructor(public readonly ns: string) {
    this.child = spawn('ip', ['netns', 'exec', ns, process.execPath, path.join(REPO, 'test/kernel/agent.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.waiting.shift()?.(line));
  }

  /** ipvsadm-apply in the agent (argv0 is then that tool's). */
  apply(step: StepLike): Promise<Outcome> {
    return this.run(step, 'ipvsadm-apply', 'ipvsadm-apply');
  }

  run(step: StepLike, argv0 = 'ipvsadm', tool = 'ipvsadm'): Promise<Outcome> {
    const s = toStep(step);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => {
        const reply = JSON.parse(line);
        if (reply.id !== id) reject(new Error(`agent answered ${reply.id} to ${id}`));
        else if (reply.crash) reject(new Error(`agent crashed: ${reply.crash}`));
        else resolve({ stdout: reply.stdout, stderr: reply.stderr, code: reply.code });
      });
      this.child.stdin.write(JSON.stringify({ id, tool, argv0, args: s.args, stdin: s.stdin ?? '', env: s.env }) + '\n');
      // Say which side and which step, rather than only the test's timeout.
      const timer = setTimeout(() => reject(new Error(`ours did not answer within 300 s: ipvsadm ${s.args.join(' ')}`)), 300_000);
      const settle = this.waiting[this.waiting.length - 1]!;
      this.waiting[this.waiting.length - 1] = (line) => {
        clearTimeout(timer);
        settle(line);
      };
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.on('close', () => resolve());
      this.child.stdin.end();
    });
  }
}
