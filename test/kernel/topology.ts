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

export type Family = 4 | 6;

/** Addresses of each set-up: the client, the virtual service and the real server. */
export const ADDR = {
  4: {
    routed: { client: '10.0.1.2', dirClient: '10.0.1.1', vip: '10.0.1.100', dirServer: '10.0.2.1', rip: '10.0.2.2', len: 24 },
    bridged: { client: '10.0.0.1', director: '10.0.0.2', vip: '10.0.0.100', rip: '10.0.0.3', len: 24 },
  },
  6: {
    routed: { client: '2001:db8:c1::2', dirClient: '2001:db8:c1::1', vip: '2001:db8:c1::100', dirServer: '2001:db8:c2::1', rip: '2001:db8:c2::2', len: 64 },
    bridged: { client: '2001:db8:a::1', director: '2001:db8:a::2', vip: '2001:db8:a::100', rip: '2001:db8:a::3', len: 64 },
  },
} as const;


export const bare = (a: string) => a.replace(/^::ffff:/, '');
export const withPort = (family: Family, a: string, port: number) => (family === 6 ? `[${a}]:${port}` : `${a}:${port}`);
export const nodad = (family: Family) => (family === 6 ? ' nodad' : '');

export interface Setup {
  client: string;
  director: string;
  server: string;
  clientAddr: string;
  vip: string;
  rip: string;
}

/** Client — director — real server over two routed links; the server's way back is the director. */
export function routed(net: Network, family: Family): Setup {
  const a = ADDR[family].routed;
  const [client, director, server] = [net.ns('cl'), net.ns('dir'), net.ns('rs')];
  net.veth(client, 'c0', director, 'dc');
  net.veth(director, 'ds', server, 's0');
  net.ip(client, [`addr add ${a.client}/${a.len} dev c0${nodad(family)}`, `route add default via ${a.dirClient}`]);
  net.ip(director, [
    `addr add ${a.dirClient}/${a.len} dev dc${nodad(family)}`,
    `addr add ${a.vip}/${family === 6 ? 128 : 32} dev dc${nodad(family)}`,
    `addr add ${a.dirServer}/${a.len} dev ds${nodad(family)}`,
  ]);
  net.ip(server, [`addr add ${a.rip}/${a.len} dev s0${nodad(family)}`, `route add default via ${a.dirServer}`]);
  net.sh(director, family === 6 ? 'sysctl -qw net.ipv6.conf.all.forwarding=1' : 'sysctl -qw net.ipv4.ip_forward=1');
  return { client, director, server, clientAddr: a.client, vip: a.vip, rip: a.rip };
}

