// One run of a bundle as bin/* start it, writing V8's code cache of what the run compiled
// when the process exits (scripts/gen/code-cache.mjs runs it against the fake kernel):
//   FAKE_IPVS_SERVICES=3 node -r ./bench/fake-netlink.cjs scripts/gen/code-cache-run.cjs BUNDLE [ARG...]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { CACHE_SUFFIX, startBundle } = require('../../dist/bundle/start.cjs');

const file = path.resolve(process.argv[2]);
process.argv = [process.argv[0], file, ...process.argv.slice(3)];
let script;
process.on('exit', () => {
  if (script) fs.writeFileSync(file + CACHE_SUFFIX, script.createCachedData());
});
script = startBundle(file, undefined);
