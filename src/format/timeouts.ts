// -L --timeout
import type { Timeouts } from '../model.js';
import { signed32 } from './numbers.js';

/** `Timeout (tcp tcpfin udp): T F U` + '\n' (signed decimals). */
export function timeoutLine(t: Timeouts): string {
  return `Timeout (tcp tcpfin udp): ${signed32(t.tcp)} ${signed32(t.tcpFin)} ${signed32(t.udp)}\n`;
}
