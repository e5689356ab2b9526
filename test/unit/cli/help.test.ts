// The -h text byte for byte against what the real ipvsadm 1.31 printed (recorded in the VM into
// fixtures/real-ipvsadm-parse.json by record-real-ipvsadm.mjs), and the -v line.
import { describe, expect, it } from 'vitest';
import { helpText, versionText } from '../../../src/cli/help.js';
import recorded from './fixtures/real-ipvsadm-parse.json' with { type: 'json' };

interface Recording { args: string[]; exitCode: number; stdout: string; stderr: string }

/** What the real ipvsadm, invoked as `ipvsadm`, printed for `-h foo`. */
function recordedHelp(): string {
  const hit = (recorded as Recording[]).find((r) => r.args.join(' ') === '-h foo');
  if (!hit) throw new Error('fixtures/real-ipvsadm-parse.json has no `-h foo` recording: re-record it');
  expect(hit.exitCode).toBe(0);
  return hit.stdout;
}

describe('§2.4 help', () => {
  it('is the text the real ipvsadm printed', () => {
    expect(helpText('ipvsadm')).toBe(recordedHelp());
  });

  it('names argv[0] 13 times, has no trailing spaces, ends in one newline', () => {
    const text = helpText('PROGNAME');
    expect(text.split('PROGNAME')).toHaveLength(14);
    expect(text).not.toMatch(/ \n/);
    expect(text.endsWith('(default=1)\n')).toBe(true);
    expect(text.split('\n')[0]).toBe('ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)');
    expect(text).toContain('\n  PROGNAME -h\n\nCommands:\n');
    expect(text).toContain('  --sched-flags  -b flags             scheduler flags (comma-separated)\nDaemon Options:\n');
    expect(text.split('\n')).toHaveLength(83); // 82 lines and the empty rest after the last newline
  });

  it('-v prints only the first line', () => {
    expect(versionText()).toBe('ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n');
  });
});
