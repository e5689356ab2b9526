// Spec §2.4: the -h text byte for byte (compared with the spec's own block when the spec is
// at hand), and the -v line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText, versionText } from '../../../src/cli/help.js';

// The team's shared spec sits beside the project checkout (../shared from its root).
const SPEC = path.resolve(__dirname, '../../../../shared/spec/ipvsadm-behaviour.md');

/** The fenced block of §2.4 in the spec, with PROG as the placeholder. */
function specHelpBlock(): string | null {
  if (!fs.existsSync(SPEC)) return null;
  const text = fs.readFileSync(SPEC, 'utf8');
  const section = text.slice(text.indexOf('### 2.4'));
  const start = section.indexOf('```\n') + 4;
  return section.slice(start, section.indexOf('```\n', start));
}

describe('§2.4 help', () => {
  it.skipIf(!fs.existsSync(SPEC))('is the spec text, PROG replaced by argv[0]', () => {
    expect(helpText('ipvsadm')).toBe(specHelpBlock()!.replaceAll('PROG', 'ipvsadm'));
    expect(helpText('/usr/sbin/ipvsadm')).toBe(specHelpBlock()!.replaceAll('PROG', '/usr/sbin/ipvsadm'));
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
