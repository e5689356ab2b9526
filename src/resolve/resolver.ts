// Name lookups the way glibc answers them for ipvsadm: hosts via nsswitch (files, then DNS),
// services from /etc/services. Synchronous on purpose: ipvsadm's parsing and listing are.
import { IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, type RawAddress } from '../model.js';

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface NameResolver {
  /** gethostbyname(): first IPv4 address of a host name (4 bytes), or null. */
  hostToIPv4(name: string): Uint8Array | null;
  /** getservbyname(): port number of a service name for a protocol, or null. */
  serviceToPort(name: string, proto: PortProtocol): number | null;
  /** gethostbyaddr(): the official host name of an address, or null. */
  addrToHost(af: number, addr: RawAddress): string | null;
  /** getservbyport(): the official service name of a port for a protocol, or null. */
  portToService(port: number, proto: PortProtocol): string | null;
}

const PORT_PROTOCOLS: Readonly<Record<number, PortProtocol>> = { [IPPROTO_TCP]: 'tcp', [IPPROTO_UDP]: 'udp', [IPPROTO_SCTP]: 'sctp' };

/** The services-database protocol of an IP protocol, or null (fwmark, protocol 0, others). */
export function portProtocolOf(protocol: number): PortProtocol | null {
  return PORT_PROTOCOLS[protocol] ?? null;
}
