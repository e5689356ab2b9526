// The library: a typed IPVS client over generic netlink, the model it speaks, address helpers
// and the pure formatters that print ipvsadm's listings.
export { IpvsClient, IpvsError, MalformedReplyError, NetlinkSocketError } from './netlink/index.js';
export { modelJSON } from './netlink/model-json.js';
export type { JsonReady } from './netlink/model-json.js';
export type { BatchResult, DaemonRef, IpvsChange, IpvsClientOptions } from './netlink/index.js';
export * from './model.js';
export { addressText, parseAddress } from './address.js';
export * as format from './format/index.js';
export { runIpvsadm } from './main.js';
export type { Io, RunOptions } from './main.js';
export type { IpvsOperations, IpvsSession, ProcReader } from './commands/context.js';
// Declarative apply: the desired table in, the fewest changes out (docs/apply.md).
export { diff, sameDestSettings, sameServiceSettings } from './plan/diff.js';
export type { DiffOptions } from './plan/diff.js';
export type { Plan, PlanChange, PlanOp, PlanPhase } from './plan/plan.js';
export { runPlan } from './plan/run.js';
export type { PlanOutcome, PlanTarget, RunPlanOptions } from './plan/run.js';
export { planLines, planJSON } from './format/plan.js';
export { readLiveTable } from './commands/apply.js';
export { readJsonRules } from './config/json-rules.js';
export { readKeepalived } from './config/keepalived.js';
export type { KeepalivedReadOptions } from './config/keepalived.js';
export { runIpvsadmApply } from './apply-main.js';
