import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Highs } from 'highs';
import { drawWeek } from '../../../../bench/families.ts';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import {
  CERTIFY_MIN_PAIRS,
  solveDecomposition,
  type DecompositionOptions,
} from '../../../../src/solver/decomposition/index.ts';
import * as counts from '../../../../src/solver/decomposition/primal/meet-counts.ts';
import * as improving from '../../../../src/solver/decomposition/primal/improve.ts';
import * as mending from '../../../../src/solver/decomposition/primal/repair.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildProblem, type Problem } from '../../../../src/solver/problem.ts';
import { expectChecked } from '../../../support/expect-checked.ts';

vi.mock('../../../../src/solver/decomposition/primal/meet-counts.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof counts>();
  return { ...actual, meetCounts: vi.fn(actual.meetCounts) };
});
vi.mock('../../../../src/solver/decomposition/primal/repair.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof mending>();
  return { ...actual, repairChoice: vi.fn(actual.repairChoice) };
});

vi.mock('../../../../src/solver/decomposition/primal/improve.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof improving>();
  return { ...actual, improveNear: vi.fn(actual.improveNear) };
});

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** A week large enough for the dual to stop on a certificate, whose master gives its mix. */
function certifiedWeek() {
  const customers = 20_000;
  const predictions = generatePredictions(customers, 21);
  const policy = scaledPolicy(customers);
  const problem = buildProblem(predictions, DEFAULT_CATALOG, policy);
  expect(problem.n * problem.K).toBeGreaterThanOrEqual(CERTIFY_MIN_PAIRS);
  return { predictions, catalog: DEFAULT_CATALOG, policy, problem };
}

/** The same size with 16 actions each held to a tenth of the customers: many customers lie tied between actions. */
async function sharedWeek() {
  const { predictions, catalog, policy } = await drawWeek('share-caps', 20_000, 7);
  const problem = buildProblem(predictions, catalog, policy);
  expect(problem.n * problem.K).toBeGreaterThanOrEqual(CERTIFY_MIN_PAIRS);
  return { predictions, catalog, policy, problem };
}

/** Solves `problem` (with `options`), recording the repair's calls: the counts met and the plans mended, in order. */
async function solveWatched(problem: Problem, options: DecompositionOptions = {}) {
  const met = vi.mocked(counts.meetCounts);
  const mended = vi.mocked(mending.repairChoice);
  met.mockClear();
  mended.mockClear();
  const outcome = await solveDecomposition(highs, problem, options);
  return { outcome, met, mended };
}

/** The first plan mended is the relaxed choices' own (no start), before any counts are met. */
function expectMendedFirst({ met, mended }: Awaited<ReturnType<typeof solveWatched>>): void {
  expect(mended).toHaveBeenCalled();
  expect(mended.mock.calls[0][3]?.start).toBeUndefined();
  if (met.mock.calls.length > 0)
    expect(mended.mock.invocationCallOrder[0]).toBeLessThan(met.mock.invocationCallOrder[0]);
}

describe('the first repair at a certificate', () => {
  it("meets the master's mix before mending the relaxed choices where it splits many customers off them", async () => {
    // Prepare
    const { predictions, catalog, policy, problem } = await sharedWeek();

    // Act
    const { outcome, met, mended } = await solveWatched(problem);

    // Assess: the mix is met (and its plan mended) before any mending of the relaxed choices alone
    expect(outcome.status).toBe('optimal');
    expect(met).toHaveBeenCalled();
    expect(met.mock.invocationCallOrder[0]).toBeLessThan(mended.mock.invocationCallOrder[0]);
    expect(mended.mock.calls[0][3]?.start).toBeDefined();
    expectChecked({ predictions, catalog, policy }, problem, outcome.choice as Int16Array, outcome.objective);
  });

  it('mends the relaxed choices first where the mix moves few customers', async () => {
    // Prepare
    const { problem } = certifiedWeek();

    // Act
    const watched = await solveWatched(problem);

    // Assess
    expect(watched.outcome.status).toBe('optimal');
    expectMendedFirst(watched);
  });

  it('mends the relaxed choices first where the last solve says their mending closed its certificate', async () => {
    // Prepare
    const { problem } = await sharedWeek();
    const first = await solveDecomposition(highs, problem);

    // Act
    const watched = await solveWatched(problem, { dual: { ...first.dual!, mixFirst: false } });

    // Assess
    expect(watched.outcome.status).toBe('optimal');
    expectMendedFirst(watched);
  });
});

describe("a check's repair", () => {
  it('improves no plan further once the mending gives one that settles the check', async () => {
    // Prepare: the plan, and a check of a larger budget that any plan settles once a mending has run
    const { problem } = certifiedWeek();
    const plan = await solveDecomposition(highs, problem);
    const budget = problem.rows.findIndex((row) => row.name === 'budget');
    const check = {
      ...problem,
      rows: problem.rows.map((row, r) => (r === budget ? { ...row, limit: 1.2 * row.limit } : row)),
    };
    const near = vi.mocked(improving.improveNear);
    const mended = vi.mocked(mending.repairChoice);
    mended.mockClear();
    near.mockClear();

    // Act
    const checked = await solveDecomposition(highs, check, {
      start: plan.choice,
      dual: plan.dual,
      settled: () => mended.mock.calls.length > 0,
    });

    // Assess: the relaxed choices were mended, that plan answered, and nothing looked for better
    // after it (the start plan's own improvement looks at the near customers before)
    expect(mended).toHaveBeenCalledTimes(1);
    expect(mended.mock.calls[0][3]?.start).toBeUndefined();
    const after = near.mock.invocationCallOrder.filter((order) => order > mended.mock.invocationCallOrder[0]);
    expect(after).toEqual([]);
    expect(checked.choice).toBeDefined();
  });
});
