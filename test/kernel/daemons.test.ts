// Sync daemons, against the real ipvsadm 1.31. Run early (see the sequencer), before the
// namespace churn of later files: stopping a daemon takes the RTNL lock, as does the kernel's
// clean-up of every deleted namespace.
import { describe, it } from 'vitest';
import { expectSameAsReal } from './same.js';

describe('sync daemons, against the real ipvsadm', () => {
  // A stop waits for the daemon's thread to release its multicast socket, which takes RTNL;
  // the oracle's watchdog prints the blocked tasks if a comparison runs long, and lets every
  // sync thread run before each step (sync-threads.ts).
  it('every option, errors, listing', async () => {
    await expectSameAsReal([
      '-L --daemon',
      '--start-daemon master',
      '--start-daemon master --mcast-interface d0 --syncid 7 --sync-maxlen 1400 --mcast-group 239.1.1.1 --mcast-port 8849 --mcast-ttl 2',
      '-L --daemon',
      '--start-daemon master --mcast-interface d0',
      '--start-daemon backup --mcast-interface d0 --syncid 3',
      '-L --daemon',
      '--stop-daemon master',
      '--stop-daemon master',
      '-L --daemon',
      '--stop-daemon backup --syncid 9',
      '--start-daemon backup --mcast-interface d0 --mcast-group ff02::1:3 --mcast-port 9000',
      '-L --daemon',
      '--stop-daemon backup',
      '--start-daemon master --mcast-interface averyveryverylongifname',
      '--start-daemon sideways --mcast-interface d0',
      '--start-daemon master --mcast-interface d0 --mcast-ttl 0',
      '-L --daemon',
    ]);
  }, 400_000);

  // Daemon lines inside -R: errors (an unknown interface, no master to stop), a listing, the
  // stop of a backup daemon started by the step before, a start. Never the stop of a daemon
  // the same -R started: the kernel does not answer a stop that comes before the new thread
  // has run (sync-threads.ts), and inside one ipvsadm process nothing can wait for it.
  it('-R with --set and daemon lines, and their errors', async () => {
    const text = '--set 10 20 30\n--start-daemon master --mcast-interface nosuchif\n--stop-daemon master\n-L --daemon\n--stop-daemon backup\n--start-daemon master --mcast-interface d0 --syncid 9\n-L --daemon\n';
    await expectSameAsReal(['--start-daemon backup --mcast-interface d0 --syncid 4', { args: ['-R'], stdin: text }, '-L --daemon', '-L --timeout']);
  }, 400_000);
});
