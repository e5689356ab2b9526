// Bundled in place of `require('node-gyp-build')(dir)` in the netlink package's raw socket
// module (scripts/bundle.mjs). node-gyp-build reads the package's package.json, lists
// build/ and prebuilds/ and parses every file name's tags: about fifty file system calls
// and two more modules to compile before a cold command opens its socket. This takes the
// file node-gyp-build would choose for this package when nothing overrides its choice,
// and asks node-gyp-build itself otherwise.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The netlink package's folder, wherever npm put it. */
function packageDir() {
  return path.dirname(require.resolve('netlink/package.json'));
}

module.exports = function loadNetlinkBinding() {
  const dir = packageDir();
  // The variables that change node-gyp-build's choice: leave it to node-gyp-build.
  if (!process.env.NETLINK_PREBUILD && !process.env.PREBUILDS_ONLY && process.platform === 'linux') {
    // A build from source (binding.gyp's target) wins, as in node-gyp-build; then the N-API
    // prebuild for this architecture, which every Node version and libc can load.
    for (const file of [path.join(dir, 'build', 'Release', 'netlink_binding.node'), path.join(dir, 'prebuilds', `linux-${process.arch}`, 'node.napi.node')]) {
      if (fs.existsSync(file)) return require(file);
    }
  }
  return require('node-gyp-build')(dir);
};
