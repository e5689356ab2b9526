// Every link in the repository's markdown resolves inside the repository: the file exists
// and, for `file.md#anchor` or `#anchor`, the heading does too. No links out of the checkout.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.vm']);

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

/** The text without fenced blocks and code spans (links there are not links). */
function prose(md: string): string {
  return md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Inline links `[text](target)` and reference definitions `[x]: target`. */
function linkTargets(md: string): string[] {
  const text = prose(md);
  const inline = [...text.matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)].map((m) => m[1]!);
  const refs = [...text.matchAll(/^\[[^\]]+\]: *(\S+)/gm)].map((m) => m[1]!);
  const autolinks = [...text.matchAll(/<((?:https?|mailto):[^>]+)>/g)].map((m) => m[1]!);
  return [...inline, ...refs, ...autolinks];
}

/** GitHub's anchors for the headings of a markdown file. */
function anchors(md: string): Set<string> {
  const out = new Set<string>();
  for (const m of md.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    out.add(m[1]!.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
  }
  return out;
}

/** Why a link does not resolve inside the repository, or null when it does. */
function brokenLink(file: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return 'points outside the repository';
  const [rel, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = rel === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(rel));
  if (path.relative(ROOT, resolved).startsWith('..')) return 'points outside the repository';
  if (!fs.existsSync(resolved)) return 'no such file';
  if (anchor !== undefined) {
    if (!resolved.endsWith('.md')) return 'anchor into a file that is not markdown';
    if (!anchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) return `no heading #${anchor}`;
  }
  return null;
}

describe('documentation links', () => {
  const files = markdownFiles(ROOT);

  it('finds the docs', () => {
    const names = files.map((f) => path.relative(ROOT, f));
    for (const f of ['README.md', 'CHANGELOG.md', 'docs/operators.md', 'docs/compatibility.md', 'docs/library.md', 'man/ipvsadm.8.md']) expect(names).toContain(f);
  });

  it('all resolve inside the repository', () => {
    const broken: string[] = [];
    let count = 0;
    for (const f of files) {
      for (const t of linkTargets(fs.readFileSync(f, 'utf8'))) {
        count++;
        const why = brokenLink(f, t);
        if (why) broken.push(`${path.relative(ROOT, f)}: ${t}: ${why}`);
      }
    }
    expect(broken).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(8);
  });

  it('the README links the operator guide', () => {
    expect(linkTargets(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))).toContain('docs/operators.md');
  });

  it('catches what it should', () => {
    const readme = path.join(ROOT, 'README.md');
    expect(brokenLink(readme, '../shared/spec/x.md')).toMatch(/outside/);
    expect(brokenLink(readme, 'https://example.com/')).toMatch(/outside/);
    expect(brokenLink(readme, 'docs/nosuch.md')).toMatch(/no such file/);
    expect(brokenLink(readme, 'docs/operators.md#no-such-heading')).toMatch(/no heading/);
    expect(brokenLink(readme, 'docs/operators.md#first-commands')).toBeNull();
    expect(brokenLink(readme, '#layout')).toBeNull();
    expect(linkTargets('see `[x](nowhere.md)` and\n```\n[y](nowhere.md)\n```\n[z](docs/testing.md)')).toEqual(['docs/testing.md']);
  });
});
