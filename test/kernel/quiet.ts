// Waiting for a live state to hold still, so comparisons are deterministic rather than
// retried: rates decay to 0 after the traffic (the estimator subtracts a quarter, rounding
// down, every 2 s), and connection entries expire on their own timers (an entry removed while
// a listing reads /proc/net/ip_vs_conn shifts the kernel's read position and that run skips a
// row), so a comparison first waits until no entry will expire within WINDOW_S. Used by the
// text and the JSON listing tests.
import { afterAll, beforeAll, expect } from 'vitest';
import { createNetns, deleteNetns } from './netns.js';
import { buildRichState, type RichState } from './rich-state.js';
import { Agent, runReal } from './transcript.js';

/** Seconds every comparison must fit in, with no connection entry expiring inside them. */
export const WINDOW_S = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until every rate the kernel reports is 0 (the traffic is over; rates only decay). */
export async function ratesSettled(ns: string): Promise<void> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const r = await runReal(ns, '-L -n --rate --exact');
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').slice(3).filter((l) => l !== ''); // below the 3 heading lines
    if (rows.every((l) => /^(\S+ +\S+( IPv6)?|  -> \S+)( +0){5}$/.test(l))) return;
    if (Date.now() > deadline) throw new Error(`rates did not decay to 0:\n${r.stdout}`);
    await sleep(2000);
  }
}

/** Seconds of a row's MM:SS expire column, or null for lines that are not connection rows. */
export function expireOf(line: string): number | null {
  const m = /^\S+ (\d+):(\d\d) /.exec(line);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * Waits until no connection entry expires within WINDOW_S (sleeping past the soonest one, which
 * either goes or, as a template still in use, is re-armed) and returns when the window opened.
 */
export async function quietWindow(ns: string): Promise<number> {
  const deadline = Date.now() + 200_000;
  for (;;) {
    const opened = Date.now();
    const r = await runReal(ns, '-L -c -n');
    const soonest = Math.min(...r.stdout.split('\n').map(expireOf).filter((e): e is number => e !== null));
    if (soonest > WINDOW_S) return opened;
    if (Date.now() > deadline) throw new Error(`connection entries kept expiring:\n${r.stdout}`);
    await sleep((soonest + 1) * 1000);
  }
}

/** The rich state of a test file: its namespace and our agent inside it, once settled. */
export interface SettledState {
  readonly ns: string;
  readonly agent: Agent;
}

/**
 * For a test file over the rich state: before its tests, builds the state in a namespace of
 * its own, runs `extra` there with the real ipvsadm, starts our agent and waits for the rates
 * to settle; after them, tears it all down.
 */
export function settledRichState(prefix: string, extra: string[] = []): SettledState {
  let ns = '';
  let rich: RichState | undefined;
  let agent: Agent | undefined;
  beforeAll(async () => {
    ns = createNetns(prefix);
    rich = await buildRichState(ns);
    for (const line of extra) expect((await runReal(ns, line)).code, line).toBe(0);
    agent = new Agent(ns);
    await ratesSettled(ns);
  }, 300_000);
  afterAll(async () => {
    await agent?.close();
    rich?.stop();
    deleteNetns(ns);
  });
  return {
    get ns() { return ns; },
    get agent() { return agent!; },
  };
}
