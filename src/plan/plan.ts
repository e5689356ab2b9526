// A plan: the kernel changes that bring the live IPVS table to a desired one, in the order
// they are to be made. Plain data, named by the ipvsadm command each change is.
import type { DestConfig, ServiceConfig, ServiceKey } from '../model.js';

/** The phase a change belongs to: additions and edits first, then draining, then removals. */
export type PlanPhase = 'add' | 'drain' | 'remove';

export type PlanChange =
  | { op: 'add-service'; phase: 'add'; service: ServiceConfig }
  | { op: 'edit-service'; phase: 'add'; service: ServiceConfig; current: ServiceConfig }
  | { op: 'delete-service'; phase: 'remove'; service: ServiceConfig }
  | { op: 'add-server'; phase: 'add'; service: ServiceConfig; dest: DestConfig }
  /** In the drain phase: weight 0 for a real server about to be removed (`current` its settings before). */
  | { op: 'edit-server'; phase: 'add' | 'drain'; service: ServiceConfig; dest: DestConfig; current: DestConfig }
  | { op: 'delete-server'; phase: 'remove'; service: ServiceConfig; dest: DestConfig };

export type PlanOp = PlanChange['op'];

export interface Plan {
  changes: PlanChange[];
}

/** Identity of a service in the kernel: (family, fwmark) or (family, protocol, address, port). */
export function serviceIdentity(s: ServiceKey): string {
  if (s.fwmark !== 0) return `f/${s.af}/${s.fwmark >>> 0}`;
  return `a/${s.af}/${s.protocol}/${addressKey(s.addr)}/${s.port}`;
}

/** Identity of a real server inside its service: (family, address, port). */
export function destIdentity(d: Pick<DestConfig, 'af' | 'addr' | 'port'>): string {
  return `${d.af}/${addressKey(d.addr)}/${d.port}`;
}

/** The 16 bytes as four base-36 words: cheaper than hex through a Buffer (a 10k table has 50k keys). */
function addressKey(a: Uint8Array): string {
  let key = '';
  for (let i = 0; i < 16; i += 4) key += `${(((a[i]! << 24) | (a[i + 1]! << 16) | (a[i + 2]! << 8) | a[i + 3]!) >>> 0).toString(36)}.`;
  return key;
}
