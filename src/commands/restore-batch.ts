// -R lines parsed and encoded ahead, in batches a parsing thread hands to the one that owns the
// socket (restore-thread.ts). A batch is a few typed arrays, moved between threads without a
// copy: per line, the kind of change and its request's attributes, already encoded; a line
// that is anything else (an error, a listing, a daemon, help) travels as its tokens, and the
// owning thread parses and runs it itself, exactly as without a parsing thread.
import type { CommandKind } from '../cli/command.js';
import { type ParseContext, parseCommandLine } from '../cli/parse.js';
import { restoreLines } from '../cli/restore-lines.js';
import * as C from '../netlink/constants.js';
import { type RequestSpec, requestFor } from '../netlink/messages.js';
import { type ChangeKind, CHANGE_OF } from './changes.js';

/**
 * Lines that only change kernel state can be in flight together (a failed change returns, so
 * none of them can stop the restore). Sync-daemon lines are not pipelined: starting and
 * stopping kernel threads is slow and rare in rule files, and each is better answered before
 * the next line goes out.
 */
export const PIPELINED_KINDS: readonly ChangeKind[] = [
  'add-service', 'edit-service', 'delete-service', 'add-server', 'edit-server', 'delete-server',
  'flush', 'zero', 'set',
];
export const PIPELINED: ReadonlySet<CommandKind> = new Set<CommandKind>(PIPELINED_KINDS);

/** In `kinds`: a line sent as its tokens, to be parsed where it is run. */
export const AS_TOKENS = 255;

export interface RestoreBatch {
  /** Lines in this batch. */
  count: number;
  /** Per line: its index in PIPELINED_KINDS, or AS_TOKENS. */
  kinds: Uint8Array;
  /** Per line: the generic-netlink command of its request (0 for AS_TOKENS). */
  cmds: Uint8Array;
  /** Per line: where its request's attributes end in `attrs` (they start where the previous line's end). */
  ends: Uint32Array;
  attrs: Uint8Array;
  /** The tokens of the AS_TOKENS lines, in order. */
  tokens: string[][];
}

/** One line to run: an encoded change, or tokens to parse. */
export type RestoreItem = { kind: ChangeKind; spec: RequestSpec } | { kind: undefined; tokens: string[] };

/** Grows by doubling; hands out its bytes once. */
class ByteBuilder {
  private buf = new Uint8Array(16384);
  len = 0;
  add(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }
  take(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** The lines of `input` after its first `skip`, parsed and encoded, in batches of `size` lines. */
export function* restoreBatches(input: Uint8Array, skip: number, ctx: ParseContext, size = 1024): Generator<RestoreBatch> {
  let kinds = new Uint8Array(size);
  let cmds = new Uint8Array(size);
  let ends = new Uint32Array(size);
  let tokens: string[][] = [];
  let attrs = new ByteBuilder();
  let count = 0;
  let seen = 0;
  const finish = (): RestoreBatch => {
    const batch = { count, kinds, cmds, ends, attrs: attrs.take(), tokens };
    kinds = new Uint8Array(size);
    cmds = new Uint8Array(size);
    ends = new Uint32Array(size);
    tokens = [];
    attrs = new ByteBuilder();
    count = 0;
    return batch;
  };

  for (const line of restoreLines(input)) {
    if (seen++ < skip) continue;
    const spec = encodedChange(line, ctx);
    if (spec) {
      kinds[count] = spec.index;
      cmds[count] = spec.request.cmd;
      attrs.add(spec.request.attrs);
    } else {
      kinds[count] = AS_TOKENS;
      tokens.push(line);
    }
    ends[count] = attrs.len;
    if (++count === size) yield finish();
  }
  if (count > 0) yield finish();
}

/** The request of a pipelined change line, or undefined for every other line. */
function encodedChange(line: string[], ctx: ParseContext): { index: number; request: RequestSpec } | undefined {
  const outcome = parseCommandLine(line, ctx);
  if (outcome.type !== 'command') return undefined;
  const index = PIPELINED_KINDS.indexOf(outcome.command.kind as ChangeKind);
  if (index < 0) return undefined;
  const change = CHANGE_OF[PIPELINED_KINDS[index]!](outcome.command);
  let request: RequestSpec;
  try {
    request = requestFor(change.op, change);
  } catch {
    return undefined; // what cannot be encoded is run where its failure is reported
  }
  // A batch carries acknowledged IPVS requests only (batchItems rebuilds them so).
  return request.reply === 'ack' && request.version === C.IPVS_GENL_VERSION && !request.unacknowledged ? { index, request } : undefined;
}

/** A batch's lines, in order, as they are to be run. */
export function* batchItems(batch: RestoreBatch): Generator<RestoreItem> {
  let start = 0;
  let t = 0;
  for (let i = 0; i < batch.count; i++) {
    const end = batch.ends[i]!;
    const k = batch.kinds[i]!;
    if (k === AS_TOKENS) {
      yield { kind: undefined, tokens: batch.tokens[t++]! };
    } else {
      const spec: RequestSpec = { cmd: batch.cmds[i]!, version: C.IPVS_GENL_VERSION, reply: 'ack', attrs: batch.attrs.subarray(start, end) };
      yield { kind: PIPELINED_KINDS[k]!, spec };
    }
    start = end;
  }
}

/** The lines of `input` from the `from`-th to before the `to`-th, as tokens (run and parsed here). */
export function* tokenItems(input: Uint8Array, from = 0, to = Infinity): Generator<RestoreItem> {
  let n = 0;
  for (const tokens of restoreLines(input)) {
    if (n >= to) return;
    if (n++ >= from) yield { kind: undefined, tokens };
  }
}
