// Stopping an IPVS sync daemon whose kernel thread has been created and woken but has not yet
// run gets no answer from the kernel at all: kthread_stop() then returns -EINTR (the thread
// function never ran), stop_sync_thread() passes that on, and netlink_rcv_skb() takes -EINTR
// as "a dump has started" and sends no ACK, so the ipvsadm that asked waits in recvmsg for
// ever. On the test VM's one vCPU that happens when a stop follows a start within the same
// time slice (seen: the real `ipvsadm -R` of "--start-daemon backup ... --stop-daemon
// backup", 2 runs of 8, with the thread's "sync thread started" line never logged and
// the ipvsadm socket empty, nothing dropped). So the test bed lets every sync thread run
// before it asks for the next daemon command.
import fs from 'node:fs';

/** The same wait in shell, for a batch of real ipvsadm steps: `settle_sync_threads`. */
export const SETTLE_SHELL = [
  'settle_sync_threads() {',
  '  local i=0 busy line',
  '  while [ $i -lt 400 ]; do',
  '    busy=0',
  '    for s in /proc/[0-9]*/stat; do',
  '      read -r line < "$s" 2>/dev/null || continue',
  '      case "$line" in *"(ipvs-"[mb]":"*") R "*) busy=1; break ;; esac',
  '    done',
  '    [ $busy = 0 ] && return 0',
  '    sleep 0.025; i=$((i + 1))',
  '  done',
  '}',
].join('\n');

/** Whether some IPVS sync thread (ipvs-m:*, ipvs-b:*) is runnable: woken, and not yet asleep in its loop. */
function someSyncThreadRunnable(): boolean {
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone
    }
    if (/\(ipvs-[mb]:[^)]*\) R /.test(stat)) return true;
  }
  return false;
}

/** Waits (up to 10 s) until every IPVS sync thread has run into its loop and sleeps there. */
export async function syncThreadsSettled(): Promise<void> {
  for (let i = 0; i < 400 && someSyncThreadRunnable(); i++) await new Promise((r) => setTimeout(r, 25));
}
