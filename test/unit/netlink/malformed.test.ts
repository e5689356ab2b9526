// Replies that break the framing or leave out what must be there are MalformedReplyError
// (errno EBADMSG) from the client: never a partial result, another exception, or "unknown
// family". (Cases the decoder fuzzing found; decode-fuzz.test.ts covers them at large.)
import { describe, expect, it } from 'vitest';
import { AF_INET, IPPROTO_TCP } from '../../../src/model.js';
import { IpvsClient, IpvsError } from '../../../src/netlink/client.js';
import * as C from '../../../src/netlink/constants.js';
import { MalformedReplyError } from '../../../src/netlink/schema.js';
import type { DatagramSocket, SocketError } from '../../../src/netlink/transport.js';
import { attr, be16, cstr, genlMessage, hex, le16, le32, nest, v4 } from './bytes.js';

const FAMILY = 0x22;
const PID = 77;

function frame(type: number, flags: number, seq: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(16 + payload.length, 0);
  h.writeUInt16LE(type, 4);
  h.writeUInt16LE(flags, 6);
  h.writeUInt32LE(seq, 8);
  h.writeUInt32LE(PID, 12);
  return Buffer.concat([h, payload]);
}
const ack = (seq: number): Buffer => frame(C.NLMSG_ERROR, 0x100, seq, Buffer.alloc(20));
const done = (seq: number): Buffer => frame(C.NLMSG_DONE, C.NLM_F_MULTI, seq, le32(0));
const familyReply = (seq: number, ...attrs: Buffer[]): Buffer =>
  genlMessage({ type: C.GENL_ID_CTRL, flags: 0, seq, pid: PID, cmd: 1 }, ...attrs);
const goodFamily = (seq: number): Buffer[] => [familyReply(seq, attr(1, le16(FAMILY)), attr(2, cstr('IPVS'))), ack(seq)];

/** A socket whose answers are the datagrams `script` gives for each request (by nlmsg_type). */
function scripted(script: (type: number, seq: number) => Buffer[]): DatagramSocket {
  let h: { message: (b: Buffer) => void; truncated: () => void; error: (e: SocketError) => void };
  return {
    port: PID,
    listen: (handlers) => (h = handlers),
    ref() {},
    unref() {},
    close() {},
    send(d, cb) {
      const out = script(d.readUInt16LE(4), d.readUInt32LE(8));
      setImmediate(() => {
        cb();
        for (const x of out) h.message(x);
      });
    },
  };
}

function serviceMessage(seq: number, port: number): Buffer {
  return genlMessage({ type: FAMILY, flags: C.NLM_F_MULTI, seq, pid: PID, cmd: C.IPVS_CMD_NEW_SERVICE },
    nest(C.IPVS_CMD_ATTR_SERVICE, attr(1, le16(AF_INET)), attr(2, le16(IPPROTO_TCP)), attr(3, v4('10.1.1.1')),
      attr(4, be16(port)), attr(6, cstr('rr')), attr(7, hex('00 00 00 00 ff ff ff ff')), attr(8, le32(0)), attr(9, hex('ff ff ff ff'))));
}

describe('malformed replies', () => {
  it('a dump datagram that ends inside a message fails the dump (no partial list)', async () => {
    const client = await IpvsClient.open({
      socket: scripted((type, seq) => {
        if (type === C.GENL_ID_CTRL) return goodFamily(seq);
        const whole = Buffer.concat([serviceMessage(seq, 80), serviceMessage(seq, 81), serviceMessage(seq, 82)]);
        return [whole.subarray(0, whole.length - 10), done(seq)];
      }),
    });
    const err = await client.getServices().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedReplyError);
    expect((err as IpvsError).errno).toBe(C.EBADMSG);
    client.close();
  });

  it('the same datagram whole gives all three services', async () => {
    const client = await IpvsClient.open({
      socket: scripted((type, seq) =>
        type === C.GENL_ID_CTRL ? goodFamily(seq) : [Buffer.concat([serviceMessage(seq, 80), serviceMessage(seq, 81), serviceMessage(seq, 82)]), done(seq)],
      ),
    });
    expect((await client.getServices()).map((s) => s.port)).toEqual([80, 81, 82]);
    client.close();
  });

  it('an error frame without its error code is malformed, not a kernel errno', async () => {
    const client = await IpvsClient.open({
      socket: scripted((type, seq) => (type === C.GENL_ID_CTRL ? goodFamily(seq) : [frame(C.NLMSG_ERROR, 0, seq, Buffer.alloc(2))])),
    });
    await expect(client.flush()).rejects.toBeInstanceOf(MalformedReplyError);
    client.close();
  });

  it('a family answer without a usable id is malformed; ENOENT alone means "no IPVS"', async () => {
    const open = (answer: (seq: number) => Buffer[]) => IpvsClient.open({ socket: scripted((_t, seq) => answer(seq)) }).catch((e: unknown) => e);
    const noId = await open((seq) => [familyReply(seq, attr(2, cstr('IPVS'))), ack(seq)]);
    expect(noId).toBeInstanceOf(MalformedReplyError);
    const shortId = await open((seq) => [familyReply(seq, attr(1, Buffer.from([0x22]))), ack(seq)]);
    expect(shortId).toBeInstanceOf(MalformedReplyError);
    // An attribute whose length runs past the message: was a RangeError out of open().
    const bad = familyReply(0, attr(1, le16(FAMILY)));
    bad.writeUInt16LE(200, 20);
    const overrun = await open((seq) => {
      bad.writeUInt32LE(seq, 8);
      return [bad, ack(seq)];
    });
    expect(overrun).toBeInstanceOf(MalformedReplyError);
    const unknown = await open((seq) => [frame(C.NLMSG_ERROR, 0, seq, Buffer.concat([le32(-C.ENOENT >>> 0), Buffer.alloc(16)]))]);
    expect(unknown).toBeInstanceOf(IpvsError);
    expect(unknown).not.toBeInstanceOf(MalformedReplyError);
    expect((unknown as IpvsError).errno).toBe(C.ENOPROTOOPT);
  });
});
