// -L --timeout (the line comes from the field printer, misc-fields.ts)
import type { Timeouts } from '../model.js';
import { emitTimeouts } from './misc-fields.js';
import { renderText } from './render-text.js';

/** `Timeout (tcp tcpfin udp): T F U` + '\n' (signed decimals). */
export function timeoutLine(t: Timeouts): string {
  return renderText((p) => emitTimeouts(p, t));
}
