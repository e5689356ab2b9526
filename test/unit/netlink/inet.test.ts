// The daemon's multicast group is the one address the model keeps as text.
import { describe, expect, it } from 'vitest';
import { formatIPv6, parseIPv4, parseIPv6 } from '../../../src/netlink/inet.js';

const words = (...w: number[]): Uint8Array => {
  const b = new Uint8Array(16);
  w.forEach((x, i) => {
    b[2 * i] = x >> 8;
    b[2 * i + 1] = x & 255;
  });
  return b;
};

describe('inet text <-> bytes', () => {
  it('IPv4 dotted quads only', () => {
    expect(parseIPv4('224.0.0.81')).toEqual(new Uint8Array([224, 0, 0, 81]));
    for (const bad of ['224.0.0', '256.0.0.1', '1.2.3.4.5', '1.2.3.x', '', '1..2.3']) expect(parseIPv4(bad)).toBeNull();
  });

  it.each([
    ['ff02::1234', words(0xff02, 0, 0, 0, 0, 0, 0, 0x1234)],
    ['ff05::1:3', words(0xff05, 0, 0, 0, 0, 0, 1, 3)],
    ['::', words()],
    ['1:2:3:4:5:6:7:8', words(1, 2, 3, 4, 5, 6, 7, 8)],
    ['::ffff:1.2.3.4', words(0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304)],
    ['FF02:0:0:0:0:0:0:1', words(0xff02, 0, 0, 0, 0, 0, 0, 1)],
  ])('parses %s', (text, bytes) => {
    expect(parseIPv6(text)).toEqual(bytes);
  });

  it('rejects malformed IPv6', () => {
    for (const bad of ['ff02:::1', '1:2:3:4:5:6:7:8:9', '1::2::3', 'ff02::12345', '1:2:3:4:5:6:7', 'g::1', '::1.2.3']) {
      expect(parseIPv6(bad), bad).toBeNull();
    }
  });

  it.each([
    [words(0xff02, 0, 0, 0, 0, 0, 0, 0x1234), 'ff02::1234'],
    [words(0x2001, 0, 0, 1, 0, 0, 0, 1), '2001:0:0:1::1'], // the longer run wins
    [words(0x2001, 0, 0, 1, 1, 0, 0, 1), '2001::1:1:0:0:1'], // a tie: the first wins
    [words(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1), '2001:db8:0:1:1:1:1:1'], // a single zero is not compressed
    [words(0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304), '::ffff:1.2.3.4'],
    [words(0, 0, 0, 0, 0, 0, 0x0102, 0x0304), '::1.2.3.4'],
    [words(0, 0, 0, 0, 0, 0, 0, 1), '::1'],
    [words(), '::'],
  ])('formats %s as glibc inet_ntop', (bytes, text) => {
    expect(formatIPv6(bytes)).toBe(text);
  });
});
