import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Only stops a test that hangs: tests set their own limits where time is their subject. On a
    // shared two-core machine the heaviest tests have run four times slower than when it is idle.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One test file per core. Vitest's default keeps a core for its own process, which on a
    // two-core machine runs the files one at a time; that process does little while they run.
    maxWorkers: availableParallelism(),
  },
});
