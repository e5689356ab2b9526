// When a kernel step takes far longer than it should, say what the kernel is doing: every
// task that is blocked (state D) or runnable, with its wait channel and kernel stack, printed
// to stderr while the step goes on. This is how a stall in the test bed gets a cause instead
// of only a timeout.
import fs from 'node:fs';

function blockedTasks(): string {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const state = /^State:\s+(\S)/m.exec(status)?.[1];
      if (state !== 'D') continue;
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 160);
      const wchan = fs.readFileSync(`/proc/${pid}/wchan`, 'utf8');
      let stack = '';
      try { stack = fs.readFileSync(`/proc/${pid}/stack`, 'utf8'); } catch { /* not readable */ }
      out.push(`${comm} pid ${pid} state ${state} wchan ${wchan} ${cmd}\n${stack}`);
    } catch {
      /* the task went away */
    }
  }
  return out.length ? out.join('\n') : 'no task is blocked in the kernel (state D)';
}

/** Runs `work`; if it is still going after `afterMs`, prints the blocked tasks, then every `everyMs`. */
export async function watchdog<T>(label: string, work: () => Promise<T>, afterMs = 60_000, everyMs = 60_000): Promise<T> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const report = () => {
    console.error(`watchdog: ${label} still running after ${((Date.now() - started) / 1000).toFixed(0)} s\n${blockedTasks()}`);
    timer = setTimeout(report, everyMs);
  };
  timer = setTimeout(report, afterMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
