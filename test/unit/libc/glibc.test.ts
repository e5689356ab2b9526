// src/libc/ against the C library's own answers, recorded by record-glibc.py (see its header
// for how to re-record). Every case of the fixture is replayed; none is written by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AF_INET, AF_INET6 } from '../../../src/model.js';
import { ERRNO_NUMBERS, strerror } from '../../../src/libc/errno.js';
import { inetAton, inetNtop, inetPton } from '../../../src/libc/inet.js';
import { scanConnLine } from '../../../src/libc/scanf.js';
import { glibcMergeSort } from '../../../src/libc/sort.js';
import { atoi, strtol, strtoul } from '../../../src/libc/stdlib.js';

type Bytes = number[] | null;
interface Converted {
  value: string;
  end: number;
  overflow: boolean;
}
interface Fixture {
  glibc: string;
  inet_aton: [string, Bytes][];
  inet_pton4: [string, Bytes][];
  inet_pton6: [string, Bytes][];
  inet_ntop4: [number[], string][];
  inet_ntop6: [number[], string][];
  strtol: [string, number, Converted][];
  strtoul: [string, number, Converted][];
  atoi: [string, number][];
  sscanf_conn: [string, ReturnType<typeof scanConnLine>][];
  strerror: [number, string][];
  qsort_wrapped_u32: [number[], number[]][];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/glibc.json', import.meta.url), 'utf8')) as Fixture;
const list = (b: Uint8Array | null): Bytes => (b ? Array.from(b) : null);
const converted = (r: ReturnType<typeof strtol>): Converted => ({ value: String(r.value), end: r.end, overflow: r.overflow });

describe(`C library behaviour as glibc ${fixture.glibc} answers it`, () => {
  it.each(fixture.inet_aton)('inet_aton(%j)', (text, bytes) => expect(list(inetAton(text))).toEqual(bytes));
  it.each(fixture.inet_pton4)('inet_pton(AF_INET, %j)', (text, bytes) => expect(list(inetPton(AF_INET, text))).toEqual(bytes));
  it.each(fixture.inet_pton6)('inet_pton(AF_INET6, %j)', (text, bytes) => expect(list(inetPton(AF_INET6, text))).toEqual(bytes));
  it.each(fixture.inet_ntop4)('inet_ntop(AF_INET, %j)', (bytes, text) => expect(inetNtop(AF_INET, Uint8Array.from(bytes))).toBe(text));
  it.each(fixture.inet_ntop6)('inet_ntop(AF_INET6, %j)', (bytes, text) => expect(inetNtop(AF_INET6, Uint8Array.from(bytes))).toBe(text));

  it('inet_ntop round-trips through inet_pton for every recorded IPv6 text', () => {
    for (const [, text] of fixture.inet_ntop6) expect(inetNtop(AF_INET6, inetPton(AF_INET6, text)!)).toBe(text);
  });

  it.each(fixture.strtol)('strtol(%j, base %i)', (text, base, r) => expect(converted(strtol(text, base))).toEqual(r));
  it.each(fixture.strtoul)('strtoul(%j, base %i)', (text, base, r) => expect(converted(strtoul(text, base))).toEqual(r));
  it.each(fixture.atoi)('atoi(%j)', (text, value) => expect(atoi(text)).toBe(value));

  it.each(fixture.sscanf_conn)('sscanf(%j, ipvsadm\'s /proc/net/ip_vs_conn format)', (line, scanned) => {
    expect(scanConnLine(line)).toEqual(scanned);
  });

  it('strerror: every errno of the table, and unknown numbers', () => {
    const recorded = new Map(fixture.strerror);
    for (const n of ERRNO_NUMBERS) expect(strerror(n), `errno ${n}`).toBe(recorded.get(n));
    // Numbers Linux leaves unused get glibc's "Unknown error N" too.
    for (const [n, text] of fixture.strerror) expect(strerror(n), `errno ${n}`).toBe(text);
  });

  it.each(fixture.qsort_wrapped_u32)('qsort(%j) with libipvs\'s wrapping comparator', (input, sorted) => {
    const wrapped = (a: number, b: number): number => (a - b) | 0;
    expect(glibcMergeSort(input, wrapped)).toEqual(sorted);
  });
});
