// The man pages: generated from the option table (every option described once, nothing else),
// and rendered by groff and man without a single warning.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IPVSADM_OPTIONS } from '../../../src/cli/options.js';
import { helpText } from '../../../src/cli/help.js';
import { applyProgram } from '../../../src/apply-main.js';
// @ts-expect-error: a build script without type declarations
import { MAN_PAGES, expandOptionTerms, renderManPages } from '../../../scripts/gen/man.mjs';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PAGES: Record<string, string> = renderManPages({
  root: ROOT, options: IPVSADM_OPTIONS, helpText: helpText('ipvsadm'), version: 'ipvsadm-ts test', date: Date.UTC(2026, 0, 1), applyProgram: applyProgram(),
});
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvsadm-man-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** groff's and man's complaints about a page (empty when there are none). */
function warnings(roff: string, name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, roff);
  const env = { ...process.env, LC_ALL: 'C.UTF-8', MANWIDTH: '80' };
  const groff = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', file], { encoding: 'utf8', env });
  const man = spawnSync('man', ['--warnings', '-l', file], { encoding: 'utf8', env });
  expect(groff.status, groff.stderr).toBe(0);
  expect(man.status, man.stderr).toBe(0);
  return groff.stderr + man.stderr;
}

/** The page as man prints it, without formatting. */
function text(roff: string, name: string): string {
  const file = path.join(dir, `${name}.txt.8`);
  fs.writeFileSync(file, roff);
  return execFileSync('man', ['-l', file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8', MANWIDTH: '200', MAN_KEEP_FORMATTING: '' } });
}

describe('man pages', () => {
  it('are the four pages', () => {
    expect(Object.keys(PAGES).sort()).toEqual([...MAN_PAGES].sort());
    expect(MAN_PAGES).toEqual(['ipvsadm.8', 'ipvsadm-save.8', 'ipvsadm-restore.8', 'ipvsadm-apply.8']);
  });

  for (const name of MAN_PAGES as string[]) {
    it(`${name} renders without warnings`, () => {
      expect(PAGES[name]).toMatch(/^\.TH "/);
      expect(warnings(PAGES[name]!, name)).toBe('');
    });
  }

  it('the warning check catches a broken page', () => {
    expect(spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z'], { input: '.TH X 8\n.SH A\n\\fBunclosed \\[nosuchglyph]\n.nosuchmacro\n', encoding: 'utf8' }).stderr).not.toBe('');
  });

  it('ipvsadm(8) spells every option of the table with its argument', () => {
    const page = text(PAGES['ipvsadm.8']!, 'ipvsadm');
    for (const o of IPVSADM_OPTIONS) {
      const arg = /(<([^>]+)>|\[([^\]]+)\])$/.exec(o.flags);
      const value = arg ? (arg[2] ? ` ${arg[2]}` : ` [${arg[3]}]`) : '';
      const spelled = o.short ? `-${o.short}, ` : '';
      expect(page, o.flags).toMatch(new RegExp(`^ +(-[A-Za-z0-9], )*${spelled.replace(/[-]/g, '\\-')}[^\\n]*--${o.long}${value.replace(/[[\]]/g, '\\$&')}( [^ ][^\\n]*)?(\\n| {2,})`, 'm'));
    }
    // One entry per long option: -L and -l share --list.
    expect(page).toMatch(/^ +-L, -l, --list\n/m);
    // The compatibility list comes from docs/compatibility.md.
    expect(page).toMatch(/^ +1\. +ipvsadm 1\.31: argv\[0\]/m);
  });

  it('an option missing from the page, or a page entry that is not an option, is an error', () => {
    const table = [...IPVSADM_OPTIONS, { flags: '--yaml', long: 'yaml', value: 'none', id: 'yaml' }];
    const md = fs.readFileSync(path.join(ROOT, 'man', 'ipvsadm.8.md'), 'utf8');
    expect(() => expandOptionTerms(md, table, helpText('ipvsadm'))).toThrow(/without a man page description: --yaml/);
    expect(() => expandOptionTerms(`${md}\n\`--bogus\`\n:   No such option.\n`, IPVSADM_OPTIONS, helpText('ipvsadm'))).toThrow(/--bogus, which is not in the option table/);
  });

  it('marks an option that ipvsadm does not have as new', () => {
    const table = [...IPVSADM_OPTIONS, { flags: '--yaml', long: 'yaml', value: 'none', id: 'yaml' }];
    const md = `${fs.readFileSync(path.join(ROOT, 'man', 'ipvsadm.8.md'), 'utf8')}\n\`--yaml\`\n:   YAML output.\n`;
    expect(expandOptionTerms(md, table, helpText('ipvsadm'))).toContain('`--yaml` *(new)*\n:   YAML output.');
    expect(expandOptionTerms(md, table, helpText('ipvsadm'))).not.toMatch(/--tcp-service` [^\n]*\(new\)/);
    // Our real additions are marked too.
    const page = expandOptionTerms(fs.readFileSync(path.join(ROOT, 'man', 'ipvsadm.8.md'), 'utf8'), IPVSADM_OPTIONS, helpText('ipvsadm'));
    for (const own of ['`--json` *(new)*\n', '`--pretty` *(new)*\n', '`--color` [*when*] *(new)*\n']) expect(page).toContain(own);
  });
});
