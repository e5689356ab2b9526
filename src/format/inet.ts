// Address text <-> bytes with glibc's exact rules (inet_ntop / inet_pton), which is what
// ipvsadm prints and what it accepts when it reads /proc/net/ip_vs_conn.

/** Dotted quad of the first 4 bytes. */
export function ipv4Text(addr: Uint8Array): string {
  return `${addr[0] ?? 0}.${addr[1] ?? 0}.${addr[2] ?? 0}.${addr[3] ?? 0}`;
}

function word16(addr: Uint8Array, i: number): number {
  return (((addr[2 * i] ?? 0) << 8) | (addr[2 * i + 1] ?? 0)) >>> 0;
}

/**
 * glibc inet_ntop(AF_INET6): lowercase hex without leading zeros; the *first* longest run of
 * at least two zero groups becomes `::`; `::a.b.c.d` when exactly the first six groups are zero,
 * `::ffff:a.b.c.d` when the first five are zero and the sixth is ffff.
 */
export function ipv6Text(addr: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(word16(addr, i));

  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i <= 8; i++) {
    if (i < 8 && words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 0;
      }
      curLen++;
    } else if (curBase >= 0) {
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (bestLen < 2) bestBase = -1;

  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      return out + ipv4Text(addr.subarray(12, 16));
    }
    out += words[i]!.toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** IPv4 or IPv6 text by family; any other family is what printf makes of a NULL string. */
export function inetNtop(af: number, addr: Uint8Array): string {
  if (af === 2) return ipv4Text(addr);
  if (af === 10) return ipv6Text(addr);
  return '(null)';
}

/** glibc inet_pton(AF_INET): exactly four decimal parts 0..255, no leading zeros. 16 bytes back. */
export function parseIPv4(text: string): Uint8Array | null {
  const out = new Uint8Array(16);
  if (!parseIPv4Into(text, out, 0)) return null;
  return out;
}

function parseIPv4Into(text: string, out: Uint8Array, at: number): boolean {
  let octets = 0;
  let sawDigit = false;
  let cur = 0;
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') {
      if (sawDigit && cur === 0) return false; // leading zero
      cur = cur * 10 + (ch.charCodeAt(0) - 48);
      if (cur > 255) return false;
      if (!sawDigit) {
        if (++octets > 4) return false;
        sawDigit = true;
      }
      out[at + octets - 1] = cur;
    } else if (ch === '.' && sawDigit) {
      if (octets === 4) return false;
      sawDigit = false;
      cur = 0;
    } else {
      return false;
    }
  }
  return octets === 4;
}

function hexValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** glibc inet_pton(AF_INET6), including a trailing dotted quad. 16 bytes back. */
export function parseIPv6(text: string): Uint8Array | null {
  const tmp = new Uint8Array(16);
  let tp = 0;
  let colonAt = -1;
  let pos = 0;
  if (text.length === 0) return null;
  if (text[0] === ':') {
    pos = 1;
    if (pos === text.length || text[pos] !== ':') return null;
  }
  let tokenStart = pos;
  let digits = 0;
  let val = 0;
  let sawIPv4 = false;
  while (pos < text.length) {
    const ch = text[pos++]!;
    const d = hexValue(ch);
    if (d >= 0) {
      if (digits === 4) return null;
      val = (val << 4) | d;
      digits++;
      continue;
    }
    if (ch === ':') {
      tokenStart = pos;
      if (digits === 0) {
        if (colonAt >= 0) return null;
        colonAt = tp;
        continue;
      } else if (pos === text.length) {
        return null;
      }
      if (tp + 2 > 16) return null;
      tmp[tp++] = (val >> 8) & 0xff;
      tmp[tp++] = val & 0xff;
      digits = 0;
      val = 0;
      continue;
    }
    if (ch === '.' && tp + 4 <= 16 && parseIPv4Into(text.slice(tokenStart), tmp, tp)) {
      tp += 4;
      digits = 0;
      sawIPv4 = true;
      break;
    }
    return null;
  }
  if (!sawIPv4 && digits > 0) {
    if (tp + 2 > 16) return null;
    tmp[tp++] = (val >> 8) & 0xff;
    tmp[tp++] = val & 0xff;
  }
  if (colonAt >= 0) {
    if (tp === 16) return null; // `::` would stand for nothing
    const n = tp - colonAt;
    tmp.copyWithin(16 - n, colonAt, tp);
    tmp.fill(0, colonAt, 16 - n);
    tp = 16;
  }
  if (tp !== 16) return null;
  return tmp;
}
