// The rules document of `ipvsadm -S --json` read back as a desired table (ipvsadm-apply
// --format json). Checked in three steps, each failing with a position: JSON syntax
// (jsonc-parser, strict JSON), the document's shape (ajv against docs/ipvsadm.schema.json,
// the schema the printer is tested against), then what the schema cannot say (addresses of
// the stated family, ipvsadm's own rules for services and real servers).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { type Node, type ParseError, findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';
import {
  AF_INET, AF_INET6, FWD_DROUTE, FWD_LOCALNODE, FWD_MASQ, FWD_TUNNEL, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP,
  SCHED_FLAG_WORDS, SVC_F_ONEPACKET, SVC_F_PERSISTENT,
  TUN_FLAG_CSUM, TUN_FLAG_NOCSUM, TUN_FLAG_REMCSUM, TUN_TYPE_GRE, TUN_TYPE_GUE, TUN_TYPE_IPIP,
} from '../model.js';
import type { DestConfig, RulesReadResult, ServiceConfig, ServiceRules, SourcePosition } from '../model.js';
import { parseAddress } from './address.js';
import { positionAt } from './position.js';

/**
 * The schema: the build's copy beside dist/config/ and dist/bundle/ (what ships), else the
 * repository's docs/ (running from src/).
 */
const schemaFiles = (): string[] =>
  ['../ipvsadm.schema.json', '../../docs/ipvsadm.schema.json'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));

let validator: ValidateFunction | undefined;

function rulesValidator(): ValidateFunction {
  if (validator) return validator;
  const candidates = schemaFiles();
  const file = candidates.find((f) => fs.existsSync(f)) ?? candidates[0]!;
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as { $id: string };
  const ajv = new Ajv2020({ allErrors: false, strict: true, strictRequired: false });
  ajv.addSchema(schema);
  validator = ajv.compile({ $ref: `${schema.$id}#/$defs/rules` });
  return validator;
}

const FAMILIES: Record<string, number> = { inet: AF_INET, inet6: AF_INET6 };
const PROTOCOLS: Record<string, number> = { tcp: IPPROTO_TCP, udp: IPPROTO_UDP, sctp: IPPROTO_SCTP };
const FORWARDING: Record<string, number> = { masq: FWD_MASQ, local: FWD_LOCALNODE, tunnel: FWD_TUNNEL, route: FWD_DROUTE };
const FLAGS: Record<string, number> = {
  persistent: SVC_F_PERSISTENT, 'one-packet': SVC_F_ONEPACKET,
  ...Object.fromEntries(Object.entries(SCHED_FLAG_WORDS).map(([word, { bit }]) => [word, bit])),
};
const TUN_TYPES: Record<string, number> = { ipip: TUN_TYPE_IPIP, gue: TUN_TYPE_GUE, gre: TUN_TYPE_GRE };
const TUN_CSUM: Record<string, number> = { nocsum: TUN_FLAG_NOCSUM, csum: TUN_FLAG_CSUM, remcsum: TUN_FLAG_REMCSUM };

/** Thrown inside the reader only: a problem at a JSON path. */
class AtPath extends Error {
  constructor(readonly path: (string | number)[], message: string) {
    super(message);
  }
}

interface RuleDest {
  family: string | number; address: string; port: number; forwarding: string | number; weight: number;
  uThreshold: number; lThreshold: number; tunnel?: { type: string | number; port?: number; checksum?: string | number };
}
interface RuleService {
  family: string | number; protocol?: string | number; address?: string; port?: number; fwmark?: number;
  scheduler: string; flags: string[]; timeout: number; netmask?: string; prefixLength?: number; pe?: string;
  realServers: RuleDest[];
}

export function readJsonRules(file: string, text: string): RulesReadResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    return problem(positionAt(file, text, e?.offset ?? 0), `invalid JSON: ${e ? printParseErrorCode(e.error) : 'no document'}`);
  }
  const doc = JSON.parse(text) as unknown;
  const validate = rulesValidator();
  if (!validate(doc)) {
    const err = validate.errors![0]!;
    const path = instancePath(err);
    const value = err.instancePath.split('/').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], doc);
    return problem(positionOf(file, text, root, path), `${pathText(path)}: ${schemaMessage(err, value)}`);
  }
  try {
    const services = (doc as { services: RuleService[] }).services.map((svc, i) => toServiceRules(svc, i, file, text, root));
    return { ok: true, services };
  } catch (e) {
    if (!(e instanceof AtPath)) throw e;
    return problem(positionOf(file, text, root, e.path), `${pathText(e.path)}: ${e.message}`);
  }
}

function toServiceRules(svc: RuleService, i: number, file: string, text: string, root: Node): ServiceRules {
  const at = ['services', i];
  const af = familyOf(svc.family, [...at, 'family']);
  let flags = 0;
  for (const name of svc.flags) flags |= FLAGS[name]!;
  const service: ServiceConfig = {
    af,
    protocol: 0,
    addr: new Uint8Array(16),
    port: 0,
    fwmark: svc.fwmark ?? 0,
    scheduler: svc.scheduler,
    pe: svc.pe ?? '',
    flags,
    timeout: svc.timeout,
    netmask: maskOf(svc, af, at),
  };
  if (svc.fwmark === undefined) {
    service.protocol = named(PROTOCOLS, svc.protocol!, [...at, 'protocol'], 'a protocol (tcp, udp, sctp)');
    service.addr = addressOf(af, svc.address!, [...at, 'address']);
    service.port = svc.port!;
  }
  // ipvsadm's own checks of -A (their messages too).
  if (!service.fwmark && !service.port && !(flags & SVC_F_PERSISTENT)) throw new AtPath([...at, 'port'], 'Zero port specified for non-persistent service');
  if (flags & SVC_F_ONEPACKET && !service.fwmark && service.protocol !== IPPROTO_UDP) {
    throw new AtPath([...at, 'flags'], 'One-Packet Scheduling is only for UDP virtual services');
  }
  const dests = svc.realServers.map((d, j) => toDest(d, service, [...at, 'realServers', j]));
  return { service, dests, origin: positionOf(file, text, root, at) };
}

function toDest(d: RuleDest, service: ServiceConfig, at: (string | number)[]): DestConfig {
  const af = familyOf(d.family, [...at, 'family']);
  const fwdMethod = named(FORWARDING, d.forwarding, [...at, 'forwarding'], 'a forwarding method (masq, local, tunnel, route)');
  const dest: DestConfig = {
    af,
    addr: addressOf(af, d.address, [...at, 'address']),
    // Direct routing and tunnelling keep the service's port, as ipvsadm -a makes them.
    port: !service.fwmark && (fwdMethod === FWD_TUNNEL || fwdMethod === FWD_DROUTE) ? service.port : d.port,
    fwdMethod,
    weight: d.weight,
    uThreshold: d.uThreshold,
    lThreshold: d.lThreshold,
    tunType: TUN_TYPE_IPIP,
    tunPort: 0,
    tunFlags: TUN_FLAG_NOCSUM,
  };
  if (af !== service.af && fwdMethod !== FWD_TUNNEL) throw new AtPath([...at, 'family'], 'Different address family is allowed only for tunneling servers');
  if (d.tunnel) {
    if (fwdMethod !== FWD_TUNNEL) throw new AtPath([...at, 'tunnel'], 'Tunnel options conflict with forward method');
    dest.tunType = named(TUN_TYPES, d.tunnel.type, [...at, 'tunnel', 'type'], 'a tunnel type (ipip, gue, gre)');
    if (d.tunnel.checksum !== undefined) dest.tunFlags = named(TUN_CSUM, d.tunnel.checksum, [...at, 'tunnel', 'checksum'], 'nocsum, csum or remcsum');
    if (d.tunnel.port !== undefined) dest.tunPort = d.tunnel.port;
    if (dest.tunType === TUN_TYPE_GUE && !dest.tunPort) throw new AtPath([...at, 'tunnel'], 'gue tunnel requires a port');
  }
  return dest;
}

function familyOf(value: string | number, path: (string | number)[]): number {
  return named(FAMILIES, value, path, 'inet or inet6');
}

function named(table: Record<string, number>, value: string | number, path: (string | number)[], what: string): number {
  const n = typeof value === 'string' ? table[value] : undefined;
  if (n === undefined) throw new AtPath(path, `expected ${what}, got ${JSON.stringify(value)}`);
  return n;
}

function addressOf(af: number, text: string, path: (string | number)[]): Uint8Array {
  const addr = parseAddress(af, text);
  if (!addr) throw new AtPath(path, `not a numeric ${af === AF_INET6 ? 'IPv6' : 'IPv4'} address: ${JSON.stringify(text)}`);
  return addr;
}

function maskOf(svc: RuleService, af: number, at: (string | number)[]): number {
  if (af === AF_INET6) {
    if (svc.prefixLength === undefined) throw new AtPath(at, 'an inet6 service has prefixLength, not netmask');
    return svc.prefixLength;
  }
  if (svc.netmask === undefined) throw new AtPath(at, 'an inet service has netmask, not prefixLength');
  const mask = parseAddress(AF_INET, svc.netmask);
  if (!mask) throw new AtPath([...at, 'netmask'], `not a netmask: ${JSON.stringify(svc.netmask)}`);
  return ((mask[0]! << 24) | (mask[1]! << 16) | (mask[2]! << 8) | mask[3]!) >>> 0;
}

// ---- positions and messages of schema errors ----

function instancePath(err: ErrorObject): (string | number)[] {
  const path: (string | number)[] = err.instancePath.split('/').slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const extra = (err.params as { additionalProperty?: string }).additionalProperty;
  if (err.keyword === 'additionalProperties' && extra !== undefined) path.push(extra);
  return path;
}

/** The schema's either-or parts of a service, in words (ajv would name one branch's field). */
const EITHER_OR: readonly [RegExp, string][] = [
  [/^#\/allOf\/0\/oneOf/, 'a service has fwmark, or protocol, address and port'],
  [/^#\/allOf\/1\/oneOf/, 'a service has netmask (inet) or prefixLength (inet6)'],
];

function schemaMessage(err: ErrorObject, value: unknown): string {
  const params = err.params as Record<string, unknown>;
  const either = EITHER_OR.find(([where]) => where.test(err.schemaPath));
  // A service's either-or parts are checked before its type: say what is wrong first.
  if (either) return typeof value === 'object' && value !== null && !Array.isArray(value) ? either[1] : 'must be object';
  switch (err.keyword) {
    case 'additionalProperties':
      return 'not a field of the rules document';
    case 'required':
      return `${String(params.missingProperty)} is missing`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return err.message ?? err.keyword;
  }
}

/** `services[0].realServers[1].weight`, or `the document` for the root. */
function pathText(path: (string | number)[]): string {
  if (path.length === 0) return 'the document';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Where `path` is in the text: the value's start, or a property's key for a field not allowed. */
function positionOf(file: string, text: string, root: Node, path: (string | number)[]): SourcePosition {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (!node) continue;
    const offset = n === path.length && node.parent?.type === 'property' ? node.parent.offset : node.offset;
    return positionAt(file, text, offset);
  }
  return positionAt(file, text, 0);
}

function problem(position: SourcePosition, message: string): RulesReadResult {
  return { ok: false, problem: { position, message } };
}
