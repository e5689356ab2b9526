// Netlink framing shared with the transport, and the request of each IPVS operation as its
// row of the command table (commands.ts) describes it.
import { type CommandArgs, type CommandRow, IPVS_COMMANDS, type Operation, type ReplyKind } from './commands.js';
import * as C from './constants.js';
import { NlWriter } from './wire.js';

/** A generic-netlink request without its header fields (those are chosen when it is sent). */
export interface RequestSpec {
  cmd: number;
  version: number;
  reply: ReplyKind;
  /** Top-level attributes, already encoded. */
  attrs: Uint8Array;
  /**
   * An ack-request sent without NLM_F_ACK even when last in its datagram: it is answered
   * only if it fails, and succeeds once a later request is answered (the caller sends one).
   */
  unacknowledged?: boolean;
}

export interface FrameHeader {
  /** nlmsg_type: the resolved family id (or GENL_ID_CTRL). */
  type: number;
  seq: number;
  pid: number;
}

/** REQUEST|ACK, plus DUMP for dumps: 0x0005 / 0x0305, as libnl sends. */
export function requestFlags(reply: ReplyKind): number {
  return C.NLM_F_REQUEST | C.NLM_F_ACK | (reply === 'dump' ? C.NLM_F_DUMP : 0);
}

/** Appends one whole message (nlmsghdr + genlmsghdr + attrs) to `w`. */
export function writeFrame(w: NlWriter, hdr: FrameHeader, flags: number, spec: RequestSpec): void {
  const start = w.len;
  w.u32(0); // nlmsg_len, patched below
  w.u16(hdr.type);
  w.u16(flags);
  w.u32(hdr.seq);
  w.u32(hdr.pid);
  w.u8(spec.cmd);
  w.u8(spec.version);
  w.u16(0);
  w.raw(spec.attrs);
  w.pad();
  w.patchU32(start, w.len - start);
}

/** The exact bytes of one request. */
export function encodeMessage(spec: RequestSpec, hdr: FrameHeader): Buffer {
  const w = new NlWriter(C.NLMSG_HDRLEN + C.GENL_HDRLEN + spec.attrs.length + 4);
  writeFrame(w, hdr, requestFlags(spec.reply), spec);
  return w.copy();
}

/** Encoding is synchronous: one scratch writer serves every request, each keeps an exact copy. */
const scratch = new NlWriter(1024);

/** The request of one IPVS operation, built from its row of IPVS_COMMANDS. */
export function requestFor<K extends Operation>(op: K, args: CommandArgs[K]): RequestSpec {
  scratch.reset();
  const head = writeRequestAttrs(op, args, scratch);
  return { cmd: head.cmd, version: head.version, reply: head.reply, attrs: scratch.copy() };
}

/** Appends the attributes of requestFor(op, args) to `w`, and returns the rest of that request. */
export function writeRequestAttrs<K extends Operation>(op: K, args: CommandArgs[K], w: NlWriter): Omit<RequestSpec, 'attrs'> {
  const row: CommandRow<CommandArgs[K], unknown> = IPVS_COMMANDS[op];
  for (const part of row.request) part(w, args);
  return { cmd: row.cmd, version: C.IPVS_GENL_VERSION, reply: row.reply };
}

// ---- the controller ----

/** CTRL_CMD_GETFAMILY for `name` (sent with nlmsg_type GENL_ID_CTRL). */
export function getFamilyRequest(name: string): RequestSpec {
  const w = new NlWriter(32);
  const mark = w.beginAttr(C.CTRL_ATTR_FAMILY_NAME);
  w.cstring(name);
  w.endAttr(mark);
  return { cmd: C.CTRL_CMD_GETFAMILY, version: C.CTRL_VERSION, reply: 'data', attrs: w.bytes() };
}
