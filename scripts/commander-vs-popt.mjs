#!/usr/bin/env node
// Measures what commander's parser would make of the command lines recorded from the real
// ipvsadm 1.31 (test/unit/cli/fixtures/real-ipvsadm-parse.json), against popt's reading (our
// emulation, which the unit replay holds equal to the real outcomes). Run after `npm run build`:
//   node scripts/commander-vs-popt.mjs [--all]
// Prints counts and, per kind of difference, the command lines with both readings. The
// results are quoted in docs/architecture.md.
import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { IPVSADM_OPTIONS } from '../dist/cli/options.js';
import { PoptContext } from '../dist/cli/popt.js';

const recordings = JSON.parse(fs.readFileSync(new URL('../test/unit/cli/fixtures/real-ipvsadm-parse.json', import.meta.url), 'utf8'));
const showAll = process.argv.includes('--all');

/** Commander configured as close to ipvsadm's grammar as it goes: every row, no own -h/-V. */
function commanderReading(args) {
  const program = new Command()
    .exitOverride()
    .helpOption(false)
    .allowExcessArguments(true)
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  // -L and -l are both --list: the second is declared by its letter alone, read back as list.
  const longs = new Set();
  const alias = {};
  for (const row of IPVSADM_OPTIONS) {
    if (longs.has(row.long)) {
      program.option(`-${row.short}`);
      alias[row.short] = camel(row.long);
    } else {
      program.option(row.flags);
      longs.add(row.long);
    }
  }
  try {
    program.parse(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return { error: e.message.replace(/^error: /, '') };
    throw e;
  }
  const values = {};
  for (const [key, v] of Object.entries(program.opts())) values[alias[key] ?? key] = v === true ? null : v;
  return { values, operands: program.args };
}

/** popt's reading: options in argv order (the last value per option, as commander keeps), leftovers. */
function poptReading(args, env) {
  const posixly = env?.POSIXLY_CORRECT !== undefined || env?.POSIX_ME_HARDER !== undefined;
  const popt = new PoptContext(args, IPVSADM_OPTIONS, posixly);
  const order = [];
  const values = {};
  for (;;) {
    const r = popt.nextOption();
    if (r.kind === 'end') break;
    if (r.kind === 'error') return { error: `${popt.badOption()}: ${r.error}`, order };
    order.push(r.option.long);
    values[camel(r.option.long)] = r.value;
  }
  const operands = [];
  for (let w = popt.nextLeftover(); w !== undefined; w = popt.nextLeftover()) operands.push(w);
  return { values, operands, order };
}

const camel = (long) => long.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const kinds = {
  'commander accepts what popt refuses': [],
  'commander refuses what popt accepts': [],
  'both accept, different values or operands': [],
  'both refuse, for another cause or at another word': [],
  'same reading, but ipvsadm needs the option order commander does not keep': [],
};
let agree = 0;
for (const rec of recordings) {
  const c = commanderReading(rec.args);
  const p = poptReading(rec.args, rec.env);
  const real = `exit ${rec.exitCode}: ${(rec.stderr || rec.stdout).split('\n')[0].slice(0, 70)}`;
  const row = { args: rec.args, env: rec.env, real, popt: p.error ?? { values: p.values, operands: p.operands }, commander: c.error ?? c };
  if (p.error && !c.error) kinds['commander accepts what popt refuses'].push(row);
  else if (!p.error && c.error) kinds['commander refuses what popt accepts'].push(row);
  else if (p.error && c.error && !sameRefusal(p.error, c.error)) kinds['both refuse, for another cause or at another word'].push(row);
  else if (!p.error && !c.error && !(same(sortKeys(c.values), sortKeys(p.values)) && same(c.operands, p.operands))) {
    kinds['both accept, different values or operands'].push(row);
  } else if (!p.error && (rec.stderr.startsWith('Try `') || /^multiple '/.test(rec.stderr) || /invalid option/.test(rec.stderr))) {
    kinds['same reading, but ipvsadm needs the option order commander does not keep'].push(row);
  } else agree++;
}

/** popt's `WORD: cause` against commander's message: the same cause about the same word? */
function sameRefusal(popt, commander) {
  const [word, cause] = popt.split(': ');
  const commanderCause = /unknown option/.test(commander) ? 'unknown option'
    : /argument missing/.test(commander) ? 'missing argument'
      : /does not take an argument/.test(commander) ? 'option does not take an argument' : commander;
  // popt names the argv element (`-Lx`), commander the option it declared (`'-x, --u-threshold <…>'`).
  return cause === commanderCause && [`'${word}'`, `'${word},`, `'${word} `].some((w) => commander.includes(w));
}

function sortKeys(o) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

console.log(`${recordings.length} recorded command lines; commander and popt read ${agree} alike (outcomes included)`);
for (const [kind, rows] of Object.entries(kinds)) {
  console.log(`\n## ${kind}: ${rows.length}`);
  for (const r of showAll ? rows : rows.slice(0, 6)) {
    console.log(`${r.env ? `${Object.keys(r.env).join(' ')} ` : ''}ipvsadm ${r.args.map((a) => (/^[\w.:/,=@-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
    console.log(`  real ipvsadm: ${r.real}`);
    console.log(`  popt:         ${JSON.stringify(r.popt)}`);
    console.log(`  commander:    ${JSON.stringify(r.commander)}`);
  }
}
