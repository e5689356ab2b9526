#!/usr/bin/env node
// After tsc: bundles each process entry into one CommonJS file, dist/bundle/<name>.cjs, that
// bin/<name> require()s. Why CommonJS and one file per command: a cold start is what a single
// `ipvsadm -A` costs, and under emulation (the test VM, TCG, files over 9p) Node's ESM loader
// adds most of it: its async module jobs start libuv's thread pool and read each chunk in turn,
// and importing the CommonJS netlink package from ESM runs cjs-module-lexer over it. A CJS
// main file is read, compiled and run synchronously. The code of commands not run (listings,
// -S, -R) is in the file too, but V8 only pre-parses a function until it is first called.
// The netlink package stays external except its raw socket module, bundled with its addon
// lookup replaced by scripts/netlink-binding.cjs (the same file, found in fewer steps).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const RAW_SOCKET = require.resolve('netlink/dist/raw.js');
const BINDING_LOOKUP = "require('node-gyp-build')(__dirname + '/..')";

/** netlink/dist/raw.js, bundled, loading its addon through our lookup. */
const netlinkRawSocket = {
  name: 'netlink-raw-socket',
  setup(b) {
    b.onResolve({ filter: /^netlink\/dist\/raw\.js$/ }, () => ({ path: RAW_SOCKET }));
    b.onLoad({ filter: /[\\/]netlink[\\/]dist[\\/]raw\.js$/ }, () => {
      const source = fs.readFileSync(RAW_SOCKET, 'utf8');
      // A netlink release that loads its addon differently must be looked at, not bundled blind.
      if (source.split(BINDING_LOOKUP).length !== 2) throw new Error(`${RAW_SOCKET}: expected one ${BINDING_LOOKUP}`);
      const lookup = JSON.stringify(path.resolve('scripts/netlink-binding.cjs'));
      return { contents: source.replace(BINDING_LOOKUP, `require(${lookup})()`), loader: 'js', resolveDir: path.dirname(RAW_SOCKET) };
    });
  },
};

fs.rmSync('dist/bundle', { recursive: true, force: true });

// start: what bin/* require to run a command's bundle from its code cache (src/entry/start.ts);
// restore-thread: the worker that parses a large -R input ahead (src/commands/restore-thread.ts).
for (const name of ['ipvsadm', 'ipvsadm-save', 'ipvsadm-restore', 'ipvsadm-apply', 'restore-thread', 'start']) {
  await build({
    entryPoints: [`dist/entry/${name}.js`],
    outfile: `dist/bundle/${name}.cjs`,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    // jsonc-parser's main is a UMD build esbuild cannot follow; its ES module build bundles.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    target: 'node20',
    // Everything of netlink but the raw socket module (the plugin resolves that one first).
    external: ['netlink', 'netlink/*'],
    plugins: [netlinkRawSocket],
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
