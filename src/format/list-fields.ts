// The -L table through the field printer: version, titles, service and real-server lines,
// each field once with its JSON key, value and ipvsadm's text (widths and cuts included).
// JSON documents: {version, connTableSize, services: [...]} for the whole table,
// {services: [one]} for -L with a service; each service holds its `realServers`.
import { SVC_F_ONEPACKET, SVC_F_PERSISTENT } from '../model.js';
import type { Destination, IpvsInfo, Service, Stats } from '../model.js';
import type { Naming } from './address.js';
import { addressFields, familyKey, familyStyle, forwardKey, maskField, protocolKey, serviceFlagNames, tunnelValue } from './field-words.js';
import type { FieldSink } from './fields.js';
import { listDestName, listMode, listServiceName, titleLines } from './list-columns.js';
import type { ServiceEntry, TableOptions } from './list-columns.js';
import { largeNumber, signed32, unsigned32 } from './numbers.js';
import { destCounters, serviceCounters } from './stats.js';
import { SCHED_FLAGS_ANY, forwardName, maskText, schedFlagsText, tunnelInfoText } from './words.js';

/** `IP Virtual Server version 1.2.1 (size=4096)`; JSON `version` and `connTableSize`. */
export function emitVersion(p: FieldSink, info: IpvsInfo): void {
  const v = info.version;
  p.text('IP Virtual Server version ');
  p.field('version', `${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}`, `${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}`);
  p.field('connTableSize', info.connTabSize | 0, ` (size=${signed32(info.connTabSize)})`);
  p.newline('version');
}

/** The two title lines of the mode (text only). */
export function emitTitles(p: FieldSink, opts: TableOptions): void {
  for (const line of titleLines(opts)) {
    p.text(line.slice(0, -1));
    p.newline('title');
  }
}

const STATS_KEYS = [['conns', 'conns'], ['inpkts', 'inPackets'], ['outpkts', 'outPackets'], ['inbytes', 'inBytes'], ['outbytes', 'outBytes']] as const;
const RATE_KEYS = [['cps', 'cps'], ['inpps', 'inPps'], ['outpps', 'outPps'], ['inbps', 'inBps'], ['outbps', 'outBps']] as const;

/**
 * `stats` or `rates`: five counters as exact integers; `shown` are the values the text prints
 * (a real server's conns, packets and rates cut to 32 bits, as ipvsadm reads them) and
 * `columns` their text for each.
 */
function emitCounters(p: FieldSink, key: 'stats' | 'rates', exact: Stats, shown: Stats, columns: (v: bigint, i: number) => string): void {
  p.begin(key, 'object');
  (key === 'stats' ? STATS_KEYS : RATE_KEYS).forEach(([field, name], i) => p.field(name, BigInt.asUintN(64, exact[field]), columns(shown[field], i)));
  p.end();
}

/** The whole counters of a real server (the text shows ipvsadm's 32-bit cut of some). */
function destExact(dest: Destination): Stats {
  return dest.stats64 ?? dest.stats ?? destCounters(dest);
}

/** A service line for the mode; JSON gets every setting whatever the mode shows. */
export function emitServiceLine(p: FieldSink, svc: Service, opts: TableOptions, naming: Naming): void {
  const mode = listMode(opts);
  p.field('family', familyKey(svc.af), null);
  if (svc.fwmark !== 0) {
    p.field('fwmark', svc.fwmark >>> 0, null);
  } else {
    p.field('protocol', protocolKey(svc.protocol), null);
    addressFields(p, svc.af, svc.addr, svc.port, svc.protocol, naming, false);
  }
  const name = p.json ? '' : listServiceName(svc, naming);
  const style = svc.fwmark !== 0 ? 'fwmark' : familyStyle(svc.af);
  const counters = mode === 'stats' || mode === 'rate';
  const persistent = (svc.flags & SVC_F_PERSISTENT) !== 0;
  if (counters) p.text(name.padEnd(33), style);
  else p.text(name, style);
  p.field('scheduler', svc.scheduler, counters ? null : ` ${svc.scheduler}`, 'scheduler');
  p.field('flags', serviceFlagNames(svc), null);
  if (!counters && svc.flags & SCHED_FLAGS_ANY) p.text(` (${schedFlagsText(svc.scheduler, svc.flags)})`);
  p.field('timeout', svc.timeout >>> 0, !counters && persistent ? ` persistent ${unsigned32(svc.timeout)}` : null);
  const mask = !counters && persistent ? maskText(svc) : null;
  const [maskKey, maskValue] = maskField(svc);
  p.field(maskKey, maskValue, mask !== null ? ` mask ${mask}` : null);
  p.field('pe', svc.pe || undefined, !counters && persistent && svc.pe ? ` pe ${svc.pe}` : null);
  if (!counters && svc.flags & SVC_F_ONEPACKET) p.text(' ops');
  if (counters) {
    const s = serviceCounters(svc);
    emitCounters(p, mode === 'stats' ? 'stats' : 'rates', s, s, (v) => largeNumber(v, opts.exact));
  }
  p.newline('service');
}

/** A real-server line for the mode; JSON gets every setting and connection count. */
export function emitDestLine(p: FieldSink, svc: Service, dest: Destination, opts: TableOptions, naming: Naming): void {
  const mode = listMode(opts);
  // Text forms are built only for text: a JSON listing of 50k servers skips the padding.
  const t = !p.json;
  addressFields(p, dest.af, dest.addr, dest.port, svc.protocol, naming);
  p.text('  -> ');
  p.text(p.json ? '' : listDestName(svc, dest, naming).padEnd(28), familyStyle(dest.af));
  const fwd = mode === 'default' || mode === 'tun-info';
  p.field('forwarding', forwardKey(dest.fwdMethod), t && fwd ? ` ${forwardName(dest.fwdMethod).padEnd(7)}` : null, 'forward');
  p.field('tunnel', tunnelValue(dest), t && mode === 'tun-info' ? ` ${tunnelInfoText(dest).padEnd(13)}` : null);
  const weightText = !t ? null
    : mode === 'persistent-conn' ? ` ${unsigned32(dest.weight).padEnd(9)}` : fwd ? ` ${signed32(dest.weight).padEnd(6)}` : null;
  p.field('weight', dest.weight | 0, weightText, dest.weight === 0 ? 'quiesced' : undefined);
  const overloaded = dest.uThreshold !== 0 && dest.activeConns + dest.inactConns >= dest.uThreshold;
  const thresholds = mode === 'thresholds';
  p.field('uThreshold', dest.uThreshold >>> 0, t && thresholds ? ` ${unsigned32(dest.uThreshold).padEnd(10)}` : null, overloaded ? 'overloaded' : undefined);
  p.field('lThreshold', dest.lThreshold >>> 0, t && thresholds ? ` ${unsigned32(dest.lThreshold).padEnd(10)}` : null);
  p.field('persistentConns', dest.persistConns >>> 0, t && mode === 'persistent-conn' ? ` ${unsigned32(dest.persistConns).padEnd(11)}` : null);
  const conns = mode !== 'stats' && mode !== 'rate';
  const connStyle = overloaded ? 'overloaded' : undefined;
  p.field('activeConns', dest.activeConns >>> 0, t && conns ? ` ${unsigned32(dest.activeConns).padEnd(10)}` : null, connStyle);
  p.field('inactiveConns', dest.inactConns >>> 0, t && conns ? ` ${unsigned32(dest.inactConns).padEnd(10)}` : null, connStyle);
  if (mode === 'stats') {
    emitCounters(p, 'stats', destExact(dest), destCounters(dest), (v) => largeNumber(v, opts.exact));
  } else if (mode === 'rate') {
    // ipvsadm prints a real server's CPS and packet rates plain, its byte rates scaled.
    emitCounters(p, 'rates', destExact(dest), destCounters(dest), (v, i) => (i < 3 ? ` ${v.toString().padStart(8)}` : largeNumber(v, opts.exact)));
  }
  p.newline('dest');
}

/** A service and its real servers: one JSON object with `realServers`, lines in the order given. */
export function emitServiceEntry(p: FieldSink, entry: ServiceEntry, opts: TableOptions, naming: Naming): void {
  p.begin(null, 'object');
  emitServiceLine(p, entry.service, opts, naming);
  p.begin('realServers', 'array');
  for (const dest of entry.dests) {
    p.begin(null, 'object');
    emitDestLine(p, entry.service, dest, opts, naming);
    p.end();
  }
  p.end();
  p.end();
}
