// ipvsadm's listing order: glibc 2.36 qsort (a stable top-down merge sort) driven by
// libipvs comparators that subtract unsigned 32-bit values into an int. The comparators
// are not transitive, so the result depends on the exact algorithm: both are copied here.
import { AF_INET6 } from './socket.js';

/** The fields of ipvs_service_entry the comparator reads (the model's ServiceKey has them). */
export interface ServiceSortKey {
  fwmark: number;
  af: number;
  protocol: number;
  /** 16 bytes, network order. */
  addr: Uint8Array;
  port: number;
}

/** The fields of ipvs_dest_entry the comparator reads (the model's DestKey has them). */
export interface DestSortKey {
  af: number;
  addr: Uint8Array;
  port: number;
}

export type Comparator<T> = (a: T, b: T) => number;

/**
 * glibc's msort: n <= 1 is sorted; else sort the first floor(n/2) and the rest, then merge
 * taking the left head while cmp(left, right) <= 0. Returns a new array. O(n log n).
 */
export function glibcMergeSort<T>(items: readonly T[], cmp: Comparator<T>): T[] {
  const a = items.slice();
  const tmp = new Array<T>(a.length);
  sortRange(a, tmp, 0, a.length, cmp);
  return a;
}

function sortRange<T>(a: T[], tmp: T[], lo: number, n: number, cmp: Comparator<T>): void {
  if (n <= 1) return;
  const n1 = Math.floor(n / 2);
  const mid = lo + n1;
  const end = lo + n;
  sortRange(a, tmp, lo, n1, cmp);
  sortRange(a, tmp, mid, n - n1, cmp);
  let i = lo;
  let j = mid;
  let k = 0;
  while (i < mid && j < end) {
    if (cmp(a[i]!, a[j]!) <= 0) tmp[k++] = a[i++]!;
    else tmp[k++] = a[j++]!;
  }
  while (i < mid) tmp[k++] = a[i++]!;
  // Whatever is left of the right half is already in place.
  for (let t = 0; t < k; t++) a[lo + t] = tmp[t]!;
}

/** (int)(x - y) for two u32 values: the difference wrapped to a signed 32-bit integer. */
function wrappedDiff(x: number, y: number): number {
  return ((x >>> 0) - (y >>> 0)) | 0;
}

/** Big-endian 32-bit word i (0..3) of a 16-byte address. */
function addrWord(addr: Uint8Array, i: number): number {
  const o = 4 * i;
  return (((addr[o] ?? 0) << 24) | ((addr[o + 1] ?? 0) << 16) | ((addr[o + 2] ?? 0) << 8) | (addr[o + 3] ?? 0)) >>> 0;
}

/** Address step: the first argument's family decides whether one or four words are compared. */
function compareAddrs(firstAf: number, a: Uint8Array, b: Uint8Array): number {
  if (firstAf === AF_INET6) {
    for (let i = 0; i < 4; i++) {
      const r = wrappedDiff(addrWord(a, i), addrWord(b, i));
      if (r !== 0) return r;
    }
    return 0;
  }
  return wrappedDiff(addrWord(a, 0), addrWord(b, 0));
}

/** libipvs ipvs_cmp_services: fwmark (wrapped), af, protocol, address (wrapped), port. */
export function compareServices(a: ServiceSortKey, b: ServiceSortKey): number {
  let r = wrappedDiff(a.fwmark, b.fwmark);
  if (r !== 0) return r;
  r = a.af - b.af;
  if (r !== 0) return r;
  r = a.protocol - b.protocol;
  if (r !== 0) return r;
  r = compareAddrs(a.af, a.addr, b.addr);
  if (r !== 0) return r;
  return (a.port & 0xffff) - (b.port & 0xffff);
}

/** libipvs ipvs_cmp_dests: address (wrapped, family of `a`), then port. */
export function compareDests(a: DestSortKey, b: DestSortKey): number {
  const r = compareAddrs(a.af, a.addr, b.addr);
  if (r !== 0) return r;
  return (a.port & 0xffff) - (b.port & 0xffff);
}

/** Services in ipvsadm's sorted order (new array). */
export function sortServices<T extends ServiceSortKey>(services: readonly T[]): T[] {
  return glibcMergeSort(services, compareServices);
}

/** Real servers in ipvsadm's sorted order (new array). */
export function sortDests<T extends DestSortKey>(dests: readonly T[]): T[] {
  return glibcMergeSort(dests, compareDests);
}
