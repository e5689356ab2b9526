// The bash completion: generated from the option table, sourced in bash and asked for the
// completions of partial command lines, as bash's programmable completion calls it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IPVSADM_OPTIONS } from '../../../src/cli/options.js';
import { completionArgv, offered, writeCompletion } from './bash-complete.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvsadm-completion-'));
const file = writeCompletion(dir);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What the completion offers for a command line with the cursor at its end. */
function complete(line: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const [cmd, ...args] = completionArgv(file, line);
  const r = spawnSync(cmd!, args, { encoding: 'utf8', env });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return offered(r.stdout);
}

describe('bash completion', () => {
  it('offers the commands as the first word', () => {
    const words = complete('ipvsadm ');
    for (const w of ['-A', '--add-service', '-L', '-l', '--list', '--set', '--start-daemon', '-h', '-R', '-S']) expect(words).toContain(w);
    expect(words).not.toContain('-t');
    expect(complete('ipvsadm --a')).toEqual(['--add-service', '--add-server']);
    expect(complete('ipvsadm --sta')).toEqual(['--start-daemon']);
  });

  it('offers every option of the table somewhere', () => {
    const all = new Set([...complete('ipvsadm '), ...complete('ipvsadm -L ')]);
    for (const o of IPVSADM_OPTIONS) {
      expect(all, o.flags).toContain(`--${o.long}`);
      if (o.short) expect(all, o.flags).toContain(`-${o.short}`);
    }
  });

  it('offers the setting options after the command', () => {
    expect(complete('ipvsadm -A --tc')).toEqual(['--tcp-service']);
    expect(complete('ipvsadm -L --st')).toEqual(['--stats']);
    expect(complete('ipvsadm -a -t 10.0.0.1:80 -r 192.168.1.2 --tun-')).toEqual(['--tun-info', '--tun-type', '--tun-port', '--tun-nocsum', '--tun-csum', '--tun-remcsum']);
    expect(complete('ipvsadm -L -n --add')).toEqual([]);
  });

  it('offers schedulers, persistence engines, tunnel types and daemon states', () => {
    expect(complete('ipvsadm -A -t 10.0.0.1:80 -s ')).toEqual(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh']);
    expect(complete('ipvsadm -A -t 10.0.0.1:80 --scheduler w')).toEqual(['wrr', 'wlc']);
    expect(complete('ipvsadm -A -t 10.0.0.1:80 --pe ')).toEqual(['sip']);
    expect(complete('ipvsadm -a -t 10.0.0.1:80 -r 10.1.1.1 -i --tun-type g')).toEqual(['gue', 'gre']);
    expect(complete('ipvsadm --start-daemon ')).toEqual(['master', 'backup']);
    expect(complete('ipvsadm --stop-daemon b')).toEqual(['backup']);
    // --color's value is optional: a word starting with '-' is the next option.
    expect(complete('ipvsadm -L --color ')).toEqual(['auto', 'always', 'never']);
    expect(complete('ipvsadm -L --color a')).toEqual(['auto', 'always']);
    expect(complete('ipvsadm -L --color --st')).toEqual(['--stats']);
  });

  it('completes the scheduler flags of a comma-separated list', () => {
    expect(complete('ipvsadm -A -t 10.0.0.1:80 -s sh -b sh-')).toEqual(['sh-fallback', 'sh-port']);
    expect(complete('ipvsadm -A -t 10.0.0.1:80 -s sh -b sh-port,sh-f')).toEqual(['sh-port,sh-fallback']);
  });

  it('offers nothing for a free value (a number, a mask)', () => {
    expect(complete('ipvsadm -a -t 10.0.0.1:80 -r 10.1.1.1 -w ')).toEqual([]);
    expect(complete('ipvsadm -A -t 10.0.0.1:80 -M ')).toEqual([]);
    expect(complete('ipvsadm --start-daemon master --syncid ')).toEqual([]);
  });

  it('offers nothing from the table where IPVS is not loaded, and never loads it', () => {
    // This unit test runs where /proc/net/ip_vs is absent (the kernel suite covers the live table).
    if (fs.existsSync('/proc/net/ip_vs')) return;
    const bin = fs.mkdtempSync(path.join(dir, 'bin-'));
    const marker = path.join(bin, 'ran');
    fs.writeFileSync(path.join(bin, 'ipvsadm'), `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    expect(complete('ipvsadm -L -t ', { ...process.env, PATH: `${bin}:${process.env.PATH}` })).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('offers interfaces for --mcast-interface', () => {
    expect(complete('ipvsadm --start-daemon master --mcast-interface l')).toContain('lo');
  });
});

describe('bash completion of ipvsadm-apply', async () => {
  // @ts-expect-error: a build script without type declarations
  const { renderApplyCompletion } = await import('../../../scripts/gen/completion.mjs');
  const { applyProgram } = await import('../../../src/apply-main.js');
  const script = path.join(dir, 'ipvsadm-apply-completion');
  fs.writeFileSync(script, renderApplyCompletion(applyProgram()));
  fs.writeFileSync(path.join(dir, 'rules.txt'), '');
  fs.writeFileSync(path.join(dir, 'rules.json'), '');

  /** COMP_WORDS as bash splits `line` (blanks only here), the cursor on the last word. */
  function completeApply(line: string): string[] {
    const driver = [
      'source "$1"', 'complete -p ipvsadm-apply >/dev/null || exit 3', 'cd "$3"',
      'read -r -a COMP_WORDS <<<"$2"', '[[ $2 == *" " ]] && COMP_WORDS+=("")', 'COMP_CWORD=$((${#COMP_WORDS[@]} - 1))',
      '_ipvsadm_apply_ts', 'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', driver, 'bash', script, line, dir], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return offered(r.stdout).sort();
  }

  it('offers the options, the formats after --format, nothing after --drain, files otherwise', () => {
    expect(completeApply('ipvsadm-apply --d')).toEqual(['--drain', '--dry-run']);
    expect(completeApply('ipvsadm-apply --format ')).toEqual(['json', 'keepalived', 'rules']);
    expect(completeApply('ipvsadm-apply -f k')).toEqual(['keepalived']);
    expect(completeApply('ipvsadm-apply --drain ')).toEqual([]);
    expect(completeApply('ipvsadm-apply --check rules.')).toEqual(['rules.json', 'rules.txt']);
  });
});
