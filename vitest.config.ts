import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One test file per core. Vitest's default keeps a core for its own process, which on a
    // two-core machine runs the files one at a time; that process does little while they run.
    maxWorkers: availableParallelism(),
  },
});
