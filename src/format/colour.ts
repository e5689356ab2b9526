// Colour per field, as `ip -c` does it: addresses by family, the scheduler, the forwarding
// method, a quiesced real server (weight 0) and one whose connections reached its upper
// threshold stand out. Whether to colour is colour-level.ts; this module (and chalk, whose
// start-up asks node:tty) is loaded only when there is colour to paint.
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { FieldStyle } from './fields.js';
import type { Painter } from './render-text.js';

export { colourLevel } from './colour-level.js';
export type { ColourMode } from './colour-level.js';

const STYLES: Record<FieldStyle, (c: ChalkInstance) => ChalkInstance> = {
  inet: (c) => c.magenta,
  inet6: (c) => c.blue,
  fwmark: (c) => c.cyan,
  scheduler: (c) => c.green,
  forward: (c) => c.yellow,
  quiesced: (c) => c.red,
  overloaded: (c) => c.red.bold,
  state: (c) => c.green,
};

/** A painter for the text renderer at `level`, or undefined (plain text) for level 0. */
export function fieldPainter(level: number): Painter | undefined {
  if (level <= 0) return undefined;
  const chalk = new Chalk({ level: Math.min(level, 3) as 1 | 2 | 3 });
  return (style, text) => STYLES[style](chalk)(text);
}
