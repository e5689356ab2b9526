// The JSON vocabulary of the field printer: families, protocols, flags, forwarding methods and
// tunnels by name, and the address fields (numeric text, and names beside them without -n).
import {
  AF_INET, AF_INET6, FWD_DROUTE, FWD_LOCALNODE, FWD_MASQ, FWD_TUNNEL, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP,
  SVC_F_ONEPACKET, SVC_F_PERSISTENT, SVC_F_SCHED1, SVC_F_SCHED2, SVC_F_SCHED3,
  TUN_FLAG_CSUM, TUN_FLAG_NOCSUM, TUN_FLAG_REMCSUM, TUN_TYPE_GRE, TUN_TYPE_GUE, TUN_TYPE_IPIP,
} from '../model.js';
import type { DestConfig, RawAddress, ServiceConfig } from '../model.js';
import { portProtocolOf } from '../resolve/resolver.js';
import type { Naming } from './address.js';
import type { FieldSink, FieldStyle, JsonValue } from './fields.js';
import { inetNtop } from '../libc/inet.js';

/** `inet`, `inet6`, or the number for any other family. */
export function familyKey(af: number): string | number {
  return af === AF_INET ? 'inet' : af === AF_INET6 ? 'inet6' : af;
}

/** The colour style of an address of this family. */
export function familyStyle(af: number): FieldStyle {
  return af === AF_INET6 ? 'inet6' : 'inet';
}

/** `tcp`, `udp`, `sctp`, or the protocol number. */
export function protocolKey(protocol: number): string | number {
  switch (protocol) {
    case IPPROTO_TCP:
      return 'tcp';
    case IPPROTO_UDP:
      return 'udp';
    case IPPROTO_SCTP:
      return 'sctp';
    default:
      return protocol;
  }
}

/**
 * Service flags by name: `persistent`, `one-packet`, and each scheduler flag by its `-b` word
 * (`sh-fallback`/`sh-port` for sh, `mh-…` for mh, else `flag-1`..`flag-3`). The kernel's
 * internal hashed bit is never shown (it is masked off on decode).
 */
export function serviceFlagNames(svc: Pick<ServiceConfig, 'scheduler' | 'flags'>): string[] {
  const names: string[] = [];
  if (svc.flags & SVC_F_PERSISTENT) names.push('persistent');
  if (svc.flags & SVC_F_ONEPACKET) names.push('one-packet');
  const named = svc.scheduler === 'sh' || svc.scheduler === 'mh';
  if (svc.flags & SVC_F_SCHED1) names.push(named ? `${svc.scheduler}-fallback` : 'flag-1');
  if (svc.flags & SVC_F_SCHED2) names.push(named ? `${svc.scheduler}-port` : 'flag-2');
  // sh and mh have no word of their own for bit 3; `-b flag-3` sets it with any scheduler.
  if (svc.flags & SVC_F_SCHED3) names.push('flag-3');
  return names;
}

/** `masq`, `local`, `tunnel`, `route`, or the method number (low 3 bits) for others. */
export function forwardKey(fwdMethod: number): string | number {
  switch (fwdMethod & 7) {
    case FWD_MASQ:
      return 'masq';
    case FWD_LOCALNODE:
      return 'local';
    case FWD_TUNNEL:
      return 'tunnel';
    case FWD_DROUTE:
      return 'route';
    default:
      return fwdMethod & 7;
  }
}

const TUN_TYPES: Record<number, string> = { [TUN_TYPE_IPIP]: 'ipip', [TUN_TYPE_GUE]: 'gue', [TUN_TYPE_GRE]: 'gre' };
const TUN_CSUM: Record<number, string> = { [TUN_FLAG_NOCSUM]: 'nocsum', [TUN_FLAG_CSUM]: 'csum', [TUN_FLAG_REMCSUM]: 'remcsum' };

/**
 * A tunnelling real server's tunnel, with what `-S` writes for its type: ipip alone, gue with
 * port and checksum mode, gre with checksum mode. Undefined when not tunnelling.
 */
export function tunnelValue(dest: Pick<DestConfig, 'fwdMethod' | 'tunType' | 'tunPort' | 'tunFlags'>): JsonValue | undefined {
  if ((dest.fwdMethod & 7) !== FWD_TUNNEL) return undefined;
  const type = TUN_TYPES[dest.tunType] ?? dest.tunType;
  const checksum = TUN_CSUM[dest.tunFlags] ?? dest.tunFlags;
  if (dest.tunType === TUN_TYPE_GUE) return { type, port: dest.tunPort & 0xffff, checksum };
  if (dest.tunType === TUN_TYPE_GRE) return { type, checksum };
  return { type };
}

/** The persistence mask as a key and value: IPv4 `netmask` dotted, IPv6 `prefixLength`. */
export function maskField(svc: Pick<ServiceConfig, 'af' | 'netmask'>): [string, JsonValue] {
  if (svc.af === AF_INET6) return ['prefixLength', svc.netmask];
  const m = svc.netmask >>> 0;
  return ['netmask', `${m >>> 24}.${(m >>> 16) & 255}.${(m >>> 8) & 255}.${m & 255}`];
}

/**
 * JSON-only address fields: `family`, `address` (numeric text), `port`; without -n also
 * `host` and `portName` where the resolver knows a name (never instead of the numbers).
 */
export function addressFields(p: FieldSink, af: number, addr: RawAddress, port: number, protocol: number, naming: Naming, withFamily = true): void {
  if (!p.json) return; // JSON-only fields: a text sink would drop them (and a huge table pays for each)
  // A service writes `family` itself, to put `protocol` after it.
  if (withFamily) p.field('family', familyKey(af), null);
  p.field('address', inetNtop(af, addr) ?? '(null)', null); // as printf shows a NULL string
  p.field('port', port & 0xffff, null);
  nameFields(p, af, addr, port, protocol, naming);
}

/** `host` and `portName` beside the numbers, when not numeric and a name is known. */
export function nameFields(p: FieldSink, af: number, addr: RawAddress, port: number, protocol: number, naming: Naming): void {
  if (naming.numeric) return;
  const host = naming.resolver.addrToHost(af, addr);
  if (host !== null) p.field('host', host, null);
  const proto = portProtocolOf(protocol);
  const p16 = port & 0xffff;
  const name = proto && p16 !== 0 ? naming.resolver.portToService(p16, proto) : null;
  if (name !== null) p.field('portName', name, null);
}
