#!/usr/bin/env node
// After tsc: writes the man pages and the bash completion into dist/ from the built option
// table and help text, so what ships is generated from the code that runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { IPVSADM_OPTIONS } from '../../dist/cli/options.js';
import { helpText } from '../../dist/cli/help.js';
import { applyProgram } from '../../dist/apply-main.js';
import { renderManPages } from './man.mjs';
import { renderApplyCompletion, renderCompletion } from './completion.mjs';
import { SCHED_FLAG_WORDS, TUNNEL_TYPES } from '../../dist/cli/values.js';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

// The page date: SOURCE_DATE_EPOCH, else the last commit, else now (reproducible builds).
function pageDate() {
  if (process.env.SOURCE_DATE_EPOCH) return Number(process.env.SOURCE_DATE_EPOCH) * 1000;
  try {
    return Number(execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) * 1000 || Date.now();
  } catch {
    return Date.now();
  }
}

const manDir = path.join(root, 'dist', 'man');
fs.mkdirSync(manDir, { recursive: true });
const pages = renderManPages({ root, options: IPVSADM_OPTIONS, helpText: helpText('ipvsadm'), version: `ipvsadm-ts ${pkg.version}`, date: pageDate(), applyProgram: applyProgram() });
for (const [name, roff] of Object.entries(pages)) fs.writeFileSync(path.join(manDir, name), roff);

const compDir = path.join(root, 'dist', 'completion');
fs.mkdirSync(compDir, { recursive: true });
fs.writeFileSync(path.join(compDir, 'ipvsadm'), renderCompletion({ options: IPVSADM_OPTIONS, helpText: helpText('ipvsadm'), tunnelTypes: Object.keys(TUNNEL_TYPES), schedFlags: Object.keys(SCHED_FLAG_WORDS) }));
fs.writeFileSync(path.join(compDir, 'ipvsadm-apply'), renderApplyCompletion(applyProgram()));

// The JSON Schema, read at run time by `ipvsadm-apply --format json` (docs/ does not ship).
fs.copyFileSync(path.join(root, 'docs', 'ipvsadm.schema.json'), path.join(root, 'dist', 'ipvsadm.schema.json'));
