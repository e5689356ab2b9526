// ipvsadm 1.31's option table as data. Each row is declared in commander's flag syntax
// (`-p, --persistent [timeout]`: `<value>` required, `[value]` optional, none); the spellings
// and arity are read from it by parseFlags(), which a unit test holds equal to commander's own
// `Option` for every row. Commander itself is not loaded at run time (it costs a tenth of a
// cold start) and its parser is never used: popt's rules (src/cli/popt.ts) differ from it.
import type { CommandKind } from './command.js';
import type { ValueKind } from './popt.js';

/**
 * The option names ipvsadm uses in its messages (`multiple 'NAME' options specified`,
 * `Illegal 'NAME' option ...`), in its internal order: this order is the row order of the
 * compatibility matrix, which decides which problem is reported first.
 */
export const OPTION_NAMES = [
  'numeric', 'connection', 'service-address', 'scheduler', 'persistent', 'netmask',
  'real-server', 'forwarding-method', 'weight', 'u-threshold', 'l-threshold', 'mcast-interface',
  'timeout', 'daemon', 'stats', 'rate', 'thresholds', 'persistent-conn', 'nosort', 'syncid',
  'exact', 'ops', 'pe', 'sched-flags', 'mcast-group', 'mcast-port', 'mcast-ttl', 'sync-maxlen',
  'tun-info', 'tun-type', 'tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum',
] as const;

export type OptionName = (typeof OPTION_NAMES)[number];

export type { ValueKind };

/** What an option does when it is the first one: a command, or -h / -v. */
export type FirstOptionAction = CommandKind | 'help' | 'version';

/** Options that are commands (or -h / -v): only valid as the first option. -L and -l share `list`. */
export type CommandOptionId =
  | 'add-service' | 'edit-service' | 'delete-service' | 'clear' | 'list' | 'zero'
  | 'add-server' | 'edit-server' | 'delete-server' | 'set' | 'help' | 'version'
  | 'restore' | 'save' | 'start-daemon' | 'stop-daemon';

/** Options that set something for the command. */
export type SettingOptionId =
  | 'tcp-service' | 'udp-service' | 'sctp-service' | 'fwmark-service'
  | 'scheduler' | 'persistent' | 'netmask' | 'real-server'
  | 'masquerading' | 'ipip' | 'gatewaying' | 'weight' | 'u-threshold' | 'l-threshold'
  | 'numeric' | 'connection' | 'mcast-interface' | 'syncid'
  | 'timeout' | 'daemon' | 'stats' | 'rate' | 'thresholds' | 'persistent-conn'
  | 'nosort' | 'sort' | 'exact' | 'ipv6' | 'ops' | 'pe' | 'sched-flags'
  | 'mcast-group' | 'mcast-port' | 'mcast-ttl' | 'sync-maxlen'
  | 'tun-info' | 'tun-type' | 'tun-port' | 'tun-nocsum' | 'tun-csum' | 'tun-remcsum'
  | 'json' | 'pretty' | 'color';

interface OptionBase {
  /** The commander-syntax declaration the spellings and arity below come from. */
  flags: string;
  /** Short letter without the dash, if any. */
  short?: string;
  /** Long name without the dashes. */
  long: string;
  value: ValueKind;
}

export interface CommandOption extends OptionBase {
  id: CommandOptionId;
  /** What it means as the first option. */
  command: FirstOptionAction;
  name?: undefined;
}

export interface SettingOption extends OptionBase {
  id: SettingOptionId;
  command?: undefined;
  /** Name in messages and matrix row; absent for -6 and --sort (never "multiple", never illegal). */
  name?: OptionName;
}

export type IpvsadmOption = CommandOption | SettingOption;

/** Commander's flag syntax: `-s, --long <v>` / `--long [v]` / `-s, --long`. */
export function parseFlags(flags: string): { short?: string; long: string; value: ValueKind } {
  const m = /^(?:-([^-\s,]), *)?--([^\s,]+)(?: +(<[^>]+>|\[[^\]]+\]))?$/.exec(flags);
  if (!m) throw new Error(`bad option declaration: ${flags}`);
  const value: ValueKind = m[3] === undefined ? 'none' : m[3].startsWith('<') ? 'required' : 'optional';
  return { ...(m[1] ? { short: m[1] } : {}), long: m[2]!, value };
}

function spell(flags: string): OptionBase {
  return { flags, ...parseFlags(flags) };
}

function command(id: CommandOptionId, flags: string, action: FirstOptionAction): CommandOption {
  return { id, ...spell(flags), command: action };
}

function setting(id: SettingOptionId, flags: string, name?: OptionName): SettingOption {
  return { id, ...spell(flags), ...(name ? { name } : {}) };
}

/**
 * Every option, in ipvsadm's popt table order. The order matters once: `--list` belongs to
 * both -L and -l, and popt takes the first entry with a matching long name.
 */
export const IPVSADM_OPTIONS: readonly IpvsadmOption[] = [
  command('add-service', '-A, --add-service', 'add-service'),
  command('edit-service', '-E, --edit-service', 'edit-service'),
  command('delete-service', '-D, --delete-service', 'delete-service'),
  command('clear', '-C, --clear', 'flush'),
  command('list', '-L, --list', 'list'),
  command('list', '-l, --list', 'list'),
  command('zero', '-Z, --zero', 'zero'),
  command('add-server', '-a, --add-server', 'add-server'),
  command('edit-server', '-e, --edit-server', 'edit-server'),
  command('delete-server', '-d, --delete-server', 'delete-server'),
  command('set', '--set', 'set'),
  command('help', '-h, --help', 'help'),
  command('version', '-v, --version', 'version'),
  command('restore', '-R, --restore', 'restore'),
  command('save', '-S, --save', 'save'),
  command('start-daemon', '--start-daemon <state>', 'start-daemon'),
  command('stop-daemon', '--stop-daemon <state>', 'stop-daemon'),
  setting('tcp-service', '-t, --tcp-service <service-address>', 'service-address'),
  setting('udp-service', '-u, --udp-service <service-address>', 'service-address'),
  setting('sctp-service', '--sctp-service <service-address>', 'service-address'),
  setting('fwmark-service', '-f, --fwmark-service <fwmark>', 'service-address'),
  setting('scheduler', '-s, --scheduler <scheduler>', 'scheduler'),
  setting('persistent', '-p, --persistent [timeout]', 'persistent'),
  setting('netmask', '-M, --netmask <netmask>', 'netmask'),
  setting('real-server', '-r, --real-server <server-address>', 'real-server'),
  setting('masquerading', '-m, --masquerading', 'forwarding-method'),
  setting('ipip', '-i, --ipip', 'forwarding-method'),
  setting('gatewaying', '-g, --gatewaying', 'forwarding-method'),
  setting('weight', '-w, --weight <weight>', 'weight'),
  setting('u-threshold', '-x, --u-threshold <uthreshold>', 'u-threshold'),
  setting('l-threshold', '-y, --l-threshold <lthreshold>', 'l-threshold'),
  setting('numeric', '-n, --numeric', 'numeric'),
  setting('connection', '-c, --connection', 'connection'),
  setting('mcast-interface', '--mcast-interface <interface>', 'mcast-interface'),
  setting('syncid', '--syncid <sid>', 'syncid'),
  setting('timeout', '--timeout', 'timeout'),
  setting('daemon', '--daemon', 'daemon'),
  setting('stats', '--stats', 'stats'),
  setting('rate', '--rate', 'rate'),
  setting('thresholds', '--thresholds', 'thresholds'),
  setting('persistent-conn', '--persistent-conn', 'persistent-conn'),
  setting('nosort', '--nosort', 'nosort'),
  setting('sort', '--sort'),
  setting('exact', '-X, --exact', 'exact'),
  setting('ipv6', '-6, --ipv6'),
  setting('ops', '-o, --ops', 'ops'),
  setting('pe', '--pe <engine>', 'pe'),
  setting('sched-flags', '-b, --sched-flags <flags>', 'sched-flags'),
  setting('mcast-group', '--mcast-group <address>', 'mcast-group'),
  setting('mcast-port', '--mcast-port <port>', 'mcast-port'),
  setting('mcast-ttl', '--mcast-ttl <ttl>', 'mcast-ttl'),
  setting('sync-maxlen', '--sync-maxlen <length>', 'sync-maxlen'),
  setting('tun-info', '--tun-info', 'tun-info'),
  setting('tun-type', '--tun-type <type>', 'tun-type'),
  setting('tun-port', '--tun-port <port>', 'tun-port'),
  setting('tun-nocsum', '--tun-nocsum', 'tun-nocsum'),
  setting('tun-csum', '--tun-csum', 'tun-csum'),
  setting('tun-remcsum', '--tun-remcsum', 'tun-remcsum'),
  // Ours, not ipvsadm's (no NAME: the matrix never sees them; see src/cli/output.ts).
  setting('json', '--json'),
  setting('pretty', '--pretty'),
  setting('color', '--color [when]'),
];
