import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { HeavyFirstSequencer } from './test/support/heavy-first-sequencer.ts';

/**
 * Test files that need a process of their own: they replace modules (`vi.mock`, `vi.doMock`),
 * fake the clock, or stub the environment before importing a handler that reads it once.
 */
const OWN_PROCESS = [
  'test/unit/handlers/handler-module-graph.test.ts',
  'test/integration/hardening/logs.test.ts',
  'test/integration/hardening/presigned-links.test.ts',
  'test/integration/hardening/signatures.test.ts',
  'test/integration/hardening/solver-faults.test.ts',
  'test/integration/hardening/worker-deadline.test.ts',
  'test/integration/slack/slack-cli.test.ts',
  'test/unit/solver/decomposition/core/core-start.test.ts',
  'test/unit/solver/decomposition/core/move-branch.test.ts',
  'test/unit/solver/decomposition/core/move-proof.test.ts',
  'test/unit/solver/decomposition/core/move-proof-row-first.test.ts',
  'test/unit/solver/decomposition/core/move-proof-heuristics.test.ts',
  'test/unit/solver/decomposition/mix-first.test.ts',
  'test/unit/solver/decomposition/primal/repair-looks.test.ts',
];

export default defineConfig({
  test: {
    // Only stops a test that hangs: tests set their own limits where time is their subject. On a
    // shared two-core machine the heaviest tests have run four times slower than when it is idle.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One test file per core. Vitest's default keeps a core for its own process, which on a
    // two-core machine runs the files one at a time; that process does little while they run.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: HeavyFirstSequencer },
    // The other files share one process per core and its module cache (HiGHS, Bolt, the AWS SDK
    // are loaded once per core, not once per file); each file still runs its own top level.
    projects: [
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...OWN_PROCESS],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...OWN_PROCESS],
          isolate: false,
        },
      },
    ],
  },
});
