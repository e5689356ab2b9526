// Fresh network namespaces for kernel tests: every test gets its own IPVS table.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterEach } from 'vitest';
import { REAL_IPVSADM } from './transcript.js';

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

/**
 * Name service inside the namespace (`ip netns exec` bind-mounts /etc/netns/NAME/* over
 * /etc): a resolver on a closed local port, so a reverse lookup fails at once instead of
 * waiting for a DNS timeout, and a hosts file naming some real servers, so listings without
 * -n show names. The first name on a line is the official one.
 */
export const NETNS_HOSTS = [
  '127.0.0.1 localhost',
  '192.168.1.2 rs1.example.com rs1',
  '192.168.1.3 rs2.example.com rs2',
  '10.1.1.1 vip.example.com vip',
  '2001:db8::2 rs6.example.com',
  '2001:db8::10 vip6.example.com',
  '',
].join('\n');

export function writeNameService(name: string): void {
  const dir = `/etc/netns/${name}`;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(`${dir}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  fs.writeFileSync(`${dir}/hosts`, NETNS_HOSTS);
}

/** Creates a namespace with lo up and a dummy interface `d0` with IPv4/IPv6 addresses. */
export function createNetns(prefix = 'ipvst'): string {
  const name = `${prefix}-${process.pid}-${++counter}`;
  execFileSync('ip', ['netns', 'add', name]);
  writeNameService(name);
  // One `ip -batch` instead of eight processes: process start-up is what costs under TCG.
  const batch = NETNS_SETUP.map((a) => a.join(' ')).join('\n') + '\n';
  execFileSync('ip', ['-n', name, '-batch', '-'], { input: batch });
  return name;
}

export function deleteNetns(name: string): void {
  // Services first, synchronously: the kernel's own clean-up of a deleted namespace runs later,
  // in the background, and removing services from the table every namespace shares would
  // disturb a dump running in another namespace at that moment.
  spawnSync('ip', ['netns', 'exec', name, REAL_IPVSADM, '-C'], { stdio: 'ignore' });
  try {
    execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  } catch {
    /* already gone */
  }
  fs.rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
}

/**
 * For a test file whose tests each make their own namespaces: returns a maker of fresh
 * namespaces, all deleted after each test.
 */
export function namespacesPerTest(): () => string {
  const made: string[] = [];
  afterEach(() => {
    while (made.length) deleteNetns(made.pop()!);
  });
  return () => {
    const n = createNetns();
    made.push(n);
    return n;
  };
}
