#!/usr/bin/env node
// After tsc: bundles each process entry into one CommonJS file, dist/bundle/<name>.cjs, that
// bin/<name> require()s. Why CommonJS and one file per command: a cold start is what a single
// `ipvsadm -A` costs, and under emulation (the test VM, TCG, files over 9p) Node's ESM loader
// adds most of it: its async module jobs start libuv's thread pool and read each chunk in turn,
// and importing the CommonJS netlink package from ESM runs cjs-module-lexer over it. A CJS
// main file is read, compiled and run synchronously. The code of commands not run (listings,
// -S, -R) is in the file too, but V8 only pre-parses a function until it is first called.
// The netlink package stays external: its native addon is found relative to its own files.
import fs from 'node:fs';
import { build } from 'esbuild';

fs.rmSync('dist/bundle', { recursive: true, force: true });

for (const name of ['ipvsadm', 'ipvsadm-save', 'ipvsadm-restore', 'ipvsadm-apply']) {
  await build({
    entryPoints: [`dist/entry/${name}.js`],
    outfile: `dist/bundle/${name}.cjs`,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    // jsonc-parser's main is a UMD build esbuild cannot follow; its ES module build bundles.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    target: 'node20',
    external: ['netlink', 'netlink/*'],
    // ES modules bundled into CommonJS (fdir under tinyglobby) still ask for import.meta.url.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    // Less to parse and compile at every start (it counts under emulation).
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: false,
    logLevel: 'warning',
  });
}
