import fs from 'node:fs';
import { expect, it } from 'vitest';
import { VERSION } from '../../../src/version.js';

it('src/version.ts says the version package.json says', () => {
  expect(VERSION).toBe(JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version);
});
