// What one command line builds up while its options are read: ipvsadm's zeroed command entry
// with its few non-zero defaults (weight 1, direct routing, /32 persistence mask).
import { FWD_DROUTE, TUN_FLAG_NOCSUM, TUN_TYPE_IPIP } from '../model.js';
import type { DestConfig, ListOptions, ServiceConfig, SyncDaemon, Timeouts } from '../model.js';
import type { NameResolver } from '../resolve/resolver.js';
import type { CommandKind } from './command.js';
import type { OptionName } from './options.js';
import { initialOutput } from './output.js';
import type { OutputOptions } from './output.js';

/** Everything one command line builds up, defaults first (ipvsadm's zeroed ipvs_command_entry). */
export interface ParseState {
  command: CommandKind;
  /** NAMEs of the options given: duplicate check and matrix. */
  given: Set<OptionName>;
  /** `protocol` stays TCP for fwmark services here (it picks the -r port-name lookup). */
  svc: ServiceConfig;
  dest: DestConfig;
  daemon: SyncDaemon;
  timeouts?: Timeouts;
  list: ListOptions;
  output: OutputOptions;
  /** The -b text, checked only once every option is read. */
  schedFlags: string;
  resolver: NameResolver;
}

export function initialState(command: CommandKind, resolver: NameResolver): ParseState {
  return {
    command,
    given: new Set(),
    svc: {
      af: 0, protocol: 0, addr: new Uint8Array(16), port: 0, fwmark: 0,
      scheduler: '', pe: '', flags: 0, timeout: 0, netmask: 0xffffffff,
    },
    dest: {
      af: 0, addr: new Uint8Array(16), port: 0, fwdMethod: FWD_DROUTE, weight: 1,
      uThreshold: 0, lThreshold: 0, tunType: TUN_TYPE_IPIP, tunPort: 0, tunFlags: TUN_FLAG_NOCSUM,
    },
    daemon: { state: 0, mcastIfn: '', syncId: 0 },
    list: {
      numeric: false, connection: false, timeout: false, daemon: false, stats: false, rate: false,
      thresholds: false, persistentConn: false, nosort: false, exact: false, tunInfo: false,
    },
    output: initialOutput(),
    schedFlags: '',
    resolver,
  };
}

