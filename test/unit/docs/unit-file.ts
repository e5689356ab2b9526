// Reads the Exec lines of systemd/ipvsadm.service as systemd runs them: each is
// `/bin/sh -c '<script>'`, and systemd turns `$$` into `$` before the shell sees it.
import fs from 'node:fs';
import path from 'node:path';

export const UNIT_FILE = path.resolve(import.meta.dirname, '../../../systemd/ipvsadm.service');

export type ExecKind = 'ExecStart' | 'ExecReload' | 'ExecStop';

/** The shell script of one Exec line, after systemd's own expansion. */
export function execScript(kind: ExecKind, unit = fs.readFileSync(UNIT_FILE, 'utf8')): string {
  const lines = unit.split('\n').filter((l) => l.startsWith(`${kind}=`));
  if (lines.length !== 1) throw new Error(`${kind}: ${lines.length} lines`);
  const m = /^[A-Za-z]+=\/bin\/sh -c '([^']*)'$/.exec(lines[0]!);
  if (!m) throw new Error(`${kind} is not /bin/sh -c '...': ${lines[0]}`);
  if (/%/.test(m[1]!)) throw new Error(`${kind} has a % specifier`);
  if (/\$(?!\$)/.test(m[1]!.replaceAll('$$', ''))) throw new Error(`${kind} has a $ that systemd would expand`);
  return m[1]!.replaceAll('$$', '$');
}

/** The unit's Environment= assignments. */
export function unitEnvironment(unit = fs.readFileSync(UNIT_FILE, 'utf8')): Record<string, string> {
  const env: Record<string, string> = {};
  for (const l of unit.split('\n').filter((x) => x.startsWith('Environment='))) {
    for (const kv of l.slice('Environment='.length).split(' ')) {
      const i = kv.indexOf('=');
      env[kv.slice(0, i)] = kv.slice(i + 1);
    }
  }
  return env;
}
