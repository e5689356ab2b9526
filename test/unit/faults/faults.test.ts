// Kernel-side faults at the top level (runIpvsadm against the fake kernel): IPVS missing, no
// permission, a dump that fails midway (kernel errno, lost answers, a malformed reply) give
// ipvsadm's one message and exit status (spec: start-up sequence and kernel error → message),
// never a stack trace.
//
// A socket error midway was recorded from the real ipvsadm 1.31 in the VM, with recvmsg()
// made to fail by an LD_PRELOAD shim (socket-fault-shim.c, record-socket-faults.sh here):
// ENOBUFS or ENOMEM during the dump of -L -n, -S -n or -L -n -t X gives the EINVAL message
// and exit 1 (-L has printed its version line already); EINTR is retried and changes nothing.
import { describe, expect, it } from 'vitest';
import * as C from '../../../src/netlink/constants.js';
import { IpvsClient } from '../../../src/netlink/client.js';
import { runIpvsadm } from '../../../src/main.js';
import { FakeResolver } from '../cli/helpers.js';
import { capturedIo } from '../commands/harness.js';
import { attr, be16, cstr, hex, le16, le32, nest, v4 } from '../netlink/bytes.js';
import { type FakeAnswer, FakeKernel, type FakeRequest } from '../netlink/fake-kernel.js';

const EINVAL_TEXT = 'Invalid operation.  Possibly wrong module version, address not unicast, ...';
const INIT_HINT = 'Are you sure that IP Virtual Server is built in the kernel or as module?\n';
const INFO = hex('08 00 01 00 01 02 01 00 08 00 02 00 00 10 00 00');

function serviceNest(port: number): Buffer {
  return nest(C.IPVS_CMD_ATTR_SERVICE,
    attr(1, le16(2)), attr(2, le16(6)), attr(3, v4('10.1.1.1')), attr(4, be16(port)),
    attr(6, cstr('rr')), attr(7, hex('02 00 00 00 ff ff ff ff')), attr(8, le32(0)), attr(9, hex('ff ff ff ff')));
}

type Handler = (req: FakeRequest) => FakeAnswer;
const base: Handler = (req) => {
  if (req.cmd === C.IPVS_CMD_GET_INFO) return { data: INFO, cmd: C.IPVS_CMD_SET_INFO };
  if (req.cmd === C.IPVS_CMD_GET_SERVICE) return { dump: [80, 81, 82].map(serviceNest), cmd: 1 };
  if (req.cmd === C.IPVS_CMD_GET_DEST) return { dump: [], cmd: 5 };
  return { ok: true };
};

async function run(args: string[], kernel: FakeKernel) {
  const { io, stdout, stderr } = capturedIo();
  let modprobe = 0;
  const code = await runIpvsadm(args, io, {
    openClient: () => IpvsClient.open({ socket: kernel }),
    loadModule: () => (modprobe++, false),
    resolver: new FakeResolver(),
  });
  expect(stderr()).not.toMatch(/\n\s+at |Error:/); // never a stack trace or an exception's text
  return { stdout: stdout(), stderr: stderr(), code, modprobe };
}

describe('start-up faults', () => {
  it('IPVS missing: modprobe is tried, then "Can\'t initialize ipvs", exit 2', async () => {
    const r = await run(['-L', '-n'], new FakeKernel(base, false));
    // Root lacks only the module; anyone else is refused the raw-socket fallback first (spec §1).
    const msg = process.geteuid?.() === 0 ? 'Protocol not available' : 'Permission denied (you must be root)';
    expect(r).toEqual({ stdout: '', stderr: `Can't initialize ipvs: ${msg}\n${INIT_HINT}`, code: 2, modprobe: 1 });
  });

  it('no permission (GET_INFO answers EPERM): the permission message, exit 2', async () => {
    const kernel = new FakeKernel((req) => (req.cmd === C.IPVS_CMD_GET_INFO ? { errno: C.EPERM } : base(req)));
    const r = await run(['-A', '-t', '10.1.1.1:80'], kernel);
    expect(r).toEqual({ stdout: '', stderr: `Can't initialize ipvs: Permission denied (you must be root)\n${INIT_HINT}`, code: 2, modprobe: 1 });
  });

  it('no permission for a change after a successful start: the message, exit 255', async () => {
    const kernel = new FakeKernel((req) => (req.cmd === C.IPVS_CMD_NEW_SERVICE ? { errno: C.EPERM } : base(req)));
    const r = await run(['-A', '-t', '10.1.1.1:80'], kernel);
    expect(r).toEqual({ stdout: '', stderr: 'Permission denied (you must be root)\n', code: 255, modprobe: 0 });
  });
});

describe('a dump that fails midway', () => {
  const VERSION = 'IP Virtual Server version 1.2.1 (size=4096)\n';

  it('the kernel ends it with an errno (in DONE): the version line, then the message, exit 1', async () => {
    const kernel = new FakeKernel((req) =>
      req.cmd === C.IPVS_CMD_GET_SERVICE ? { dump: [80, 81].map(serviceNest), cmd: 1, perDatagram: 1, doneErrno: C.EMSGSIZE } : base(req),
    );
    const r = await run(['-L', '-n'], kernel);
    expect(r).toEqual({ stdout: VERSION, stderr: 'Module is wrong version\n', code: 1, modprobe: 0 });
  });

  it('answers lost (ENOBUFS from the socket): the EINVAL message, exit 1, nothing half-printed', async () => {
    const many = Array.from({ length: 300 }, (_, i) => serviceNest(1000 + i));
    const kernel: FakeKernel = new FakeKernel((req) => {
      if (req.cmd !== C.IPVS_CMD_GET_SERVICE) return base(req);
      // The socket reports an overrun once the first of the dump's 60 datagrams are delivered.
      setImmediate(() => kernel.fail(C.ENOBUFS));
      return { dump: many, cmd: 1, perDatagram: 5 };
    });
    const r = await run(['-L', '-n'], kernel);
    expect(r).toEqual({ stdout: VERSION, stderr: `${EINVAL_TEXT}\n`, code: 1, modprobe: 0 });
  });

  it('a truncated datagram in -S (a socket failure too): the EINVAL message, exit 1', async () => {
    const many = Array.from({ length: 300 }, (_, i) => serviceNest(1000 + i));
    const kernel: FakeKernel = new FakeKernel((req) => {
      if (req.cmd !== C.IPVS_CMD_GET_SERVICE) return base(req);
      kernel.truncateNext = true;
      return { dump: many, cmd: 1, perDatagram: 5 };
    });
    const r = await run(['-S', '-n'], kernel);
    expect(r).toEqual({ stdout: '', stderr: `${EINVAL_TEXT}\n`, code: 1, modprobe: 0 });
  });

  it('a reply that cannot be parsed: the EINVAL message (no kernel errno, as libipvs), exit 1', async () => {
    const broken = serviceNest(80).subarray(0, 40); // the nest's length now runs past its message
    const kernel = new FakeKernel((req) => (req.cmd === C.IPVS_CMD_GET_SERVICE ? { dump: [broken], cmd: 1 } : base(req)));
    const r = await run(['-L', '-n'], kernel);
    expect(r).toEqual({
      stdout: VERSION,
      stderr: 'Invalid operation.  Possibly wrong module version, address not unicast, ...\n',
      code: 1,
      modprobe: 0,
    });
  });
});
