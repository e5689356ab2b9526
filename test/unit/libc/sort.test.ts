import { describe, expect, it } from 'vitest';
import { IPPROTO_SCTP, IPPROTO_UDP } from '../../../src/model.js';
import { numericText } from '../../../src/format/address.js';
import { compareDests, compareServices, glibcMergeSort, sortDests, sortServices } from '../../../src/libc/sort.js';
import type { Comparator } from '../../../src/libc/sort.js';
import { dest, fwm, svc } from '../format/helpers.js';

/** A literal transcription of glibc's msort on arrays: the reference for the in-place version. */
function referenceMsort<T>(items: T[], cmp: Comparator<T>): T[] {
  if (items.length <= 1) return items.slice();
  const n1 = Math.floor(items.length / 2);
  const left = referenceMsort(items.slice(0, n1), cmp);
  const right = referenceMsort(items.slice(n1), cmp);
  const out: T[] = [];
  while (left.length && right.length) out.push(cmp(left[0]!, right[0]!) <= 0 ? left.shift()! : right.shift()!);
  return out.concat(left, right);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const destText = (d: ReturnType<typeof dest>): string => `${numericText(d.af, d.addr)}:${d.port}`;

describe('ipvsadm sort order (§12.7, genl §13.4)', () => {
  it('reproduces the recorded real-server order', () => {
    const kernel = ['150.0.0.9', '100.0.0.9', '200.0.0.9', '10.0.0.9'].map((ip) => dest(ip, 80));
    expect(sortDests(kernel).map((d) => numericText(d.af, d.addr))).toEqual(['100.0.0.9', '150.0.0.9', '200.0.0.9', '10.0.0.9']);
  });

  it('the comparator wraps around: 10.0.0.9 is greater than 200.0.0.9', () => {
    expect(compareDests(dest('10.0.0.9', 80), dest('200.0.0.9', 80))).toBeGreaterThan(0);
    expect(compareDests(dest('200.0.0.9', 80), dest('10.0.0.9', 80))).toBeLessThan(0);
    expect(compareDests(dest('10.0.0.9', 80), dest('10.0.0.9', 81))).toBe(-1);
  });

  it('192.168.1.x real servers come before 10.0.0.2', () => {
    const kernel = [dest('10.0.0.2', 80), dest('192.168.1.3', 80), dest('192.168.1.2', 80)];
    expect(sortDests(kernel).map(destText)).toEqual(['192.168.1.2:80', '192.168.1.3:80', '10.0.0.2:80']);
  });

  it('fwmark 4294967295 sorts before every address service; 2147483648 after 3', () => {
    const big = fwm(4294967295);
    const tcp = svc({ ip: '10.0.0.1' });
    expect(compareServices(big, tcp)).toBeLessThan(0);
    expect(sortServices([tcp, svc({ ip: '1.1.1.1' }), big])[0]).toBe(big);
    const f3 = fwm(3);
    const f2g = fwm(2147483648);
    expect(compareServices(f2g, f3)).toBeGreaterThan(0);
    expect(sortServices([f2g, f3]).map((s) => s.fwmark)).toEqual([3, 2147483648]);
    // fwmark 3 000 000 000 sorts before TCP services (genl §13.4)
    expect(sortServices([tcp, fwm(3_000_000_000)]).map((s) => s.fwmark)).toEqual([3_000_000_000, 0]);
  });

  it('service keys: family, then protocol, then address, then port', () => {
    const v6 = svc({ ip: '2001:db8::1' });
    const v4 = svc({ ip: '20.1.1.1' });
    const udp = svc({ ip: '10.1.1.1', protocol: IPPROTO_UDP, port: 53 });
    const sctp = svc({ ip: '10.1.1.1', protocol: IPPROTO_SCTP, port: 5672 });
    const tcp80 = svc({ ip: '10.1.1.1', port: 80 });
    const tcp22 = svc({ ip: '10.1.1.1', port: 22 });
    expect(sortServices([v6, sctp, udp, tcp80, tcp22, v4])).toEqual([tcp22, tcp80, v4, udp, sctp, v6]);
  });

  it('IPv6 compares four words, each wrapped; an IPv4 first argument compares one word', () => {
    expect(compareDests(dest('2001:db8::1', 80), dest('2001:db8::2', 80))).toBeLessThan(0);
    expect(compareDests(dest('8000::', 80), dest('::1', 80))).toBeLessThan(0); // 0x80000000 - 0 wraps negative
    expect(compareDests(dest('10.0.0.1', 80), dest('10.0.0.1', 80))).toBe(0);
    // first argument IPv4: only the first word counts, so an IPv6 address starting 0a00:0001 ties on address
    expect(compareDests(dest('10.0.0.1', 80), dest('a00:1::5', 80))).toBe(0);
    expect(compareDests(dest('a00:1::5', 80), dest('10.0.0.1', 80))).toBeGreaterThan(0);
  });

  it('the printed order depends on the kernel order (non-transitive comparator)', () => {
    const a = svc({ ip: '10.1.1.1' });
    const b = svc({ ip: '100.1.1.1' });
    const c = svc({ ip: '200.1.1.1' });
    const text = (list: ReturnType<typeof svc>[]) => list.map((s) => numericText(s.af, s.addr));
    expect(text(sortServices([a, b, c]))).toEqual(['10.1.1.1', '100.1.1.1', '200.1.1.1']);
    expect(text(sortServices([c, a, b]))).toEqual(['200.1.1.1', '10.1.1.1', '100.1.1.1']);
  });

  it('matches a literal transcription of glibc msort on random non-transitive input', () => {
    const next = rng(42);
    for (let round = 0; round < 50; round++) {
      const n = 1 + (next() % 70);
      const ds = Array.from({ length: n }, () => {
        const a = next();
        return dest(`${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`, next() % 4);
      });
      expect(sortDests(ds)).toEqual(referenceMsort(ds, compareDests));
      const ss = Array.from({ length: n }, () => (next() % 4 === 0 ? fwm(next() || 1) : svc({ ip: `${next() % 256}.0.0.${next() % 256}`, port: next() % 3 })));
      expect(sortServices(ss)).toEqual(referenceMsort(ss, compareServices));
    }
  });

  it('is stable and agrees with an ordinary sort for a transitive comparator', () => {
    const next = rng(7);
    const items = Array.from({ length: 1000 }, (_, i) => ({ key: next() % 50, i }));
    const cmp = (a: { key: number }, b: { key: number }) => a.key - b.key;
    expect(glibcMergeSort(items, cmp)).toEqual(items.slice().sort(cmp));
    expect(glibcMergeSort([], cmp)).toEqual([]);
  });

  it('sorts 50,000 items with O(n log n) comparisons, like glibc merge sort', () => {
    const next = rng(1);
    const ds = Array.from({ length: 50_000 }, (_, i) => dest(`${next() & 255}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, next() & 0xffff));
    let calls = 0;
    const sorted = glibcMergeSort(ds, (a, b) => {
      calls++;
      return compareDests(a, b);
    });
    expect(sorted).toHaveLength(50_000);
    expect(sorted).toEqual(sortDests(ds));
    // A top-down merge sort makes at most n*ceil(log2 n) comparisons.
    expect(calls).toBeLessThanOrEqual(50_000 * Math.ceil(Math.log2(50_000)));
    expect(calls).toBeGreaterThan(50_000);
  }, 60_000); // CPU-bound (1.6 s alone): a hang guard, not a speed limit

  it('does not modify its input', () => {
    const kernel = ['150.0.0.9', '100.0.0.9'].map((ip) => dest(ip, 80));
    const copy = kernel.slice();
    sortDests(kernel);
    expect(kernel).toEqual(copy);
  });
});
