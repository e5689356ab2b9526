import { defineConfig } from 'vitest/config';
import { KernelSequencer } from './test/kernel/sequencer.js';

export default defineConfig({
  test: {
    // Kernel files in a fixed order (test-bed checks first); unit files after, order irrelevant.
    sequence: { sequencer: KernelSequencer },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Kernel tests need root and an IPVS kernel: scripts/kernel-tests.mjs runs them natively or in the VM.
      { test: { name: 'kernel', include: ['test/kernel/**/*.test.ts'], testTimeout: 120000, hookTimeout: 120000, fileParallelism: false } },
    ],
  },
});
