import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import type { Action } from '../../../../../src/domain/catalog.ts';
import { CustomerIds } from '../../../../../src/domain/customer-ids.ts';
import { DEFAULT_POLICY } from '../../../../../src/domain/policy.ts';
import { listMoves, type MoveLists } from '../../../../../src/solver/decomposition/core/moves.ts';
import { boundKeepingOneRow } from '../../../../../src/solver/decomposition/core/one-row-bound.ts';
import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import type { ScoredChoice } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { bruteForceOptimum } from '../../../../support/brute-force.ts';
import { randomInstance, rng, type Instance } from '../../../../support/random-instance.ts';
import { rankedRun } from '../../../../support/ranked-run.ts';
import { worstPlan } from '../../../../support/worst-plan.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const never = () => false;
const time = () => 30;

/** The week's relaxation ranked at λ, with `plan` as the run's best, and the moves within UB − that plan. */
function listedWeek(relax: Relaxation, lambda: Float64Array, plan: Int16Array | undefined) {
  const { ranking, upper, run } = rankedRun(relax, lambda, plan);
  const best = run.incumbent as ScoredChoice;
  const limit = upper - best.objective + 1e-9 * Math.max(1, Math.abs(upper));
  return { ranking, upper, limit, lists: listMoves(relax, ranking, limit) as MoveLists };
}

const relaxationOf = (week: Instance) => buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));

describe('a bound from one row kept, the others priced at λ', () => {
  it("is the optimum where the gap is the budget's grid: $1 buys 7.7 of a $0.13 action, the LP's bound", () => {
    // Prepare: nine customers alike; the LP fills the budget with the $0.13 action, a plan cannot
    const catalog: Action[] = [
      { id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 },
      { id: 1, name: 'Cheap', channel: 'email', cost: 0.13, uplift: 0.3 },
      { id: 2, name: 'Dear', channel: 'push', cost: 0.2, uplift: 0.35 },
    ];
    const n = 9;
    const week: Instance = {
      catalog,
      policy: {
        ...DEFAULT_POLICY,
        budget: 1,
        email_cap: 100,
        push_cap: 100,
        min_high_risk: 0,
        min_premium: 0,
        min_segment_coverage: 0,
        max_action_share: 1,
        objective: 'retained_clv',
      },
      predictions: {
        source: 'granular budget',
        ids: CustomerIds.from(Array.from({ length: n }, (_, i) => `G${i}`)),
        p: new Float64Array(n).fill(0.9),
        v: new Float64Array(n).fill(100),
        segmentOf: new Uint16Array(n),
        segments: ['Premium'],
        clvEstimated: false,
        reductions: new Map(),
      },
    };
    // At the budget's LP price (27 a Cheap action for $0.13) Cheap ties with none; seven Cheap are the plan.
    const plan = Int16Array.from({ length: n }, (_, i) => (i < 7 ? 0 : -1));
    const relax = relaxationOf(week);
    const lambda = Float64Array.from({ length: relax.R }, (_, r) => (r === 0 ? 27 / 0.13 : 0));
    const { ranking, upper, limit, lists } = listedWeek(relax, lambda, plan);

    // Act: the caller's λ changes afterwards (the ranking keeps its own); a λ with a negative price is refused
    lambda.fill(0);
    const bound = boundKeepingOneRow(highs, relax, ranking, lists, time, never);
    const refused = boundKeepingOneRow(
      highs,
      relax,
      { ...ranking, lambda: Float64Array.from(lambda, (_, r) => (r === 1 ? -1 : 27 / 0.13)) },
      lists,
      time,
      never,
    );

    // Assess: six Cheap and one Dear spend $0.98 for 193.5; the LP's bound is 207.7, the plan's 189
    expect(bruteForceOptimum(week)).toBeCloseTo(193.5, 9);
    expect(upper).toBeCloseTo(207.6923, 3);
    expect(Math.max(bound, upper - limit)).toBeCloseTo(193.5, 6);
    expect(refused).toBe(Infinity);
  });

  const seeds = Array.from({ length: 40 }, (_, k) => k + 1);
  let informative = 0;

  it.each(seeds)('seed %i: no plan of six customers passes it, at random λ', (seed) => {
    // Prepare: a random week ranked at random prices, its least valuable plan the run's best
    const week = randomInstance(seed, 6, 2);
    const expected = bruteForceOptimum(week);
    const relax = relaxationOf(week);
    const plan = worstPlan(relax);
    if (expected === undefined || !plan) return;
    const random = rng(seed + 2_000);
    const lambda = Float64Array.from({ length: relax.R }, () =>
      random() < 0.4 ? 0 : Math.round(random() * 300) / 100,
    );
    const { ranking, upper, limit, lists } = listedWeek(relax, lambda, plan);

    // Act
    const bound = boundKeepingOneRow(highs, relax, ranking, lists, time, never);

    // Assess: a plan within the lists' limit is worth at most the bound; one past it less than UB − limit
    expect(Math.max(bound, upper - limit)).toBeGreaterThanOrEqual(expected - 1e-6 * Math.max(1, Math.abs(expected)));
    if (bound < upper - 1e-6) informative++;
  });

  it('tightened the bound below L(λ) on many of those weeks', () => {
    expect(informative).toBeGreaterThan(5);
  });
});
