// The rule files every benchmark uses (in the VM, natively, cold), so that their rows compare.

/**
 * A rule file: n services, 4 real servers each (ipvsadm -S -n format). `changed`: one service
 * in a hundred gets another scheduler and its first real server another weight (a 1 % change).
 */
export function rules(n, changed = false) {
  const lines = [];
  for (let s = 0; s < n; s++) {
    const vip = `10.${(s >> 16) & 255}.${(s >> 8) & 255}.${s & 255}:80`;
    const edit = changed && s % 100 === 0;
    lines.push(`-A -t ${vip} -s ${edit ? 'rr' : 'wlc'}`);
    for (let d = 0; d < 4; d++) lines.push(`-a -t ${vip} -r 192.168.${d}.${(s % 250) + 2}:8080 -m -w ${edit && d === 0 ? 2 : 1}`);
  }
  return lines.join('\n') + '\n';
}
