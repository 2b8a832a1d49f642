import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take longest, longest first (a rough order, kept by hand from a measured
 * run: `npx vitest run --reporter=json`). A fresh clone has no timings from an earlier run, and
 * vitest would then start the largest files first, so one of these could start last and keep
 * one core busy alone at the end of the run.
 */
export const HEAVY_FILES = [
  'test/integration/hardening/worker-deadline.test.ts',
  'test/integration/slack/slack-cli.test.ts',
  'test/integration/hardening/logs.test.ts',
  // The packaging for the deploy tests happens in the first of them to run; the others wait for it.
  'test/integration/deploy/s3-permissions.test.ts',
  'test/integration/slack/approve-and-send.test.ts',
  'test/integration/slack/two-approvers.test.ts',
  'test/integration/slack/learning-commands.test.ts',
  'test/integration/hardening/load.test.ts',
  'test/integration/slack/plan-files.test.ts',
  'test/integration/deploy/package.test.ts',
  'test/integration/deploy/template.test.ts',
  'test/integration/analytics/analytics-cli.test.ts',
  'test/integration/hardening/s3-faults.test.ts',
  'test/integration/storage/million-rows.test.ts',
  'test/integration/slack/analytics-commands.test.ts',
  'test/integration/slack/policy-form.test.ts',
  'test/integration/cli/plan-cli.test.ts',
  'test/unit/solver/decomposition/cross-check.test.ts',
  'test/unit/solver/decomposition/core/count-search.test.ts',
  'test/unit/solver/decomposition/primal/greedy-reference.test.ts',
  'test/unit/analytics/marginal-values.test.ts',
  'test/unit/solver/families.test.ts',
  'test/unit/solver/decomposition/grid.test.ts',
  'test/unit/cli/plan-weeks.test.ts',
  'test/unit/solver/decomposition/dual/dual-memory.test.ts',
];

/**
 * Runs the files that get a process each first, then those of each project that share one, a
 * project after another (a shared process ends when the next file in line is not of its
 * project or needs a process of its own). Within each, the files of `HEAVY_FILES` come
 * first, in its order, then the rest in vitest's own order (timings of the last run where it
 * has them, else larger files first), so the run ends on short files on both cores.
 */
export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Isolated files first ('0'), then each project whose files share a process, one after another.
    const group = (spec: TestSpecification) => (spec.project.config.isolate ? '0' : `1 ${spec.project.name}`);
    const rank = (spec: TestSpecification) => {
      const index = HEAVY_FILES.indexOf(relative(spec.project.config.root, spec.moduleId).replaceAll('\\', '/'));
      return index < 0 ? HEAVY_FILES.length : index;
    };
    return sorted
      .map((spec, order) => ({ spec, order, group: group(spec), rank: rank(spec) }))
      .sort((a, b) => a.group.localeCompare(b.group) || a.rank - b.rank || a.order - b.order)
      .map(({ spec }) => spec);
  }
}
