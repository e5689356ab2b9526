// Which counters ipvsadm shows. Services prefer the 64-bit nest. Real servers: libipvs reads
// the 64-bit nest with its 32-bit reader, so conns, packets and all rates keep only their low
// 32 bits (little-endian hosts) while bytes stay 64-bit (ipvs-genl.md §13.3).
import { emptyStats } from '../model.js';
import type { Destination, Service, Stats } from '../model.js';

export function serviceCounters(svc: Service): Stats {
  return svc.stats64 ?? svc.stats ?? emptyStats();
}

const low32 = (v: bigint): bigint => BigInt.asUintN(32, v);

export function destCounters(dest: Destination): Stats {
  const s = dest.stats64 ?? dest.stats;
  if (!s) return emptyStats();
  return {
    conns: low32(s.conns),
    inpkts: low32(s.inpkts),
    outpkts: low32(s.outpkts),
    inbytes: s.inbytes,
    outbytes: s.outbytes,
    cps: low32(s.cps),
    inpps: low32(s.inpps),
    outpps: low32(s.outpps),
    inbps: low32(s.inbps),
    outbps: low32(s.outbps),
  };
}
