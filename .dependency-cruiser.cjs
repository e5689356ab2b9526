// Layer rules of src/ (docs/architecture.md): imports point down the ranks
//   libc → model → netlink, resolve → cli, format → commands → entry points (src/*.ts, src/entry/)
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
    forbid('netlink-resolve-down', 'netlink and resolve see only libc and the model.', '^src/(netlink|resolve)/', `^src/(cli|format|commands)/|${ENTRY}`),
    forbid('netlink-not-resolve', 'Folders of one rank do not import each other.', '^src/netlink/', '^src/resolve/'),
    forbid('resolve-not-netlink', 'Folders of one rank do not import each other.', '^src/resolve/', '^src/netlink/'),
    forbid('cli-format-down', 'cli and format do not reach up to commands or the entry points.', '^src/(cli|format)/', `^src/commands/|${ENTRY}`),
    forbid('cli-not-format', 'Folders of one rank do not import each other.', '^src/cli/', '^src/format/'),
    forbid('format-not-cli', 'Folders of one rank do not import each other.', '^src/format/', '^src/cli/'),
    forbid('config-down', 'src/config reads input files into the model: it sees only the model and libc.', '^src/config/', `^src/(netlink|resolve|cli|format|commands|entry)/|${ROOT_FILES}`),
    forbid('cli-format-not-config', 'cli and format do not read configuration files.', '^src/(cli|format)/', '^src/config/'),
    forbid('commands-down', 'Commands do not import the entry points.', '^src/commands/', ENTRY),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
