// Small networks of namespaces for end-to-end traffic: a client, a director and real servers
// joined by veth pairs (routed, for NAT) or by one bridged segment (DR and tunnels, where the
// real server answers the client itself).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { deleteNetns, writeNameService } from './netns.js';

let counter = 0;

/** A set of namespaces made together and deleted together. */
export class Network {
  readonly names: string[] = [];
  private procs: ChildProcess[] = [];

  constructor(private readonly prefix: string) {}

  /** A new namespace with lo up; `role` makes the name readable in `ip netns`. */
  ns(role: string): string {
    const name = `${this.prefix}-${role}-${process.pid}-${++counter}`;
    execFileSync('ip', ['netns', 'add', name]);
    writeNameService(name);
    this.names.push(name);
    this.ip(name, ['link set lo up']);
    return name;
  }

  /** `ip -batch` inside `ns`: one process for many commands (process starts are slow under TCG). */
  ip(ns: string, lines: string[]): void {
    execFileSync('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
  }

  /** Shell commands inside `ns` (sysctl, modprobe), in one process. */
  sh(ns: string, script: string): string {
    return execFileSync('ip', ['netns', 'exec', ns, 'sh', '-ec', script], { encoding: 'utf8' });
  }

  /** A veth pair `a`@nsA — `b`@nsB, both up. */
  veth(nsA: string, a: string, nsB: string, b: string): void {
    this.ip(nsA, [`link add ${a} type veth peer name ${b} netns ${nsB}`, `link set ${a} up`]);
    this.ip(nsB, [`link set ${b} up`]);
  }

  /** A Node script in `ns`, resolved once it prints `ready`; killed with the network. */
  start(ns: string, script: string, args: string[] = []): Promise<{ child: ChildProcess; lines: AsyncIterableIterator<string> }> {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script, '--', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.procs.push(child);
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    return lines.next().then((first) => {
      if (first.done || first.value !== 'ready') throw new Error(`process in ${ns} did not start: ${String(first.value)}`);
      return { child, lines };
    });
  }

  /** Kills the processes and deletes the namespaces, those made last first. */
  destroy(): void {
    for (const p of this.procs) p.kill('SIGKILL');
    for (const name of [...this.names].reverse()) deleteNetns(name);
  }
}

/** Runs `argv` in `ns` to completion and returns its stdout (throws on a non-zero exit). */
export function runIn(ns: string, argv: string[], input = ''): string {
  return execFileSync('ip', ['netns', 'exec', ns, ...argv], { input, encoding: 'utf8' });
}
