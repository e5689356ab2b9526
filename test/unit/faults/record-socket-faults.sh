#!/bin/sh
# Records what the real ipvsadm prints when recvmsg() fails midway (the facts behind the
# socket-error cases of faults.test.ts). Run as root on an IPVS kernel, e.g. in the test VM:
#   npm run vm -- 'sh test/unit/faults/record-socket-faults.sh'
# Needs a C compiler. The shim fails the FAULT_AT-th recvmsg() with errno FAULT_ERRNO; calls
# before about the 11th belong to start-up (where ipvsadm falls back to its old socket
# interface and succeeds), later ones to the dump.
set -eu
dir=$(mktemp -d)
cc -shared -fPIC -O1 -o "$dir/shim.so" "$(dirname "$0")/socket-fault-shim.c" -ldl
modprobe ip_vs
ns=faults-$$
ip netns add "$ns"
trap 'ip netns del "$ns"; rm -rf "$dir"' EXIT
i=0
while [ $i -lt 300 ]; do echo "-A -t 10.1.$((i / 100)).$((i % 100)):80 -s rr"; i=$((i + 1)); done | ip netns exec "$ns" ipvsadm -R
for k in 12 20 40; do for e in 105 12 4; do for cmd in "-L -n" "-S -n" "-L -n -t 10.1.0.5:80"; do
  rc=0
  FAULT_AT=$k FAULT_ERRNO=$e LD_PRELOAD="$dir/shim.so" ip netns exec "$ns" ipvsadm $cmd >"$dir/out" 2>"$dir/err" || rc=$?
  echo "recvmsg #$k errno $e: ipvsadm $cmd -> exit $rc, $(wc -l <"$dir/out") lines out, stderr: $(tr '\n' '|' <"$dir/err")"
done; done; done
