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
  write(value, pretty ? '\n' : '', pretty);
  return out.join('');

  function write(v: JsonValue, indent: string, p: boolean): void {
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
        write(item as JsonValue, inner, p);
      });
      out.push(`${indent}]`);
    } else {
      const entries = Object.entries(v as Record<string, JsonValue | undefined>).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return void out.push('{}');
      const inner = p ? `${indent}  ` : '';
      out.push('{');
      entries.forEach(([k, x], i) => {
        out.push(i ? `,${inner}` : inner, JSON.stringify(k), p ? ': ' : ':');
        write(x as JsonValue, inner, p);
      });
      out.push(`${indent}}`);
    }
  }
}

/** The whole --json output of one emitter: one document and a newline. */
export function renderJson(emit: Emit, pretty = false): string {
  return `${jsonText(jsonDocument(emit), pretty)}\n`;
}
