// The checks ipvsadm makes once every option is read and the matrix is satisfied (spec §6.2),
// per command, in its order; they also fill in the last defaults (scheduler, interface, the
// forced real-server port).
import { FWD_DROUTE, FWD_TUNNEL, IPPROTO_UDP, SVC_F_ONEPACKET, SVC_F_PERSISTENT } from '../model.js';
import { checkTunnelOptions } from './compat.js';
import { fail } from './failure.js';
import type { OptionName } from './options.js';
import type { ParseState } from './state.js';
import { tunnelTypeName } from './values.js';

export const DEFAULT_SCHEDULER = 'wlc';
const DEFAULT_MCAST_INTERFACE = 'eth0';

const TUNNEL_OPTION_NAMES: readonly OptionName[] = ['tun-type', 'tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum'];

/** §6.2 for -A / -E. */
function checkServiceRules(st: ParseState): void {
  const { svc } = st;
  if (!svc.fwmark && !svc.port && !(svc.flags & SVC_F_PERSISTENT)) fail('Zero port specified for non-persistent service');
  if (svc.flags & SVC_F_ONEPACKET && !svc.fwmark && svc.protocol !== IPPROTO_UDP) {
    fail('One-Packet Scheduling is only for UDP virtual services');
  }
  if (svc.scheduler === '') svc.scheduler = DEFAULT_SCHEDULER;
}

/** §6.2 for -a / -e. */
function checkServerRules(st: ParseState): void {
  const { svc, dest } = st;
  // Direct routing and tunnelling cannot change the port: the service's is used.
  if (!svc.fwmark && (dest.fwdMethod === FWD_TUNNEL || dest.fwdMethod === FWD_DROUTE)) dest.port = svc.port;
  if (dest.af !== svc.af && dest.fwdMethod !== FWD_TUNNEL) fail('Different address family is allowed only for tunneling servers');
  if (TUNNEL_OPTION_NAMES.some((name) => st.given.has(name)) && dest.fwdMethod !== FWD_TUNNEL) {
    fail('Tunnel options conflict with forward method');
  }
  const problem = checkTunnelOptions(tunnelTypeName(dest.tunType), st.given);
  if (problem) fail(problem);
}

/** §6.2 for -L: display options that make no sense together. */
function checkListRules(st: ParseState): void {
  const has = (...names: OptionName[]) => names.some((name) => st.given.has(name));
  if ((has('connection', 'timeout', 'daemon') && has('stats', 'rate', 'thresholds')) || (has('timeout', 'daemon') && has('persistent-conn'))) {
    fail('options conflicts in the list command');
  }
}

export function checkCommandRules(st: ParseState): void {
  switch (st.command) {
    case 'add-service':
    case 'edit-service':
      checkServiceRules(st);
      break;
    case 'start-daemon':
      if (st.daemon.mcastIfn === '') st.daemon.mcastIfn = DEFAULT_MCAST_INTERFACE;
      break;
    case 'add-server':
    case 'edit-server':
      checkServerRules(st);
      break;
    case 'list':
      checkListRules(st);
      break;
    default:
      break;
  }
}

