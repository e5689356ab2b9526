// Whether to colour: a pure function of --color, the terminal and the environment the caller
// passes (never process globals), following chalk's supports-color rules for FORCE_COLOR and
// TERM=dumb, and NO_COLOR (which chalk ignores). Apart from colour.ts so that plain output
// never loads chalk.
import type { ColourMode } from '../model.js';

export type { ColourMode };

/** chalk's reading of FORCE_COLOR: undefined when unset, 0 = off, 1..3 = a level. */
function forcedLevel(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const v = env['FORCE_COLOR'];
  if (v === undefined) return undefined;
  if (v === 'true' || v === '') return 1;
  if (v === 'false') return 0;
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? 0 : Math.max(0, Math.min(n, 3));
}

/**
 * The colour level (0 = none): never → 0; always → FORCE_COLOR's level or 1. auto: FORCE_COLOR
 * decides when set (also when piped); else none when NO_COLOR is set (any value), when
 * stdout is not a terminal, or when TERM is `dumb`; else 1 (16 colours, enough for this).
 */
export function colourLevel(mode: ColourMode, isTTY: boolean, env: Readonly<Record<string, string | undefined>>): number {
  const forced = forcedLevel(env);
  if (mode === 'never') return 0;
  if (mode === 'always') return forced || 1;
  if (forced !== undefined) return forced;
  if (env['NO_COLOR'] !== undefined || !isTTY || env['TERM'] === 'dumb') return 0;
  return 1;
}
