// Runs our ipvsadm's main in-process, once per request line, inside the namespace it was
// started in. Protocol: one JSON request per stdin line {id, argv0, args, stdin}, one JSON
// reply per stdout line {id, stdout, stderr, code}. `tool: "ipvsadm-apply"` runs that tool.
import { createInterface } from 'node:readline';
import { runIpvsadmApply } from '../../dist/apply-main.js';
import { runIpvsadm } from '../../dist/main.js';

// Compared output is piped output: a FORCE_COLOR in the caller's environment would colour
// ours (as documented) where the real ipvsadm never colours.
const env = { ...process.env };
delete env.FORCE_COLOR;

const rl = createInterface({ input: process.stdin });
const queue = [];
let busy = false;

rl.on('line', (line) => {
  queue.push(JSON.parse(line));
  if (!busy) drain();
});

async function drain() {
  busy = true;
  while (queue.length) {
    const req = queue.shift();
    let out = '';
    let err = '';
    const reply = { id: req.id };
    try {
      const io = {
        argv0: req.argv0,
        env: req.env ? { ...env, ...req.env } : env,
        stdin: async () => Buffer.from(req.stdin, 'utf8'),
        stdout: { write: (s) => { out += s; return true; } },
        stderr: { write: (s) => { err += s; return true; } },
        isTTY: false,
      };
      reply.code = req.tool === 'ipvsadm-apply' ? await runIpvsadmApply(io, req.args) : await runIpvsadm(req.args, io);
    } catch (e) {
      reply.crash = e && e.stack ? e.stack : String(e);
    }
    reply.stdout = out;
    reply.stderr = err;
    process.stdout.write(JSON.stringify(reply) + '\n');
  }
  busy = false;
}
