// A stand-in for the kernel side of a generic-netlink socket, faithful to the behaviour
// the transport relies on (spec/ipvs-genl.md 1.2, 7): requests of a datagram are handled
// in order; an ACK only when NLM_F_ACK is set, an error always; data replies are followed
// by a separate ACK; dumps are MULTI messages then DONE, never ACKed; a dump request while
// another dump runs gets EBUSY; answers arrive asynchronously, one datagram per event.
import type { DatagramSocket, SocketError } from '../../../src/netlink/transport.js';
import { forEachRecord } from '../../../src/netlink/wire.js';

export const FAMILY_ID = 0x20;

export interface FakeRequest {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  cmd: number;
  /** Top-level attributes. */
  attrs: Buffer;
  /** The whole message. */
  raw: Buffer;
}

export type FakeAnswer =
  | { ok: true }
  /** Nothing at all, not even an ACK asked for: netlink's answer to a handler's -EINTR. */
  | { none: true }
  | { errno: number }
  | { data: Buffer; cmd?: number }
  /** Each entry is one message's attributes; `perDatagram` messages share a datagram. */
  | { dump: Buffer[]; cmd?: number; perDatagram?: number; doneErrno?: number };

export type Handler = (req: FakeRequest) => FakeAnswer;

function header(len: number, type: number, flags: number, seq: number, pid: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(len, 0);
  b.writeUInt16LE(type, 4);
  b.writeUInt16LE(flags, 6);
  b.writeUInt32LE(seq, 8);
  b.writeUInt32LE(pid, 12);
  return b;
}

function dataMessage(req: FakeRequest, cmd: number, flags: number, attrs: Buffer): Buffer {
  const padded = Buffer.alloc((attrs.length + 3) & ~3);
  attrs.copy(padded);
  const len = 20 + padded.length;
  return Buffer.concat([header(len, req.type, flags, req.seq, req.pid), Buffer.from([cmd, 1, 0, 0]), padded]);
}

function errorMessage(req: FakeRequest, errno: number): Buffer {
  // An ACK carries only the request header (CAPPED); an error the whole request.
  const echo = errno === 0 ? req.raw.subarray(0, 16) : req.raw;
  const code = Buffer.alloc(4);
  code.writeInt32LE(-errno);
  return Buffer.concat([header(20 + echo.length, 2, errno === 0 ? 0x100 : 0, req.seq, req.pid), code, echo]);
}

function doneMessage(req: FakeRequest, errno = 0): Buffer {
  const code = Buffer.alloc(4);
  code.writeInt32LE(-errno);
  return Buffer.concat([header(20, 3, 2, req.seq, req.pid), code]);
}

export class FakeKernel implements DatagramSocket {
  readonly port = 4242;
  /** Every datagram the transport sent, split into requests. */
  readonly sent: FakeRequest[][] = [];
  refs = 0;
  unrefs = 0;
  closed = false;
  /**
   * Set to make answers to do-requests vanish, as a full receive buffer does (the kernel then
   * reports ENOBUFS; dump datagrams are never dropped, the dump waits for room).
   */
  dropAnswers = false;
  /** Set to report the next datagram as truncated instead of delivering it. */
  truncateNext = false;
  private handlers!: { message: (b: Buffer) => void; truncated: () => void; error: (e: SocketError) => void };
  private readonly outbox: Buffer[] = [];
  private delivering = false;
  private dumpRunning = false;

  constructor(public handler: Handler, public knowsIpvs = true) {}

  listen(h: { message: (b: Buffer) => void; truncated: () => void; error: (e: SocketError) => void }): void {
    this.handlers = h;
  }

  ref(): void {
    this.refs++;
  }

  unref(): void {
    this.unrefs++;
  }

  close(): void {
    this.closed = true;
  }

  /** Emits a socket error (e.g. ENOBUFS) as the native layer would. */
  fail(errno: number): void {
    this.handlers.error({ errno, message: 'recvmsg failed' });
  }

  /** Sends an unsolicited datagram (e.g. a stray answer). */
  inject(datagram: Buffer): void {
    this.outbox.push(datagram);
    this.deliverSoon();
  }

  send(datagram: Buffer, done: (err?: SocketError) => void): void {
    const reqs: FakeRequest[] = [];
    forEachRecord(datagram, 0, datagram.length, 'message', (off, len) => {
      const raw = Buffer.from(datagram.subarray(off, off + len));
      reqs.push({
        type: raw.readUInt16LE(4), flags: raw.readUInt16LE(6), seq: raw.readUInt32LE(8), pid: raw.readUInt32LE(12),
        cmd: raw[16]!, attrs: raw.subarray(20), raw,
      });
    });
    this.sent.push(reqs);
    for (const req of reqs) this.handle(req);
    setImmediate(() => done());
    this.deliverSoon();
  }

  private handle(req: FakeRequest): void {
    const wantsAck = (req.flags & 0x4) !== 0;
    const isDump = (req.flags & 0x300) === 0x300;
    if (req.type === 16) return this.handleCtrl(req);
    if (isDump && this.dumpRunning) return this.queue(errorMessage(req, 16)); // EBUSY
    const answer = this.handler(req);
    if ('none' in answer) return;
    if ('errno' in answer) return this.queue(errorMessage(req, answer.errno));
    if ('dump' in answer) {
      this.dumpRunning = true;
      const per = answer.perDatagram ?? 10;
      for (let i = 0; i < answer.dump.length; i += per) {
        this.queue(Buffer.concat(answer.dump.slice(i, i + per).map((a) => dataMessage(req, answer.cmd ?? req.cmd, 2, a))), undefined, true);
      }
      this.queue(doneMessage(req, answer.doneErrno), () => (this.dumpRunning = false), true);
      return;
    }
    if ('data' in answer) this.queue(dataMessage(req, answer.cmd ?? req.cmd, 0, answer.data));
    if (wantsAck) this.queue(errorMessage(req, 0));
  }

  private handleCtrl(req: FakeRequest): void {
    if (!this.knowsIpvs) return this.queue(errorMessage(req, 2)); // ENOENT
    const id = Buffer.from([6, 0, 1, 0, FAMILY_ID, 0, 0, 0]); // CTRL_ATTR_FAMILY_ID (u16)
    const name = Buffer.from([9, 0, 2, 0, 0x49, 0x50, 0x56, 0x53, 0, 0, 0, 0]);
    this.queue(dataMessage(req, 1, 0, Buffer.concat([id, name])));
    this.queue(errorMessage(req, 0));
  }

  private readonly afterDelivery = new Map<Buffer, () => void>();

  private queue(datagram: Buffer, after?: () => void, dump = false): void {
    if (this.dropAnswers && !dump) return;
    this.outbox.push(datagram);
    if (after) this.afterDelivery.set(datagram, after);
  }

  private deliverSoon(): void {
    if (this.delivering) return;
    this.delivering = true;
    setImmediate(() => {
      this.delivering = false;
      // Up to 32 datagrams per turn, like the native reader.
      for (let i = 0; i < 32 && this.outbox.length > 0 && !this.closed; i++) {
        const d = this.outbox.shift()!;
        this.afterDelivery.get(d)?.();
        this.afterDelivery.delete(d);
        if (this.truncateNext) {
          this.truncateNext = false;
          this.handlers.truncated();
        } else {
          this.handlers.message(d);
        }
      }
      if (this.outbox.length > 0) this.deliverSoon();
    });
  }
}
