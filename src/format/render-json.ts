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
 * The JSON renderer that writes text as the fields come (what the CLI uses): the same bytes
 * as jsonText(jsonDocument(emit)), without building the document first. A big table's
 * listing then holds its text, not a tree of objects and then its text.
 */
export class JsonTextSink implements FieldSink {
  readonly json = true;
  // The text of the element being written (a rope while it grows), and the flat texts of the
  // finished top-level elements: one rope for the whole document keeps every small piece alive
  // to the end, and the collector then copies them again and again (3-4x the time).
  private buf = '{';
  private readonly done: string[] = [];
  private readonly stack: Frame[];
  /** The open container (the stack's last frame). */
  private top: Frame;
  /**
   * The text that starts a member, per key, compact: `"key":` first, `,"key":` after it.
   * Listings repeat a few dozen keys thousands of times.
   */
  private readonly firstMember = new Map<string, string>();
  private readonly laterMember = new Map<string, string>();

  constructor(private readonly pretty = false) {
    this.top = { kind: 'object', items: 0, indent: pretty ? '\n' : '' };
    this.stack = [this.top];
  }

  /** The text that starts the next member or item of the open container. */
  private next(key: string | null): string {
    const top = this.top;
    const later = top.items++ > 0;
    if (top.kind === 'array') return this.pretty ? `${later ? ',' : ''}${top.indent}  ` : later ? ',' : '';
    if (key === null) throw new Error('JSON field without a key inside an object');
    if (this.pretty) return `${later ? ',' : ''}${top.indent}  ${JSON.stringify(key)}: `;
    const cache = later ? this.laterMember : this.firstMember;
    let text = cache.get(key);
    if (text === undefined) cache.set(key, (text = `${later ? ',' : ''}${JSON.stringify(key)}:`));
    return text;
  }

  field(key: string | null, value: JsonValue | undefined, _text: string | null, _style?: FieldStyle): void {
    if (key === null || value === undefined) return;
    const start = this.next(key);
    switch (typeof value) {
      case 'number':
        this.buf += start;
        this.buf += Number.isFinite(value) ? String(value) : 'null';
        return;
      case 'bigint':
        this.buf += start;
        this.buf += value.toString();
        return;
      case 'string':
        this.buf += start;
        this.buf += jsonString(value);
        return;
      default: {
        const out: string[] = [start];
        writeJson(out, value, this.pretty ? `${this.top.indent}  ` : '', this.pretty);
        this.buf += out.join('');
      }
    }
  }

  text(): void {}

  begin(key: string | null, kind: 'object' | 'array'): void {
    this.buf += this.next(key);
    this.buf += kind === 'object' ? '{' : '[';
    this.top = { kind, items: 0, indent: this.pretty ? `${this.top.indent}  ` : '' };
    this.stack.push(this.top);
  }

  end(): void {
    if (this.stack.length <= 1) throw new Error('JSON end() without begin()');
    this.close(this.stack.pop()!);
    this.top = this.stack[this.stack.length - 1]!;
    // A service, a connection: an element of a top-level array is done.
    if (this.stack.length === 2) this.cut();
  }

  private cut(): void {
    // Reading a character makes V8 flatten the rope, so its pieces die young.
    this.buf.charCodeAt(0);
    this.done.push(this.buf);
    this.buf = '';
  }

  newline(): void {}

  private close(c: Frame): void {
    const bracket = c.kind === 'object' ? '}' : ']';
    this.buf += c.items ? `${c.indent}${bracket}` : bracket;
  }

  /** The document's text (no trailing newline); the sink is done after it. */
  finish(): string {
    while (this.stack.length) this.close(this.stack.pop()!);
    this.cut();
    return this.done.join('');
  }
}

/**
 * JSON.stringify of a string. Most strings here are short, plain ASCII words and addresses:
 * checked and quoted in JavaScript, without a call into the runtime for each.
 */
function jsonString(s: string): string {
  if (s.length > 64) return JSON.stringify(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return JSON.stringify(s);
  }
  return `"${s}"`;
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
