#!/usr/bin/env node
// Re-records test/unit/cli/fixtures/real-ipvsadm-parse.json: each case's command line run
// through the real /usr/sbin/ipvsadm (1.31) in a fresh network namespace of the project's
// IPVS VM (scripts/vm.mjs), with its stdout, stderr, exit status and, for cases that ask,
// the table afterwards (`ipvsadm -S -n`). The parser tests replay these recordings.
//
//   node test/unit/cli/record-real-ipvsadm.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './real-cases.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const OUT = path.join(HERE, 'fixtures', 'real-ipvsadm-parse.json');

/** A shell word for any string. */
function quote(word) {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

function script() {
  const lines = ['set +e', 'cd /tmp'];
  CASES.forEach((c, i) => {
    lines.push('ip netns add pc 2>/dev/null; ip -n pc link set lo up');
    for (const step of c.setup ?? []) lines.push(`ip netns exec pc ipvsadm ${step.map(quote).join(' ')} >/dev/null 2>&1`);
    const env = Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
    const run = `ip netns exec pc env ${env} timeout 5 ipvsadm ${c.args.map(quote).join(' ')}`;
    lines.push(`echo "@@CASE ${i}"`);
    lines.push(`${run} </dev/null >/tmp/o 2>/tmp/e; echo "@@RC $?"`);
    lines.push('echo "@@OUT $(base64 -w0 /tmp/o)"; echo "@@ERR $(base64 -w0 /tmp/e)"');
    if (c.state) lines.push('echo "@@STATE $(ip netns exec pc ipvsadm -S -n | base64 -w0)"');
    lines.push('ip netns del pc');
  });
  return lines.join('\n');
}

function parseTranscript(text) {
  const records = [];
  let cur = null;
  for (const line of text.split('\n')) {
    const m = /^@@(CASE|RC|OUT|ERR|STATE) ?(.*)$/.exec(line);
    if (!m) continue;
    const [, tag, rest] = m;
    if (tag === 'CASE') {
      cur = { ...CASES[Number(rest)] };
      records.push(cur);
    } else if (tag === 'RC') cur.exitCode = Number(rest);
    else {
      const text = Buffer.from(rest, 'base64').toString('utf8');
      cur[{ OUT: 'stdout', ERR: 'stderr', STATE: 'saved' }[tag]] = text;
    }
  }
  return records;
}

const { runInVm } = await import(path.join(ROOT, 'scripts', 'vm.mjs'));
let transcript = '';
const sink = { write: (chunk) => ((transcript += chunk), true) };
const code = await runInVm(script(), { cwd: ROOT, stdout: sink, stderr: process.stderr });
const records = parseTranscript(transcript);
if (records.length !== CASES.length) {
  console.error(`recorded ${records.length} of ${CASES.length} cases (vm exit ${code})`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(records, null, 1)}\n`);
console.log(`wrote ${records.length} cases to ${path.relative(ROOT, OUT)}`);
