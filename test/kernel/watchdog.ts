// When a kernel step takes far longer than it should, say what everything involved is doing:
// every task blocked in the kernel (state D), and the programs of the test bed and IPVS's own
// threads in whatever state they are, each with its wait channel and kernel stack, printed to
// stderr while the step goes on. For a program waiting in a netlink socket, that socket as the
// kernel sees it (port id, queued bytes, drops), and the kernel's last messages. This is how a
// stall gets a cause instead of only a timeout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Tasks worth showing in any state: the tools, the shells and agents around them, IPVS threads. */
const WATCHED = /^(ipvsadm|node|bash|sh|ip|ipvs-[mb]:.*|kworker\/.*netns.*)$/;

function tasksOfInterest(): string {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const state = /^State:\s+(\S)/m.exec(status)?.[1];
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (state !== 'D' && !WATCHED.test(comm)) continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 160);
      const wchan = fs.readFileSync(`/proc/${pid}/wchan`, 'utf8');
      let stack = '';
      try { stack = fs.readFileSync(`/proc/${pid}/stack`, 'utf8'); } catch { /* not readable */ }
      out.push(`${comm} pid ${pid} state ${state} wchan ${wchan} ${cmd}\n${stack}${comm === 'ipvsadm' ? netlinkSockets(pid) : ''}`);
    } catch {
      /* the task went away */
    }
  }
  if (!out.length) return 'no task is blocked in the kernel (state D) and none of the watched programs runs';
  const dmesg = spawnSync('dmesg', [], { encoding: 'utf8' }).stdout ?? '';
  return `${out.join('\n')}\nkernel log, last lines:\n${dmesg.split('\n').slice(-16).join('\n')}`;
}

/**
 * The task's current system call (number and arguments, /proc/PID/syscall) and its netlink
 * sockets in /proc/PID/net/netlink (that of its namespace): Pid is the port id, Rmem the bytes
 * queued for it, Drops what the kernel could not queue.
 */
function netlinkSockets(pid: string): string {
  try {
    const inodes = new Set<string>();
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    }
    const [head, ...rows] = fs.readFileSync(`/proc/${pid}/net/netlink`, 'utf8').trim().split('\n');
    const mine = rows.filter((r) => inodes.has(r.trim().split(/\s+/).at(-1)!));
    return `syscall: ${fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').trim()}\n${head}\n${mine.join('\n')}\n`;
  } catch (e) {
    return `(netlink sockets not readable: ${(e as Error).message})\n`;
  }
}

/** Runs `work`; if it is still going after `afterMs`, prints the tasks of interest, then every `everyMs`. */
export async function watchdog<T>(label: string, work: () => Promise<T>, afterMs = 60_000, everyMs = 60_000): Promise<T> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const report = () => {
    console.error(`watchdog: ${label} still running after ${((Date.now() - started) / 1000).toFixed(0)} s\n${tasksOfInterest()}`);
    timer = setTimeout(report, everyMs);
  };
  timer = setTimeout(report, afterMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
