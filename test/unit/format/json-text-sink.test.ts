// The streaming JSON sink the CLI writes with gives the very bytes of the document sink plus
// jsonText (the library's path), for any sequence of fields, nests and values.
import { describe, expect, it } from 'vitest';
import type { Emit, FieldSink, JsonValue } from '../../../src/format/fields.js';
import { JsonTextSink, jsonDocument, jsonText } from '../../../src/format/render-json.js';
import { random } from '../../apply/tables.js';

function randomEmit(seed: number): Emit {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const values: (JsonValue | undefined)[] = [0, 7, 10, 99, 100, 8080, 65535, 2147483647, 2147483648, 4294967295, -3, 0.5, 2 ** 53 + 5, 18446744073709551615n, 'a"b\\c', '', 'ünïcode', 'tab\tand\u0001', '😀 emoji', `${'x'.repeat(70)}"`, `${'ü'.repeat(40000)}`, 'é', true, false, null, undefined,
    [], [1, 'x', [2]], {}, { type: 'gue', port: 6080, checksum: undefined }, { a: { b: [] } }];
  const steps: ((p: FieldSink) => void)[] = [];
  const build = (depth: number, inArray: boolean, n: number): void => {
    for (let i = 0; i < n; i++) {
      const key = inArray ? null : `k${i}`;
      const r = rand();
      if (r < 0.2 && depth < 4) {
        const kind = pick(['object', 'array'] as const);
        steps.push((p) => p.begin(key, kind));
        build(depth + 1, kind === 'array', Math.floor(rand() * 4));
        steps.push((p) => p.end());
      } else if (r < 0.3) {
        steps.push((p) => p.text('text only'));
      } else {
        const v = pick(values);
        steps.push((p) => p.field(key, v, 'text'));
      }
    }
  };
  build(0, false, 1 + Math.floor(rand() * 6));
  return (p) => steps.forEach((s) => s(p));
}

describe('JsonTextSink', () => {
  it('writes what jsonText(jsonDocument()) writes, compact and pretty, for 2,000 random emitters', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const emit = randomEmit(seed);
      for (const pretty of [false, true]) {
        const sink = new JsonTextSink(pretty);
        emit(sink);
        expect(sink.finish(), `seed ${seed} pretty ${pretty}`).toBe(jsonText(jsonDocument(emit), pretty));
      }
    }
  });

  it('an empty document is {}', () => {
    expect(new JsonTextSink().finish()).toBe('{}');
    expect(new JsonTextSink(true).finish()).toBe('{}');
  });
});
