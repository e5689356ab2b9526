// Model builders and a fake NameResolver for the formatter tests.
import {
  AF_INET,
  AF_INET6,
  FWD_DROUTE,
  IPPROTO_TCP,
  TUN_FLAG_NOCSUM,
  TUN_TYPE_IPIP,
} from '../../../src/model.js';
import type { Destination, Service } from '../../../src/model.js';
import type { NameResolver, PortProtocol } from '../../../src/resolve/resolver.js';
import { inetPton4, inetPton6 } from '../../../src/libc/inet.js';
import { numericText } from '../../../src/format/address.js';
import { rawAddress } from '../../../src/model.js';

/** 16-byte address from IPv4 or IPv6 text. */
export function addr(text: string): Uint8Array {
  const a = text.includes(':') ? inetPton6(text) : inetPton4(text);
  if (!a) throw new Error(`bad address ${text}`);
  return rawAddress(a);
}

export function familyOf(text: string): number {
  return text.includes(':') ? AF_INET6 : AF_INET;
}

/** An address service (`10.1.1.1`, port) or, with fwmark set, a fwmark service. */
export function svc(over: Partial<Service> & { ip?: string } = {}): Service {
  const { ip, ...rest } = over;
  const af = rest.af ?? (ip ? familyOf(ip) : AF_INET);
  return {
    af,
    protocol: IPPROTO_TCP,
    addr: ip ? addr(ip) : new Uint8Array(16),
    port: 80,
    fwmark: 0,
    scheduler: 'wlc',
    pe: '',
    flags: 0,
    timeout: 0,
    netmask: af === AF_INET6 ? 128 : 0xffffffff,
    ...rest,
  };
}

export function fwm(mark: number, over: Partial<Service> = {}): Service {
  return svc({ protocol: 0, port: 0, fwmark: mark, ...over });
}

export function dest(ip: string, port: number, over: Partial<Destination> = {}): Destination {
  return {
    af: familyOf(ip),
    addr: addr(ip),
    port,
    fwdMethod: FWD_DROUTE,
    weight: 1,
    uThreshold: 0,
    lThreshold: 0,
    tunType: TUN_TYPE_IPIP,
    tunPort: 0,
    tunFlags: TUN_FLAG_NOCSUM,
    activeConns: 0,
    inactConns: 0,
    persistConns: 0,
    ...over,
  };
}

/** Debian's /etc/services entries the spec's samples rely on. */
export const SERVICES: Record<string, string> = {
  '22/tcp': 'ssh',
  '53/tcp': 'domain',
  '53/udp': 'domain',
  '80/tcp': 'http',
  '443/tcp': 'https',
  '443/udp': 'https',
  '5060/tcp': 'sip',
  '5060/udp': 'sip',
  '5353/udp': 'mdns',
  '5672/tcp': 'amqp',
  '5672/sctp': 'amqp',
  '8080/tcp': 'http-alt',
};

/** Answers from tables keyed by numeric address text and `port/proto`; records every lookup. */
export function fakeResolver(hosts: Record<string, string> = {}, services: Record<string, string> = SERVICES): NameResolver & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    hostToIPv4: () => null,
    serviceToPort: () => null,
    addrToHost(af: number, a: Uint8Array) {
      const key = numericText(af, a);
      calls.push(`host ${key}`);
      return hosts[key] ?? null;
    },
    portToService(port: number, proto: PortProtocol) {
      calls.push(`port ${port}/${proto}`);
      return services[`${port}/${proto}`] ?? null;
    },
  };
}

export function collect(lines: Iterable<string>): string {
  return [...lines].join('');
}
