#!/usr/bin/env node
// After tsc: bundles the three process entries into dist/bundle/ (shared chunks, lazy
// command modules kept as chunks) so a single command loads a few files, not dozens.
// The netlink package stays external: its native addon is found relative to its own files.
import fs from 'node:fs';
import { build } from 'esbuild';

fs.rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/entry/ipvsadm.js', 'dist/entry/ipvsadm-save.js', 'dist/entry/ipvsadm-restore.js', 'dist/entry/ipvsadm-apply.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // jsonc-parser's main is a UMD build esbuild cannot follow; its ES module build bundles.
  mainFields: ['module', 'main'],
  target: 'node20',
  external: ['netlink', 'netlink/*'],
  // commander is CommonJS: give its require() of Node built-ins a real require.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  // Less to parse and compile at every start (it counts under emulation).
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: false,
  logLevel: 'warning',
});
