// Fresh network namespaces for kernel tests: every test gets its own IPVS table.
import { execFileSync } from 'node:child_process';

let counter = 0;

/** Addresses the real servers of the tests live in (a dummy interface carries them). */
export const NETNS_SETUP = [
  ['link', 'set', 'lo', 'up'],
  ['link', 'add', 'd0', 'type', 'dummy'],
  ['link', 'set', 'd0', 'up'],
  ['addr', 'add', '192.168.1.1/24', 'dev', 'd0'],
  ['addr', 'add', '192.168.2.1/24', 'dev', 'd0'],
  ['addr', 'add', '10.1.1.254/24', 'dev', 'd0'],
  ['addr', 'add', '2001:db8::1/64', 'dev', 'd0', 'nodad'],
  ['addr', 'add', '2001:db8:1::1/64', 'dev', 'd0', 'nodad'],
];

/** Creates a namespace with lo up and a dummy interface `d0` with IPv4/IPv6 addresses. */
export function createNetns(prefix = 'ipvst'): string {
  const name = `${prefix}-${process.pid}-${++counter}`;
  execFileSync('ip', ['netns', 'add', name]);
  // One `ip -batch` instead of eight processes: process start-up is what costs under TCG.
  const batch = NETNS_SETUP.map((a) => a.join(' ')).join('\n') + '\n';
  execFileSync('ip', ['-n', name, '-batch', '-'], { input: batch });
  return name;
}

export function deleteNetns(name: string): void {
  try {
    execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  } catch {
    /* already gone */
  }
}
