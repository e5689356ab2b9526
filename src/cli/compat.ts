// Which options go with which command (spec §6.1), and which tunnel options go with which
// tunnel type (§6.2), as ipvsadm keeps them: tables walked in row order, first problem wins.
import type { CommandKind } from './command.js';
import type { OptionName } from './options.js';

/** `+` required, `x` illegal, `1` at most one of the `1` rows, `.` optional. */
type Cell = '+' | 'x' | '1' | '.';

/** Column order of the command matrix (ipvsadm's internal command order). */
export const COMMAND_COLUMNS: readonly CommandKind[] = [
  'add-service', 'edit-service', 'delete-service', 'flush', 'list', 'add-server',
  'delete-server', 'edit-server', 'set', 'start-daemon', 'stop-daemon', 'restore', 'save', 'zero',
];

interface MatrixRow<Name extends string> {
  name: Name;
  cells: string; // one cell per column, separated by spaces
}

/** Rows 0..33 in ipvsadm's internal order. Columns as COMMAND_COLUMNS. */
export const COMMAND_MATRIX: readonly MatrixRow<OptionName>[] = [
  //                              -A -E -D -C -L -a -d -e set start stop -R -S -Z
  { name: 'numeric',           cells: 'x x x x . x x x x x x x . x' },
  { name: 'connection',        cells: 'x x x x 1 x x x x x x x x x' },
  { name: 'service-address',   cells: '+ + + x 1 + + + x x x x x .' },
  { name: 'scheduler',         cells: '. . x x x x x x x x x x x x' },
  { name: 'persistent',        cells: '. . x x x x x x x x x x x x' },
  { name: 'netmask',           cells: '. . x x x x x x x x x x x x' },
  { name: 'real-server',       cells: 'x x x x x + + + x x x x x x' },
  { name: 'forwarding-method', cells: 'x x x x x . x . x x x x x x' },
  { name: 'weight',            cells: 'x x x x x . x . x x x x x x' },
  { name: 'u-threshold',       cells: 'x x x x x . x . x x x x x x' },
  { name: 'l-threshold',       cells: 'x x x x x . x . x x x x x x' },
  { name: 'mcast-interface',   cells: 'x x x x x x x x x . x x x x' },
  { name: 'timeout',           cells: 'x x x x 1 x x x x x x x x x' },
  { name: 'daemon',            cells: 'x x x x 1 x x x x x x x x x' },
  { name: 'stats',             cells: 'x x x x . x x x x x x x x x' },
  { name: 'rate',              cells: 'x x x x . x x x x x x x x x' },
  { name: 'thresholds',        cells: 'x x x x . x x x x x x x x x' },
  { name: 'persistent-conn',   cells: 'x x x x . x x x x x x x x x' },
  { name: 'nosort',            cells: 'x x x x . x x x x x x x x x' },
  { name: 'syncid',            cells: 'x x x x . x x x x . . x x x' },
  { name: 'exact',             cells: 'x x x x . x x x x x x x x x' },
  { name: 'ops',               cells: '. . x x x x x x x x x x x x' },
  { name: 'pe',                cells: '. . x x x x x x x x x x x x' },
  { name: 'sched-flags',       cells: '. . x x x x x x x x x x x x' },
  { name: 'mcast-group',       cells: 'x x x x x x x x x . x x x x' },
  { name: 'mcast-port',        cells: 'x x x x x x x x x . x x x x' },
  { name: 'mcast-ttl',         cells: 'x x x x x x x x x . x x x x' },
  { name: 'sync-maxlen',       cells: 'x x x x x x x x x . x x x x' },
  { name: 'tun-info',          cells: 'x x x x . x x x x x x x x x' },
  { name: 'tun-type',          cells: 'x x x x x . x . x x x x x x' },
  { name: 'tun-port',          cells: 'x x x x x . x . x x x x x x' },
  { name: 'tun-nocsum',        cells: 'x x x x x . x . x x x x x x' },
  { name: 'tun-csum',          cells: 'x x x x x . x . x x x x x x' },
  { name: 'tun-remcsum',       cells: 'x x x x x . x . x x x x x x' },
];

export type TunnelTypeName = 'ipip' | 'gue' | 'gre';
export type TunnelOptionName = 'tun-port' | 'tun-nocsum' | 'tun-csum' | 'tun-remcsum';

/** Column order of the tunnel matrix (the tunnel type numbers 0, 1, 2). */
export const TUNNEL_COLUMNS: readonly TunnelTypeName[] = ['ipip', 'gue', 'gre'];

/** Rows in the order ipvsadm checks them. Columns as TUNNEL_COLUMNS. */
export const TUNNEL_MATRIX: readonly MatrixRow<TunnelOptionName>[] = [
  //                        ipip gue gre
  { name: 'tun-port',    cells: 'x + x' },
  { name: 'tun-nocsum',  cells: 'x 1 1' },
  { name: 'tun-csum',    cells: 'x 1 1' },
  { name: 'tun-remcsum', cells: 'x 1 x' },
];

/** One row of a column that says something ('.' cells say nothing and are left out). */
interface ColumnCell<Name extends string> {
  name: Name;
  cell: Exclude<Cell, '.'>;
}

/**
 * Each column's telling rows, in row order, computed once per matrix and column: the
 * tables are read for every command line of a restore, and most cells are '.'.
 */
const COLUMNS = new WeakMap<readonly MatrixRow<string>[], (readonly ColumnCell<string>[])[]>();

function columnOf<Name extends string>(rows: readonly MatrixRow<Name>[], column: number): readonly ColumnCell<Name>[] {
  let columns = COLUMNS.get(rows);
  if (!columns) COLUMNS.set(rows, (columns = []));
  let cells = columns[column];
  if (!cells) {
    cells = rows
      .map((row) => ({ name: row.name, cell: row.cells.split(' ')[column] as Cell }))
      .filter((c): c is ColumnCell<Name> => c.cell !== '.' && c.cell !== undefined);
    columns[column] = cells;
  }
  return cells as readonly ColumnCell<Name>[];
}

/**
 * Walks one column of a matrix the way ipvsadm does: rows in order, stopping at the first
 * missing `+`, present `x`, or second `1`. `subject` gives e.g. `'add-service' command`
 * (called only for a message). Returns the message (without newline), or null when everything fits.
 */
function walkColumn<Name extends string>(
  rows: readonly MatrixRow<Name>[],
  column: number,
  given: ReadonlySet<string>,
  subject: () => string,
): string | null {
  let firstExclusive: Name | null = null;
  for (const { name, cell } of columnOf(rows, column)) {
    if (!given.has(name)) {
      if (cell === '+') return `You need to supply the '${name}' option for the ${subject()}`;
      continue;
    }
    if (cell === 'x') return `Illegal '${name}' option with the ${subject()}`;
    if (cell === '1') {
      if (firstExclusive === null) firstExclusive = name;
      else return `The option '${name}' conflicts with the '${firstExclusive}' option in the ${subject()}`;
    }
  }
  return null;
}

/** §6.1: the options given (by NAME) checked against the command. */
export function checkCommandOptions(command: CommandKind, given: ReadonlySet<OptionName>): string | null {
  return walkColumn(COMMAND_MATRIX, COMMAND_COLUMNS.indexOf(command), given, () => `'${command}' command`);
}

/** §6.2: the tunnel options given checked against the tunnel type. */
export function checkTunnelOptions(type: TunnelTypeName, given: ReadonlySet<string>): string | null {
  return walkColumn(TUNNEL_MATRIX, TUNNEL_COLUMNS.indexOf(type), given, () => `'${type}' tunnel type`);
}
