// Entry of -R's parsing worker (bundled into dist/bundle/restore-thread.cjs; see
// src/commands/restore-thread.ts).
import { serveRestoreThread } from '../commands/restore-thread.js';

serveRestoreThread();
