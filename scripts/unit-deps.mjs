#!/usr/bin/env node
// Before the unit tests: the man-page tests render with groff and man, so a fresh machine gets
// them (groff-base, man-db) the way the kernel suite gets its packages.
import { aptInstall, onPath } from './apt.mjs';

const missing = [['groff', 'groff-base'], ['man', 'man-db']].filter(([cmd]) => !onPath(cmd)).map(([, pkg]) => pkg);
if (missing.length) aptInstall(missing, 'unit tests', (m) => process.stderr.write(`unit-deps: ${m}\n`));
