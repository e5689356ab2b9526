// The table-driven attribute codec: a schema is a list of rows (attribute number, model
// field, wire type); one generic encoder and one generic decoder walk the same rows, so the
// two directions cannot drift apart. The concrete tables live in tables.ts.
import { AF_INET6 } from '../model.js';
import { EBADMSG, IP_VS_SVC_F_HASHED, NLA_HDRLEN } from './constants.js';
import { IpvsError } from './errors.js';
import { inetNtop4, inetNtop6, inetPton4, inetPton6 } from '../libc/inet.js';
import { attrType, forEachRecord, getCString, getU16, getU16be, getU32, getU32be, getU64, NlWriter } from './wire.js';

/** How a value travels. "host" integers use the CPU's order, "be" ones network order. */
export type ScalarWire =
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u16be'
  | 'u32be'
  /** u32 on the wire, bigint in the model (the 32-bit stats counters). */
  | 'u32big'
  | 'u64'
  /** NUL-terminated string (UTF-8). */
  | 'string'
  /** Address union: always 16 bytes out; zero-extended to 16 in. */
  | 'addr16'
  /** struct ip_vs_flags {u32 flags; u32 mask}: out mask ~0; in flags & mask without HASHED. */
  | 'flags'
  /** Service netmask: IPv4 = the 4 mask bytes (model: natural-order u32); IPv6 = host-order prefix length. */
  | 'netmask'
  /** 4 raw address bytes <-> dotted text. */
  | 'ipv4text'
  /** 16 raw address bytes <-> inet_ntop text. */
  | 'ipv6text';

export interface NestedWire {
  // Any nest's schema (its rows are typed against that nest's own model type).
  nested: Schema<any>;
}

export type Wire = ScalarWire | NestedWire;

/**
 * id: part of the object's identity; cfg: a setting that requests carry;
 * out: only reported by the kernel (never encoded).
 */
export type Role = 'id' | 'cfg' | 'out';

export interface AttrRow<T> {
  readonly nla: number;
  readonly field: Extract<keyof T, string>;
  readonly wire: Wire;
  readonly role: Role;
  /** Encode the row only when this holds (default: the field is not undefined). */
  readonly when?: (obj: T) => boolean;
  /** Decoding fails when the attribute is absent. */
  readonly required?: boolean;
  /** Not decoded when this other attribute is present (it carries the same, better). */
  readonly supersededBy?: number;
}

export interface Schema<T> {
  readonly name: string;
  /** Rows in the order requests carry them (the order ipvsadm 1.31 sends). */
  readonly rows: readonly AttrRow<T>[];
  /** Initial value of a decoded object: what an absent optional attribute reads as. */
  readonly blank: () => T;
}

/** Raised for replies that do not have the shape the tables describe (errno EBADMSG). */
export class MalformedReplyError extends IpvsError {
  override name = 'MalformedReplyError';

  constructor(message: string) {
    super(EBADMSG, `malformed IPVS reply: ${message}`);
  }
}

// ---- rows prepared for speed ----

/** A table row with its minimum length and named-property accessors. */
interface Step {
  readonly row: AttrRow<any>;
  readonly min: number;
  get: (obj: unknown) => unknown;
  set: (obj: unknown, value: unknown) => void;
}

interface Plan {
  readonly steps: readonly Step[];
  /** Objects encoded or decoded with it so far. */
  uses: number;
}

const plans = new WeakMap<object, Plan>();

/**
 * How many objects a schema's plan serves with keyed accessors before it compiles its own:
 * a compilation per field costs a cold command (a handful of objects) more than it saves,
 * while a dump or a restore of thousands gains from them.
 */
const COMPILE_AFTER = 32;

/** `o[field]` / `o[field] = v`: what a plan starts with. */
function keyedAccessors(field: string): Pick<Step, 'get' | 'set'> {
  return {
    get: (o) => (o as Record<string, unknown>)[field],
    set: (o, v) => {
      (o as Record<string, unknown>)[field] = v;
    },
  };
}

/**
 * `o.field` / `o.field = v` as functions of their own: an access to one fixed property
 * name stays monomorphic in V8, where `o[row.field]` over many fields is a slow generic
 * access (it dominated large dumps and restores). Field names come from our own tables.
 * Where code generation is forbidden (--disallow-code-generation-from-strings), plain
 * keyed access does the same, slower.
 */
function compiledAccessors(field: string): Pick<Step, 'get' | 'set'> {
  if (/^[A-Za-z_$][\w$]*$/.test(field)) {
    try {
      return {
        get: new Function('o', `return o.${field};`) as Step['get'],
        set: new Function('o', 'v', `o.${field} = v;`) as Step['set'],
      };
    } catch {
      /* fall through */
    }
  }
  return keyedAccessors(field);
}

/** The plan of a schema, counting one more use (its steps get compiled accessors in place). */
function planOf<T>(schema: Schema<T>): readonly Step[] {
  let plan = plans.get(schema);
  if (!plan) {
    plan = {
      steps: schema.rows.map((row) => ({
        row,
        min: typeof row.wire === 'object' ? 0 : (MIN_LEN[row.wire] ?? 0),
        ...keyedAccessors(row.field),
      })),
      uses: 0,
    };
    plans.set(schema, plan);
  }
  if (++plan.uses === COMPILE_AFTER) for (const step of plan.steps) Object.assign(step, compiledAccessors(step.row.field));
  return plan.steps;
}

// ---- encoding ----

/**
 * The plan's rows whose role is in `roles`, per schema and roles list ('out' rows are only
 * encoded for a kernel's side, test fakes): filtered once, not for every request. Callers
 * pass a few constant role lists, so the cache stays small.
 */
const encodePlans = new WeakMap<object, Map<readonly Role[], readonly Step[]>>();

function encodePlanOf<T>(schema: Schema<T>, roles: readonly Role[]): readonly Step[] {
  let byRoles = encodePlans.get(schema);
  if (!byRoles) encodePlans.set(schema, (byRoles = new Map()));
  const steps = planOf(schema); // counted on every encode: the filtered steps are the same objects
  let plan = byRoles.get(roles);
  if (!plan) {
    plan = steps.filter((s) => roles.includes(s.row.role));
    if (byRoles.size < 16) byRoles.set(roles, plan); // a caller building role lists afresh is not cached forever
  }
  return plan;
}

/** Writes the rows of `schema` whose role is in `roles` (in table order) for `obj`. */
export function encodeAttrs<T>(w: NlWriter, schema: Schema<T>, obj: T, roles: readonly Role[]): void {
  for (const { row, get } of encodePlanOf(schema, roles)) {
    const value = get(obj);
    if (row.when ? !row.when(obj) : value === undefined) continue;
    if (typeof row.wire === 'object') {
      const mark = w.beginNest(row.nla);
      encodeAttrs(w, row.wire.nested, value as object, roles);
      w.endNest(mark);
      continue;
    }
    const mark = w.beginAttr(row.nla);
    writeScalar(w, row.wire, value, obj, schema.name, row.field);
    w.endAttr(mark);
  }
}

function writeScalar(w: NlWriter, wire: ScalarWire, value: unknown, owner: unknown, nest: string, field: string): void {
  switch (wire) {
    case 'u8':
      return w.u8(value as number);
    case 'u16':
      return w.u16(value as number);
    case 'u32':
      return w.u32(value as number);
    case 'u16be':
      return w.u16be(value as number);
    case 'u32be':
      return w.u32be(value as number);
    case 'u32big':
      return w.u32(Number(BigInt.asUintN(32, value as bigint)));
    case 'u64':
      return w.u64(value as bigint);
    case 'string':
      return w.cstring(value as string);
    case 'addr16':
      return w.fixed(value as Uint8Array, 16);
    case 'flags':
      w.u32(value as number);
      return w.u32(0xffffffff);
    case 'netmask':
      return isIPv6Owner(owner) ? w.u32(value as number) : w.u32be(value as number);
    case 'ipv4text': {
      const bytes = inetPton4(value as string);
      if (!bytes) throw new TypeError(`${nest}.${field}: not an IPv4 address: ${String(value)}`);
      return w.raw(bytes);
    }
    case 'ipv6text': {
      const bytes = inetPton6(value as string);
      if (!bytes) throw new TypeError(`${nest}.${field}: not an IPv6 address: ${String(value)}`);
      return w.raw(bytes);
    }
  }
}

function isIPv6Owner(owner: unknown): boolean {
  return (owner as { af?: number }).af === AF_INET6;
}

// ---- decoding ----

/** Size a fixed-width wire type needs at least. */
const MIN_LEN: Partial<Record<ScalarWire, number>> = {
  u8: 1, u16: 2, u32: 4, u16be: 2, u32be: 4, u32big: 4, u64: 8,
  flags: 8, netmask: 4, ipv4text: 4, ipv6text: 16,
};

/** Highest attribute type indexed (every IPVS attribute type is below 32). */
const MAX_TYPE = 31;

/**
 * Where each attribute of one nest lies, by type, plus a presence bit mask. Decoding is
 * synchronous, so one index per nesting depth is reused for every message: a big dump
 * allocates nothing per attribute.
 */
class AttrIndex {
  readonly off = new Int32Array(MAX_TYPE + 1);
  readonly len = new Int32Array(MAX_TYPE + 1);
  mask = 0;
  bytes: Uint8Array = new Uint8Array(0);
  /** Bound once per index, so walking a nest allocates no closure. */
  readonly visit = (off: number, len: number): void => {
    const type = attrType(this.bytes, off); // replies never set NESTED; requests may
    if (type > MAX_TYPE) return;
    this.off[type] = off + NLA_HDRLEN;
    this.len[type] = len - NLA_HDRLEN; // a repeated type keeps its last occurrence, as nla_parse
    this.mask |= 1 << type;
  };
}

const indexes: AttrIndex[] = [];
let depth = 0;

function indexNest(ix: AttrIndex, b: Uint8Array, start: number, end: number, name: string): void {
  ix.mask = 0;
  ix.bytes = b;
  const bad = forEachRecord(b, start, end, 'attr', ix.visit);
  ix.bytes = EMPTY; // do not pin the receive buffer
  if (bad >= 0) throw new MalformedReplyError(`${name}: bad attribute length ${getU16(b, bad)} at ${bad}`);
}

const EMPTY = new Uint8Array(0);

/** Whether attribute `type` was present, given the mask decodeAttrs returned. */
export function hasAttr(present: number, type: number): boolean {
  return type <= MAX_TYPE && (present & (1 << type)) !== 0;
}

/**
 * Decodes the attribute stream bytes[start, end) into a fresh `schema.blank()`, walking the
 * rows in table order (so a row may depend on one decoded before it, e.g. netmask on af).
 * Attributes without a row (unknown, newer, STATS PAD) are skipped.
 * Returns the object and the presence mask (see hasAttr) for checks beyond `required`.
 */
export function decodeAttrs<T>(
  schema: Schema<T>,
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): { value: T; present: number } {
  const plan = planOf(schema);
  const ix = (indexes[depth] ??= new AttrIndex());
  indexNest(ix, bytes, start, end, schema.name);
  const present = ix.mask;
  const value = schema.blank();
  depth++;
  try {
    for (const { row, min, set } of plan) {
      const nla = row.nla;
      if ((present & (1 << nla)) === 0) {
        if (row.required) throw new MalformedReplyError(`${schema.name}: attribute ${nla} (${row.field}) missing`);
        continue;
      }
      if (row.supersededBy !== undefined && (present & (1 << row.supersededBy)) !== 0) continue;
      const off = ix.off[nla]!;
      const len = ix.len[nla]!;
      const wire = row.wire;
      if (typeof wire === 'object') {
        set(value, decodeAttrs(wire.nested, bytes, off, off + len).value);
        continue;
      }
      if (len < min) {
        throw new MalformedReplyError(`${schema.name}: attribute ${nla} (${row.field}) is ${len} bytes, needs ${min}`);
      }
      set(value, readScalar(bytes, off, len, wire, value));
    }
  } finally {
    depth--;
  }
  return { value, present };
}

function readScalar(b: Uint8Array, off: number, len: number, wire: ScalarWire, owner: unknown): unknown {
  switch (wire) {
    case 'u8':
      return b[off];
    case 'u16':
      return getU16(b, off);
    case 'u32':
      return getU32(b, off);
    case 'u16be':
      return getU16be(b, off);
    case 'u32be':
      return getU32be(b, off);
    case 'u32big':
      return BigInt(getU32(b, off));
    case 'u64':
      return getU64(b, off);
    case 'string':
      return getCString(b, off, len);
    case 'addr16': {
      // A copy: decoded objects must not pin the (large) receive buffer.
      const a = new Uint8Array(16);
      const n = len < 16 ? len : 16;
      for (let i = 0; i < n; i++) a[i] = b[off + i]!;
      return a;
    }
    case 'flags':
      return (getU32(b, off) & getU32(b, off + 4) & ~IP_VS_SVC_F_HASHED) >>> 0;
    case 'netmask':
      return isIPv6Owner(owner) ? getU32(b, off) : getU32be(b, off);
    case 'ipv4text':
      return inetNtop4(b.subarray(off, off + 4));
    case 'ipv6text':
      return inetNtop6(b.subarray(off, off + 16));
  }
}
