import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWeek } from '../../../../../bench/families.ts';
import { borrowWeekCountModel } from '../../../../../src/solver/decomposition/core/count-memory.ts';
import { searchCounts } from '../../../../../src/solver/decomposition/core/count-search.ts';
import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem, withPolicyLimits } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const everyone = (relax: Relaxation) => Int32Array.from({ length: relax.n }, (_, i) => i);
const search = (relax: Relaxation, counts?: Parameters<typeof searchCounts>[3]['counts']) =>
  searchCounts(highs, relax, everyone(relax), { limits: relax.limit, timeLimitSeconds: 30, absoluteGap: 1e-9, counts });

describe('the whole-week count model kept across limits', () => {
  it('is built once for a re-limited week and searched to the optimum a fresh model gives', async () => {
    // Prepare: a week of few types and the same week with a wider budget (same values, same rows' coefficients)
    const week = await drawWeek('ties', 15_000, 5);
    const problem = buildProblem(week.predictions, week.catalog, { ...week.policy, budget: 1.5 * week.policy.budget });
    const wider = { ...week.policy, budget: 3 * week.policy.budget };
    const first = borrowWeekCountModel(highs, buildRelaxation(problem), 200, 4096);
    expect(first).toBeDefined();
    const firstModel = first?.counts.model;
    const firstValue = search(buildRelaxation(problem), first?.counts);
    first?.release();

    // Act
    const relax = buildRelaxation(withPolicyLimits(problem, wider));
    const again = borrowWeekCountModel(highs, relax, 200, 4096);
    const kept = search(relax, again?.counts);
    again?.release();
    const fresh = search(buildRelaxation(buildProblem(week.predictions, week.catalog, wider)));

    // Assess
    expect(again?.counts.model).toBe(firstModel);
    expect(again?.customers).toBe(first?.customers);
    expect(Array.from(first?.customers ?? [])).toEqual(Array.from({ length: problem.n }, (_, i) => i));
    expect([firstValue.status, kept.status, fresh.status]).toEqual(['optimal', 'optimal', 'optimal']);
    expectClose(kept.objective, fresh.objective, { relative: 1e-9 }, 'kept model against a fresh one');
    expect(kept.objective).toBeGreaterThan(firstValue.objective);
  });

  it('refuses a week with more types than the limit, however it was asked before', async () => {
    const week = await drawWeek('ties', 15_000, 5);
    const relax = buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
    const many = borrowWeekCountModel(highs, relax, 200, 4096);
    many?.release();
    expect(many).toBeDefined();
    expect(borrowWeekCountModel(highs, relax, 3, 4096)).toBeUndefined();
  });
});
