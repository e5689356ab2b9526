// Man pages from markdown sources in man/, rendered to roff by marked-man. In ipvsadm(8) the
// option entries name only the long option (`--tcp-service` on a line of its own, then
// `:   description`); the spelling and argument come from the option table, so the table is
// the one source of names and arguments, and an option missing from the page (or a page entry
// that is not an option) is an error. Options that ipvsadm's -h does not know are marked new.
import fs from 'node:fs';
import path from 'node:path';
import { Marked } from 'marked';
import markedMan from 'marked-man';

/** The pages: source under man/, output file name. */
export const MAN_PAGES = ['ipvsadm.8', 'ipvsadm-save.8', 'ipvsadm-restore.8', 'ipvsadm-apply.8'];

// A term may add words the table cannot say (`--set` *tcp* *tcpfin* *udp*).
const TERM_LINE = /^`--([a-z0-9-]+)`( [^`][^\n]*)?$/;

/** The spellings of every option, grouped by long name (`-L` and `-l` share `--list`). */
function optionTerms(options, helpText) {
  const terms = new Map();
  for (const o of options) {
    const entry = terms.get(o.long) ?? { shorts: [], arg: '', isNew: !new RegExp(`--${o.long}\\b`).test(helpText) };
    if (o.short) entry.shorts.push(o.short);
    const m = /(<[^>]+>|\[[^\]]+\])$/.exec(o.flags);
    if (m) entry.arg = m[1].startsWith('<') ? ` *${m[1].slice(1, -1)}*` : ` [*${m[1].slice(1, -1)}*]`;
    terms.set(o.long, entry);
  }
  return terms;
}

function termText(long, t) {
  const spell = [...t.shorts.map((s) => `\`-${s}\``), `\`--${long}\``].join(', ');
  return `${spell}${t.arg}${t.isNew ? ' *(new)*' : ''}`;
}

/** Replaces each `--long` term line with its spelling from the table; checks both ways. */
export function expandOptionTerms(markdown, options, helpText) {
  const terms = optionTerms(options, helpText);
  const seen = new Set();
  const lines = markdown.split('\n').map((line, i, all) => {
    const m = TERM_LINE.exec(line);
    if (!m || !all[i + 1]?.startsWith(':   ')) return line;
    const t = terms.get(m[1]);
    if (!t) throw new Error(`man page describes --${m[1]}, which is not in the option table`);
    if (seen.has(m[1])) throw new Error(`man page describes --${m[1]} twice`);
    seen.add(m[1]);
    return termText(m[1], t) + (m[2] ?? '');
  });
  const missing = [...terms.keys()].filter((long) => !seen.has(long));
  if (missing.length) throw new Error(`option table entries without a man page description: ${missing.map((l) => `--${l}`).join(', ')}`);
  return lines.join('\n');
}

/**
 * The deliberate differences, from the table in docs/compatibility.md (columns: #, ipvsadm
 * 1.31, this tool, why), as definition entries.
 */
export function compatibilityEntries(compatibilityMd) {
  const rows = compatibilityMd.split('\n').filter((l) => /^\| *\d+ *\|/.test(l));
  if (!rows.length) throw new Error('no rows found in the compatibility table');
  return rows.map((row) => {
    const cells = row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    if (cells.length !== 4) throw new Error(`compatibility row has ${cells.length} cells: ${row}`);
    const [n, theirs, ours, why] = cells;
    return `**${n}.**\n:   ipvsadm 1.31: ${theirs}. ipvsadm-ts: ${ours}. Why: ${why}.`;
  }).join('\n\n');
}

// marked-man has no definition lists: `term` + `:   text` lines become .TP entries.
const definitionList = {
  name: 'definition',
  level: 'block',
  start(src) {
    return src.match(/\n[^\n]+\n: {3}/)?.index;
  },
  tokenizer(src) {
    const m = /^([^\n]+)\n: {3}([^\n]*(?:\n {4}[^\n]+)*)(?:\n+|$)/.exec(src);
    if (!m) return undefined;
    const desc = m[2].replace(/\n {4}/g, '\n');
    return {
      type: 'definition', raw: m[0],
      term: this.lexer.inlineTokens(m[1]), desc: this.lexer.inlineTokens(desc),
    };
  },
  renderer(token) {
    this.parser.renderer.jumps = true;
    const term = this.parser.parseInline(token.term).trim();
    this.parser.renderer.jumps = true;
    const desc = this.parser.parseInline(token.desc).trim();
    return `.TP\n${term}\n${desc}\n`;
  },
};

/** roff text of one page from its markdown. */
export function renderRoff(markdown, { version, date }) {
  const marked = new Marked(markedMan, {
    breaks: false, date, manVersion: version, manual: 'System Manager\'s Manual',
  });
  marked.use({ extensions: [definitionList] });
  return marked.parse(markdown);
}

/**
 * Every page as roff, keyed by file name. `root` is the repository (for man/ and docs/);
 * `date` a time in ms (the package's release date keeps builds reproducible).
 */
/** ipvsadm-apply's commander options in the option table's shape (`long`, `short`, `flags`). */
export function commanderOptions(program) {
  return program.createHelp().visibleOptions(program).map((o) => ({ long: o.long.replace(/^--/, ''), short: o.short?.replace(/^-/, ''), flags: o.flags }));
}

export function renderManPages({ root, options, helpText, version, date, applyProgram }) {
  const compat = compatibilityEntries(fs.readFileSync(path.join(root, 'docs', 'compatibility.md'), 'utf8'));
  const pages = {};
  for (const page of MAN_PAGES) {
    let md = fs.readFileSync(path.join(root, 'man', `${page}.md`), 'utf8');
    if (page === 'ipvsadm.8') {
      md = expandOptionTerms(md, options, helpText).replace('<!-- compatibility -->', compat);
    }
    // ipvsadm-apply's options come from its commander program; none of them is "new".
    if (page === 'ipvsadm-apply.8') md = expandOptionTerms(md, commanderOptions(applyProgram), applyProgram.helpInformation());
    pages[page] = renderRoff(md, { version, date });
  }
  return pages;
}
