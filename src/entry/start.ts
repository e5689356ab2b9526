// How bin/* run their bundle (dist/bundle/<name>.cjs): compiled as require() would compile it,
// but with the V8 code cache the build made beside it (<name>.cjs.cache, scripts/gen/code-cache.mjs).
// Under emulation most of a cold command's own time is V8 parsing and compiling the functions
// it runs (measured in the test VM: a cold -A 650 ms without, 505 ms with, `node -e 0` 390 ms).
// V8 rejects a cache made by another Node version or under other V8 flags, and the bundle is
// then compiled from its source as without one. Nothing is written at run time: the package
// may be installed read-only.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export const CACHE_SUFFIX = '.cache';

/** The source as the function of a CommonJS module (the cache is only valid for this text). */
export function moduleFunctionSource(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** The bundle compiled, with `cachedData` if given (script.cachedDataRejected says if V8 took it). */
export function compileBundle(file: string, cachedData?: Buffer): vm.Script {
  return new vm.Script(moduleFunctionSource(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file + CACHE_SUFFIX);
  } catch {
    return undefined; // none built: compile from source
  }
}

/** Runs the bundle at `file` as a CommonJS module; returns its script. */
export function startBundle(bundle: string, cachedData: Buffer | undefined = readCache(bundle)): vm.Script {
  const file = path.resolve(bundle);
  const script = compileBundle(file, cachedData);
  const run = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return script;
}
