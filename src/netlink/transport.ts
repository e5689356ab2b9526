// Request/answer plumbing over one raw generic-netlink socket: sequence numbers, a bounded
// window of requests in flight, several requests per datagram, ACK/DONE/error handling
// with the kernel's numeric errno, and answers settled in request order.
//
// Why not the `netlink` package's NetlinkSocket.request(): it loses the errno, resolves a
// data request before its trailing ACK, and sends one request per datagram.
//
// Rules the kernel imposes, and how they are met here:
// - Requests are executed in the order they are sent, synchronously inside sendmsg(); their
//   answers are queued to the socket in that same order.
// - Answers to do-requests are dropped (the socket then reports ENOBUFS) when the receive
//   buffer is full: at most `maxInFlight` requests are outstanding.
// - Only one dump may run per socket (a second one gets EBUSY), and a running dump keeps
//   refilling the receive buffer: after a dump request nothing else is sent until its DONE.
// - A request without NLM_F_ACK is answered only when it fails. So in a datagram of several
//   requests, the ack-only ones ask for no ACK except the last one; when any later answer
//   arrives, the earlier silent requests have succeeded. (`ackEvery: true` turns this off.)
// The raw socket module alone: the package's index also loads every protocol family (slow start).
import { RawNetlinkSocket } from 'netlink/dist/raw.js';
import * as C from './constants.js';
import { IpvsError, NetlinkSocketError } from './errors.js';
import { type RequestSpec, requestFlags, writeFrame } from './messages.js';
import { MalformedReplyError } from './schema.js';
import { align4, forEachRecord, getI32, getU16, getU32, NlWriter } from './wire.js';

/** One data message of an answer (not ACK/DONE/error). */
export interface ReplyMessage {
  /** The whole received datagram; valid only during the callback. */
  buf: Buffer;
  /** nlmsg_type / nlmsg_flags of this message. */
  type: number;
  flags: number;
  /** genlmsghdr.cmd */
  cmd: number;
  /** Top-level attributes: buf[attrsStart, end). */
  attrsStart: number;
  end: number;
}

/** The little the transport needs from a netlink socket (a fake kernel can provide it in tests). */
export interface DatagramSocket {
  readonly port: number;
  send(datagram: Buffer, done: (err?: SocketError) => void): void;
  /** Installs the three receive-side callbacks. */
  listen(handlers: {
    message: (datagram: Buffer) => void;
    truncated: () => void;
    error: (err: SocketError) => void;
  }): void;
  ref(): void;
  unref(): void;
  close(): void;
}

export interface SocketError {
  errno?: number;
  message: string;
}

export interface TransportOptions {
  /** Requests outstanding at most (default 64). */
  maxInFlight?: number;
  /** Bytes per sendmsg() at most (default 16 KiB). */
  maxDatagram?: number;
  /** Ask an ACK of every request instead of one per datagram (default false). */
  ackEvery?: boolean;
  /** SO_RCVBUF to ask for (default 1 MiB; the kernel caps it at net.core.rmem_max). */
  recvBufferSize?: number;
  /** Use this socket instead of opening a NETLINK_GENERIC one (tests). */
  socket?: DatagramSocket;
  /** Sees every datagram the kernel sends us, before it is handled (fixture recording). */
  onReceive?: (datagram: Buffer) => void;
}

type Settle = { resolve: () => void; reject: (e: Error) => void };

interface Entry extends Settle {
  type: number;
  spec: RequestSpec;
  onMessage: ((m: ReplyMessage) => void) | undefined;
  seq: number;
  /** Position in send order. */
  order: number;
  /** Sent without NLM_F_ACK: succeeds silently once a later request is answered. */
  silent: boolean;
  done: boolean;
  error: Error | undefined;
}

/** A queue with O(1) push/shift (Array#shift is O(n) on large arrays). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(x: T): void {
    this.items.push(x);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head]!;
    (this.items as (T | undefined)[])[this.head++] = undefined;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }

  *drainAll(): Generator<T> {
    while (this.length > 0) yield this.shift()!;
  }
}

/**
 * Bytes passed to each recvmsg(). The kernel sizes a dump's datagrams to the largest buffer
 * the socket has read with, but never below NLMSG_GOODSIZE (just under min(page size, 8 KiB)),
 * and IPVS's other answers are single small messages: 8 KiB never truncates an answer on any
 * page size. Not more: the netlink addon allocates (and zeroes) this much for every recvmsg(),
 * the last one of each round that finds nothing included, and a listing makes about two and a
 * half per service: with 32 KiB, `-L -n` of 10k services peaked at 107 MiB, with 8 KiB at 81 MiB.
 */
const RECV_BUFFER = 8192;
const MAX_SEQ = 0xffffffff;

export class NetlinkTransport {
  readonly pid: number;
  private readonly socket: DatagramSocket;
  private readonly maxInFlight: number;
  private readonly maxDatagram: number;
  private readonly ackEvery: boolean;
  private readonly pending = new Fifo<Entry>();
  private readonly inFlight = new Fifo<Entry>();
  private readonly bySeq = new Map<number, Entry>();
  private readonly out = new NlWriter(16384);
  private nextSeq = 1;
  private nextOrder = 0;
  /** Highest send-order position that has received any answer. */
  private lastAnswered = -1;
  private dumping = false;
  /** Seq of a dump failed on our side (lost or truncated answer) that the kernel is still running. */
  private abandonedDump = -1;
  private pumpScheduled = false;
  private referenced = true;
  private closed = false;

  constructor(opts: TransportOptions = {}) {
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 64);
    this.maxDatagram = Math.max(1024, opts.maxDatagram ?? 16384);
    this.ackEvery = opts.ackEvery ?? false;
    this.socket = opts.socket ?? openGenericSocket(opts.recvBufferSize ?? 1 << 20);
    this.pid = this.socket.port;
    this.socket.listen({
      message: opts.onReceive
        ? (buf) => {
            opts.onReceive!(Buffer.from(buf));
            this.onDatagram(buf);
          }
        : (buf) => this.onDatagram(buf),
      truncated: () => this.failInFlight(new NetlinkSocketError(C.EMSGSIZE, 'netlink answer truncated')),
      error: (err) => this.failInFlight(new NetlinkSocketError(Math.abs(err.errno ?? 0) || C.ENOBUFS, `netlink socket: ${err.message}`)),
    });
    this.updateRef();
  }

  /**
   * Queues one request; resolves once the kernel has answered it (ACK, DONE or, for a
   * silent request, a later answer), rejects with an IpvsError carrying the kernel's errno.
   * `onMessage` sees each data message of the answer, in order.
   */
  request(type: number, spec: RequestSpec, onMessage?: (m: ReplyMessage) => void): Promise<void> {
    if (this.closed) return Promise.reject(new IpvsError(C.EBADF, 'IPVS client is closed'));
    if (type === 0) return Promise.reject(new IpvsError(C.ENOPROTOOPT, 'refusing to send to family id 0'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({
        type, spec, onMessage, resolve, reject,
        seq: 0, order: -1, silent: false, done: false, error: undefined,
      });
      this.schedulePump();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const err = new IpvsError(C.EBADF, 'IPVS client is closed');
    for (const e of this.inFlight.drainAll()) e.reject(err);
    for (const e of this.pending.drainAll()) e.reject(err);
    this.bySeq.clear();
    this.socket.close();
  }

  // ---- sending ----

  /** Deferred so that requests issued in the same turn of the event loop share datagrams. */
  private schedulePump(): void {
    if (this.pumpScheduled || this.closed || this.pending.length === 0) return;
    this.pumpScheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.pumpScheduled = false;
    if (this.closed || this.dumping || this.pending.length === 0) return this.updateRef();
    // Refill only once half the window is free, so datagrams stay large.
    if (this.inFlight.length > this.maxInFlight / 2) return this.updateRef();

    const batch: Entry[] = [];
    let bytes = 0;
    while (this.pending.length > 0 && this.inFlight.length + batch.length < this.maxInFlight) {
      const e = this.pending.peek()!;
      const size = C.NLMSG_HDRLEN + C.GENL_HDRLEN + align4(e.spec.attrs.length);
      if (batch.length > 0 && bytes + size > this.maxDatagram) break;
      this.pending.shift();
      batch.push(e);
      bytes += size;
      if (e.spec.reply === 'dump') break; // nothing may follow a dump until its DONE
    }

    const w = this.out;
    w.reset();
    batch.forEach((e, i) => {
      e.seq = this.takeSeq();
      e.order = this.nextOrder++;
      let flags = requestFlags(e.spec.reply);
      if (e.spec.unacknowledged || (!this.ackEvery && e.spec.reply === 'ack' && i < batch.length - 1)) {
        flags &= ~C.NLM_F_ACK;
        e.silent = true;
      }
      writeFrame(w, { type: e.type, seq: e.seq, pid: this.pid }, flags, e.spec);
      this.inFlight.push(e);
      this.bySeq.set(e.seq, e);
      if (e.spec.reply === 'dump') this.dumping = true;
    });
    this.updateRef();
    // The native layer keeps the buffer until it is sent: give it its own copy.
    this.socket.send(w.copy(), (err) => {
      if (!err) return;
      for (const e of batch) if (!e.done) this.finish(e, new NetlinkSocketError(Math.abs(err.errno ?? 0) || C.EBADF, err.message));
      this.drain();
    });
  }

  private takeSeq(): number {
    const seq = this.nextSeq;
    this.nextSeq = seq >= MAX_SEQ ? 1 : seq + 1;
    return seq;
  }

  // ---- receiving ----

  private onDatagram(buf: Buffer): void {
    // The kernel's datagrams end where their last message does. Bytes left over are a message
    // cut short (or framing gone wrong): whatever it answered is lost, so nothing outstanding
    // can be trusted to complete, as for a truncated datagram.
    // (The walker stops quietly at fewer bytes than a header; those count as cut short too.)
    let next = 0;
    forEachRecord(buf, 0, buf.length, 'message', (off, len) => {
      this.onMessage(buf, off, len);
      next = off + align4(len);
    });
    if (next < buf.length) return this.failInFlight(new MalformedReplyError(`datagram of ${buf.length} bytes ends inside a message at ${next}`));
    this.drain();
  }

  private onMessage(buf: Buffer, off: number, len: number): void {
    const seq = getU32(buf, off + 8);
    const type = getU16(buf, off + 4);
    const e = this.bySeq.get(seq);
    if (!e || e.done) {
      // A stray: e.g. the rest of a dump failed on our side. Its end lets dumps go again.
      if (seq === this.abandonedDump && (type === C.NLMSG_DONE || type === C.NLMSG_ERROR)) {
        this.abandonedDump = -1;
        this.dumping = false;
      }
      return;
    }
    if (e.order > this.lastAnswered) this.lastAnswered = e.order;
    switch (type) {
      case C.NLMSG_NOOP:
      case C.NLMSG_OVERRUN:
        return;
      case C.NLMSG_ERROR: {
        if (len < C.NLMSG_HDRLEN + 4) return this.finish(e, new MalformedReplyError('error message without its error code'));
        const code = getI32(buf, off + C.NLMSG_HDRLEN);
        return this.finish(e, code === 0 ? undefined : IpvsError.fromKernel(Math.abs(code)));
      }
      case C.NLMSG_DONE: {
        // A dump that failed midway reports its (negative) errno in DONE's payload.
        const code = len >= C.NLMSG_HDRLEN + 4 ? getI32(buf, off + C.NLMSG_HDRLEN) : 0;
        return this.finish(e, code < 0 ? IpvsError.fromKernel(-code) : undefined);
      }
      default: {
        if (e.error || !e.onMessage || len < C.NLMSG_HDRLEN + C.GENL_HDRLEN) return;
        try {
          e.onMessage({
            buf, type, flags: getU16(buf, off + 6), cmd: buf[off + C.NLMSG_HDRLEN]!,
            attrsStart: off + C.NLMSG_HDRLEN + C.GENL_HDRLEN, end: off + len,
          });
        } catch (err) {
          // Keep consuming the answer; report the decode failure when it is complete.
          e.error = err instanceof Error ? err : new Error(String(err));
        }
      }
    }
  }

  private finish(e: Entry, error: Error | undefined): void {
    e.done = true;
    e.error ??= error;
    this.bySeq.delete(e.seq);
    if (e.spec.reply === 'dump') this.dumping = false;
  }

  /** Settles finished requests in send order, and silent ones a later answer vouches for. */
  private drain(): void {
    for (let e = this.inFlight.peek(); e; e = this.inFlight.peek()) {
      if (!e.done) {
        if (!(e.silent && e.order < this.lastAnswered)) break;
        this.finish(e, undefined);
      }
      this.inFlight.shift();
      if (e.error) e.reject(e.error);
      else e.resolve();
    }
    // A queued dump goes out at once, from inside this receive callback: the kernel runs it
    // within sendmsg(), so the native reader's next recvmsg() of this same callback round
    // already finds its answer. A listing's real-server dumps (one per service, one at a
    // time) then cost one event-loop turn per up to 32 services instead of two turns each.
    // Anything else waits a turn, so that requests issued together share datagrams.
    if (!this.dumping && !this.closed && this.pending.peek()?.spec.reply === 'dump') this.pump();
    else this.schedulePump();
    this.updateRef();
  }

  /** Answers were lost (receive buffer overrun, truncation): fail everything outstanding. */
  private failInFlight(error: IpvsError): void {
    if (this.closed) return;
    for (const e of this.bySeq.values()) {
      if (e.done) continue;
      this.finish(e, error);
      // The kernel keeps that dump going (dump datagrams are never dropped) until its DONE;
      // a new dump before then would get EBUSY.
      if (e.spec.reply === 'dump') {
        this.abandonedDump = e.seq;
        this.dumping = true;
      }
    }
    this.drain();
  }

  /** Keep the event loop alive only while something is outstanding. */
  private updateRef(): void {
    if (this.closed) return;
    const busy = this.pending.length > 0 || this.inFlight.length > 0;
    if (busy === this.referenced) return;
    this.referenced = busy;
    if (busy) this.socket.ref();
    else this.socket.unref();
  }
}

/** A NETLINK_GENERIC socket of the `netlink` package behind the DatagramSocket interface. */
function openGenericSocket(recvBufferSize: number): DatagramSocket {
  // No peeking: one recvmsg() per datagram (peeking costs a second one).
  const raw = new RawNetlinkSocket(C.NETLINK_GENERIC, {
    messagePeeking: false,
    msgBufferSize: RECV_BUFFER,
    recvBufferSize,
    sendBufferSize: 0, // 0 = leave the default
  });
  return {
    port: raw.address().port,
    send: (datagram, done) => raw.send(datagram, undefined, done),
    listen: (h) => {
      raw.on('message', (buf) => h.message(buf));
      raw.on('truncatedMessage', () => h.truncated());
      raw.on('error', (err) => h.error(err));
    },
    ref: () => raw.ref(),
    unref: () => raw.unref(),
    close: () => raw.close(),
  };
}
