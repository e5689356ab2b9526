// -R lines parsed and encoded ahead, in batches a parsing thread hands to the one that owns the
// socket (restore-thread.ts). A batch is a few typed arrays, moved between threads without a
// copy: per line, the kind of change and its request's attributes, already encoded; a line
// that is anything else (an error, a listing, a daemon, help) travels as its tokens, and the
// owning thread parses and runs it itself, exactly as without a parsing thread.
import type { CommandKind } from '../cli/command.js';
import { type ParseContext, parseCommandLine } from '../cli/parse.js';
import { restoreLines } from '../cli/restore-lines.js';
import * as C from '../netlink/constants.js';
import { type RequestSpec, writeRequestAttrs } from '../netlink/messages.js';
import { NlWriter } from '../netlink/wire.js';
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

/**
 * Where `input` is cut into chunks of about `chunkBytes`: each cut is just after a LF, so
 * every chunk holds whole lines and splits into the same tokens alone as within the whole
 * (restore-lines.ts: only a LF ends a line, nothing carries over it; the end-of-input rules
 * concern the last chunk only). From 0 to input.length, strictly increasing.
 */
export function chunkBounds(input: Uint8Array, chunkBytes: number): number[] {
  const bounds = [0];
  const step = Math.max(1, Math.floor(chunkBytes));
  for (let at = step; at < input.length; ) {
    const lf = input.indexOf(0x0a, at - 1);
    if (lf < 0 || lf + 1 >= input.length) break;
    bounds.push(lf + 1);
    at = lf + 1 + step;
  }
  bounds.push(input.length);
  return bounds;
}

/** One writer serves every batch of a thread: each takes an exact copy of its bytes (an ArrayBuffer of its own, to be moved). */
const batchWriter = new NlWriter(65536);

/** The lines of `chunk` (whole lines, see chunkBounds), parsed and encoded, as one batch. */
export function encodeChunk(chunk: Uint8Array, ctx: ParseContext): RestoreBatch {
  const kinds: number[] = [];
  const cmds: number[] = [];
  const ends: number[] = [];
  const tokens: string[][] = [];
  const attrs = batchWriter;
  attrs.reset();
  for (const line of restoreLines(chunk)) {
    const encoded = writeChange(line, ctx, attrs);
    if (encoded) {
      kinds.push(encoded.index);
      cmds.push(encoded.cmd);
    } else {
      kinds.push(AS_TOKENS);
      cmds.push(0);
      tokens.push(line);
    }
    ends.push(attrs.len);
  }
  return {
    count: kinds.length, kinds: Uint8Array.from(kinds), cmds: Uint8Array.from(cmds), ends: Uint32Array.from(ends),
    attrs: new Uint8Array(attrs.bytes()), tokens,
  };
}

/**
 * A pipelined change line's request attributes appended to `w`, with its kind and command;
 * undefined (and nothing appended) for every other line.
 */
function writeChange(line: string[], ctx: ParseContext, w: NlWriter): { index: number; cmd: number } | undefined {
  const outcome = parseCommandLine(line, ctx);
  if (outcome.type !== 'command') return undefined;
  const kind = outcome.command.kind as ChangeKind;
  const index = PIPELINED_KINDS.indexOf(kind);
  if (index < 0) return undefined;
  const change = CHANGE_OF[kind](outcome.command);
  const start = w.len;
  let head;
  try {
    head = writeRequestAttrs(change.op, change, w);
  } catch {
    head = undefined; // what cannot be encoded is run where its failure is reported
  }
  // A batch carries acknowledged requests only (batchItems rebuilds them so).
  if (head?.reply === 'ack') return { index, cmd: head.cmd };
  w.len = start;
  return undefined;
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

/** The lines of `input` as tokens (parsed where they are run). */
export function* tokenItems(input: Uint8Array): Generator<RestoreItem> {
  for (const tokens of restoreLines(input)) yield { kind: undefined, tokens };
}
