// A fake NameResolver with a few hosts and services, and shorthands for parser tests.
import { expect } from 'vitest';
import { parseCommandLine } from '../../../src/cli/parse.js';
import type { Command, ParseOutcome } from '../../../src/cli/command.js';
import type { NameResolver, PortProtocol } from '../../../src/resolve/resolver.js';

const HOSTS: Record<string, [number, number, number, number]> = {
  localhost: [127, 0, 0, 1],
  rs5: [192, 168, 1, 5],
  'www.example.com': [93, 184, 216, 34],
};

const SERVICES: Record<PortProtocol, Record<string, number>> = {
  tcp: { http: 80, www: 80, ssh: 22, 'http-alt': 8080, domain: 53, https: 443 },
  udp: { domain: 53, mdns: 5353 },
  sctp: { amqp: 5672 },
};

/** Records every lookup, so tests can tell which protocol a port name was looked up with. */
export class FakeResolver implements NameResolver {
  readonly calls: string[] = [];

  hostToIPv4(name: string): Uint8Array | null {
    this.calls.push(`host ${name}`);
    const a = Object.hasOwn(HOSTS, name) ? HOSTS[name] : undefined;
    return a ? Uint8Array.from(a) : null;
  }

  serviceToPort(name: string, proto: PortProtocol): number | null {
    this.calls.push(`service ${name}/${proto}`);
    return Object.hasOwn(SERVICES[proto], name) ? SERVICES[proto][name]! : null;
  }

  addrToHost(): string | null {
    return null;
  }

  portToService(): string | null {
    return null;
  }
}

/** Splits a command line on spaces (no quoting; use an array for odd arguments). */
export function argv(line: string | string[]): string[] {
  return Array.isArray(line) ? line : line.split(' ').filter((w) => w !== '');
}

export function parse(
  line: string | string[],
  opts: { env?: Record<string, string | undefined>; argv0?: string; resolver?: NameResolver } = {},
): ParseOutcome {
  return parseCommandLine(argv(line), {
    argv0: opts.argv0 ?? 'ipvsadm',
    env: opts.env ?? {},
    resolver: opts.resolver ?? new FakeResolver(),
  });
}

/** The Command of a line that must parse. */
export function command(line: string | string[], opts: Parameters<typeof parse>[1] = {}): Command {
  const outcome = parse(line, opts);
  if (outcome.type !== 'command') throw new Error(`expected a command, got ${JSON.stringify(outcome)}`);
  return outcome.command;
}

export const TRY_HELP = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.";

/**
 * Asserts ipvsadm's stderr bytes (a newline is appended) and exit status for a line, and
 * whether ipvsadm exit()s there: by default as in ipvsadm.c, where fail() (status 2) and
 * tryhelp_exit() exit and a popt error after the first option is returned.
 */
export function expectError(
  line: string | string[],
  message: string,
  exitCode = 2,
  opts: Parameters<typeof parse>[1] = {},
  exits = exitCode === 2 || message === TRY_HELP,
): void {
  expect(parse(line, opts)).toEqual({ type: 'error', message: `${message}\n`, exitCode, exits });
}

/** Dotted text of the first four bytes. */
export function ipv4(addr: Uint8Array): string {
  return Array.from(addr.subarray(0, 4)).join('.');
}
