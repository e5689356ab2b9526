import { describe, expect, it } from 'vitest';
import { largeNumber, signed32, unsigned32 } from '../../../src/format/numbers.js';

describe('§12.4 large numbers', () => {
  it.each([
    [0n, '        0'],
    [99_999_999n, ' 99999999'],
    [100_000_000n, '  100000K'],
    [120_056_789n, '  120056K'],
    [999_999_999n, '  999999K'],
    [1_000_000_000n, '    1000M'],
    [1_080_504_000n, '    1080M'],
    [99_999_999_999n, '   99999M'],
    [100_000_000_000n, '     100G'],
    [99_999_999_999_999n, '   99999G'],
    [100_000_000_000_000n, '     100T'],
    [18_446_744_073_709_551_615n, '18446744T'], // 8 digits: no separating space left
  ])('%s scaled -> %j', (v, text) => {
    expect(largeNumber(v, false)).toBe(text);
  });

  it.each([
    [0n, '        0'],
    [12_345_678n, ' 12345678'],
    [123_456_789n, ' 123456789'],
    [1_080_504_000n, ' 1080504000'],
    [18_446_744_073_709_551_615n, ' 18446744073709551615'],
  ])('%s exact -> %j', (v, text) => {
    expect(largeNumber(v, true)).toBe(text);
  });

  it('T values are v/10^12 in 8 columns', () => {
    expect(largeNumber(123_456_789_000_000_000n, false)).toBe('  123456T');
  });

  it('printf %d / %u of C ints', () => {
    expect(signed32(4294967295)).toBe('-1');
    expect(signed32(2147483648)).toBe('-2147483648');
    expect(unsigned32(-1)).toBe('4294967295');
    expect(unsigned32(7)).toBe('7');
  });
});
