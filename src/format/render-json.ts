// JSON renderer of the field printer: keyed fields build one document; text-only pieces are
// dropped. Written by our own serialiser because 64-bit counters (bigint) must come out as
// integers with every digit, which JSON.stringify cannot do.
import type { Emit, FieldSink, FieldStyle, JsonValue } from './fields.js';

type Container = { kind: 'object'; value: Record<string, JsonValue> } | { kind: 'array'; value: JsonValue[] };

export class JsonSink implements FieldSink {
  readonly json = true;
  private readonly root: Record<string, JsonValue> = {};
  private readonly stack: Container[] = [{ kind: 'object', value: this.root }];

  private put(key: string | null, value: JsonValue): void {
    const top = this.stack[this.stack.length - 1]!;
    if (top.kind === 'array') top.value.push(value);
    else if (key !== null) top.value[key] = value;
    else throw new Error('JSON field without a key inside an object');
  }

  field(key: string | null, value: JsonValue | undefined, _text: string | null, _style?: FieldStyle): void {
    if (key !== null && value !== undefined) this.put(key, value);
  }

  text(): void {}

  begin(key: string | null, kind: 'object' | 'array'): void {
    const container: Container = kind === 'object' ? { kind, value: {} } : { kind, value: [] };
    this.put(key, container.value);
    this.stack.push(container);
  }

  end(): void {
    if (this.stack.length <= 1) throw new Error('JSON end() without begin()');
    this.stack.pop();
  }

  newline(): void {}

  /** The document built so far. */
  document(): Record<string, JsonValue> {
    return this.root;
  }
}

/** The document one emitter builds. */
export function jsonDocument(emit: Emit): Record<string, JsonValue> {
  const sink = new JsonSink();
  emit(sink);
  return sink.document();
}

/**
 * JSON text of a value: bigints as their decimal digits, undefined members left out,
 * `pretty` indents by two spaces. No trailing newline.
 */
export function jsonText(value: JsonValue, pretty = false): string {
  const out: string[] = [];
  writeJson(out, value, pretty ? '\n' : '', pretty);
  return out.join('');
}

/** Appends the JSON text of `v` to `out`; `indent` is the line break and indent it starts at. */
function writeJson(out: string[], v: JsonValue, indent: string, p: boolean): void {
  if (v === null) out.push('null');
  else if (typeof v === 'bigint') out.push(v.toString());
  else if (typeof v === 'number') out.push(Number.isFinite(v) ? String(v) : 'null');
  else if (typeof v === 'string' || typeof v === 'boolean') out.push(JSON.stringify(v));
  else if (Array.isArray(v)) {
    if (v.length === 0) return void out.push('[]');
    const inner = p ? `${indent}  ` : '';
    out.push('[');
    v.forEach((item, i) => {
      out.push(i ? `,${inner}` : inner);
      writeJson(out, item as JsonValue, inner, p);
    });
    out.push(`${indent}]`);
  } else {
    const entries = Object.entries(v as Record<string, JsonValue | undefined>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return void out.push('{}');
    const inner = p ? `${indent}  ` : '';
    out.push('{');
    entries.forEach(([k, x], i) => {
      out.push(i ? `,${inner}` : inner, JSON.stringify(k), p ? ': ' : ':');
      writeJson(out, x as JsonValue, inner, p);
    });
    out.push(`${indent}}`);
  }
}

/**
 * The JSON renderer that writes as the fields come (what the CLI uses): the same bytes as
 * jsonText(jsonDocument(emit)), without building the document first. It writes UTF-8 bytes
 * into 64 KiB blocks: a big table's listing is megabytes of short pieces, which as strings
 * would be ropes to flatten and garbage to collect (natively about a fifth of the writing's
 * time for a 10k-service `-L -n --json`).
 */
export class JsonTextSink implements FieldSink {
  readonly json = true;
  private readonly out = new ByteBlocks();
  private readonly stack: Frame[];
  /** The open container (the stack's last frame). */
  private top: Frame;
  /**
   * The text that starts a member, per key, compact: `"key":` first, `,"key":` after it.
   * Listings repeat a few dozen keys thousands of times.
   */
  private readonly members = new Map<string, [first: string, later: string]>();

  constructor(private readonly pretty = false) {
    this.top = { kind: 'object', items: 0, indent: pretty ? '\n' : '' };
    this.stack = [this.top];
    this.out.put('{');
  }

  /** The text that starts the next member or item of the open container. */
  private next(key: string | null): string {
    const top = this.top;
    const later = top.items++ > 0;
    if (top.kind === 'array') return this.pretty ? `${later ? ',' : ''}${top.indent}  ` : later ? ',' : '';
    if (key === null) throw new Error('JSON field without a key inside an object');
    if (this.pretty) return `${later ? ',' : ''}${top.indent}  ${JSON.stringify(key)}: `;
    let texts = this.members.get(key);
    if (texts === undefined) this.members.set(key, (texts = [`${JSON.stringify(key)}:`, `,${JSON.stringify(key)}:`]));
    return texts[later ? 1 : 0];
  }

  field(key: string | null, value: JsonValue | undefined, _text: string | null, _style?: FieldStyle): void {
    if (key === null || value === undefined) return;
    const start = this.next(key);
    const out = this.out;
    switch (typeof value) {
      case 'number':
        out.put(start);
        if (value >= 0 && value <= 0x7fffffff && (value | 0) === value) out.digits(value);
        else out.put(Number.isFinite(value) ? String(value) : 'null');
        return;
      case 'bigint':
        out.put(start);
        out.put(value.toString());
        return;
      case 'string':
        out.put(start);
        out.jsonString(value);
        return;
      default: {
        const text: string[] = [start];
        writeJson(text, value, this.pretty ? `${this.top.indent}  ` : '', this.pretty);
        out.put(text.join(''));
      }
    }
  }

  text(): void {}

  begin(key: string | null, kind: 'object' | 'array'): void {
    this.out.put(this.next(key));
    this.out.put(kind === 'object' ? '{' : '[');
    this.top = { kind, items: 0, indent: this.pretty ? `${this.top.indent}  ` : '' };
    this.stack.push(this.top);
  }

  end(): void {
    if (this.stack.length <= 1) throw new Error('JSON end() without begin()');
    this.close(this.stack.pop()!);
    this.top = this.stack[this.stack.length - 1]!;
  }

  newline(): void {}

  private close(c: Frame): void {
    const bracket = c.kind === 'object' ? '}' : ']';
    this.out.put(c.items ? `${c.indent}${bracket}` : bracket);
  }

  /** The document's UTF-8 bytes, in blocks, and `suffix` after them; the sink is done after it. */
  finishBlocks(suffix = ''): Buffer[] {
    while (this.stack.length) this.close(this.stack.pop()!);
    this.out.put(suffix);
    return this.out.blocks();
  }

  /** The document's text (no trailing newline); the sink is done after it. */
  finish(): string {
    return Buffer.concat(this.finishBlocks()).toString('utf8');
  }
}

const BLOCK = 65536;
/** Bytes one UTF-16 code unit can take in UTF-8 (a surrogate pair: 4 for 2). */
const MAX_UTF8_PER_UNIT = 3;

/** Growing output in blocks; ASCII is stored byte by byte, anything else through Buffer#write. */
class ByteBlocks {
  private readonly full: Buffer[] = [];
  private block = Buffer.allocUnsafe(BLOCK);
  private pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.block.length) return;
    if (this.pos > 0) this.full.push(this.block.subarray(0, this.pos));
    this.block = Buffer.allocUnsafe(Math.max(BLOCK, n));
    this.pos = 0;
  }

  put(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.block;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) return this.putUtf8(s, i, pos);
      b[pos++] = c;
    }
    this.pos = pos;
  }

  /** The rest of `s` from `i` (the first non-ASCII unit), `pos` being where it goes. */
  private putUtf8(s: string, i: number, pos: number): void {
    this.pos = pos;
    const rest = s.slice(i);
    this.room(rest.length * MAX_UTF8_PER_UNIT);
    this.pos += this.block.write(rest, this.pos, 'utf8');
  }

  /** A non-negative 31-bit integer's decimal digits. */
  digits(v: number): void {
    let n = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) n++;
    this.room(n);
    const b = this.block;
    let pos = (this.pos += n);
    do {
      const q = (v / 10) | 0;
      b[--pos] = 0x30 + v - q * 10;
      v = q;
    } while (v > 0);
  }

  /**
   * JSON.stringify(s). Most strings here are short ASCII words and addresses that need no
   * escape: stored as they are checked; any other goes through JSON.stringify.
   */
  jsonString(s: string): void {
    const n = s.length;
    if (n <= 64) {
      this.room(n + 2);
      const b = this.block;
      let pos = this.pos;
      b[pos++] = 0x22;
      let plain = true;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
          plain = false;
          break;
        }
        b[pos++] = c;
      }
      if (plain) {
        b[pos++] = 0x22;
        this.pos = pos;
        return;
      }
    }
    this.put(JSON.stringify(s));
  }

  blocks(): Buffer[] {
    return [...this.full, this.block.subarray(0, this.pos)];
  }
}

interface Frame {
  kind: 'object' | 'array';
  items: number;
  /** The line break and indent of the container's own line (pretty), else ''. */
  indent: string;
}

/** The whole --json output of one emitter: one document and a newline. */
export function renderJson(emit: Emit, pretty = false): string {
  return `${jsonText(jsonDocument(emit), pretty)}\n`;
}
