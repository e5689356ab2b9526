// Layer rules of src/ (docs/architecture.md): imports point down the ranks
//   libc → model → plan → netlink, resolve → cli, format, config → commands → entry points (src/*.ts, src/entry/)
// folders of one rank do not import each other, and no file-level cycle exists anywhere.
// Type-only imports count: a type two layers share lives in the model.
const ROOT_FILES = '^src/(?!model\\.ts$)[^/]+\\.ts$';
const ENTRY = `^src/entry/|${ROOT_FILES}`;

/** `from` may not import any of `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'No file-level import cycle.', severity: 'error', from: {}, to: { circular: true } },
    forbid('libc-is-the-bottom', 'src/libc imports nothing else of src.', '^src/libc/', '^src/(?!libc/)'),
    forbid('model-on-libc-only', 'The model is plain data over the C library.', '^src/model\\.ts$', '^src/(?!libc/|model\\.ts$)'),
    forbid('plan-on-model-only', 'A plan is computed and run over the model alone.', '^src/plan/', '^src/(?!libc/|model\\.ts$|plan/)'),
    forbid('netlink-resolve-down', 'netlink and resolve see only libc, the model and plans.', '^src/(netlink|resolve)/', `^src/(cli|format|config|commands)/|${ENTRY}`),
    forbid('netlink-not-resolve', 'Folders of one rank do not import each other.', '^src/netlink/', '^src/resolve/'),
    forbid('resolve-not-netlink', 'Folders of one rank do not import each other.', '^src/resolve/', '^src/netlink/'),
    forbid('cli-format-config-down', 'cli, format and config do not reach up to commands or the entry points.', '^src/(cli|format|config)/', `^src/commands/|${ENTRY}`),
    forbid('cli-alone', 'Folders of one rank do not import each other.', '^src/cli/', '^src/(format|config)/'),
    forbid('format-alone', 'Folders of one rank do not import each other.', '^src/format/', '^src/(cli|config)/'),
    forbid('config-alone', 'Folders of one rank do not import each other.', '^src/config/', '^src/(cli|format)/'),
    forbid('config-no-kernel', 'Readers of outside formats know nothing of netlink or name lookups.', '^src/config/', '^src/(netlink|resolve)/'),
    forbid('commands-down', 'Commands do not import the entry points.', '^src/commands/', ENTRY),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
