import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { minimizeDual } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { exchangeMoves, exchangeNear } from '../../../../../src/solver/decomposition/primal/exchange.ts';
import { improveChoice } from '../../../../../src/solver/decomposition/primal/improve.ts';
import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { createWorkspace } from '../../../../../src/solver/decomposition/evaluation.ts';
import { repairChoice } from '../../../../../src/solver/decomposition/primal/repair.ts';
import type { ScoredChoice } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { planObjective } from '../../../../../src/solver/kpis.ts';
import { buildProblem, type Problem } from '../../../../../src/solver/problem.ts';
import { type LinkingRow } from '../../../../../src/solver/linking-rows.ts';
import { checkPlan } from '../../../../support/check-plan.ts';
import { tightInstance } from '../tight-instance.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** Each row's use by a plan, straight from the rows' coefficients and members. */
function rowUsage(problem: Problem, choice: Int16Array): number[] {
  return problem.rows.map((row) =>
    choice.reduce((sum, k, i) => (k >= 0 && (!row.members || row.members[i]) ? sum + row.actionCoef[k] : sum), 0),
  );
}

function keepsEveryRow(problem: Problem, used: number[]): boolean {
  return problem.rows.every((row, r) =>
    row.sense === '<='
      ? used[r] <= row.limit + 1e-9 * Math.max(1, Math.abs(row.limit))
      : used[r] >= row.limit - 1e-9 * Math.max(1, Math.abs(row.limit)),
  );
}

function assigned(problem: Problem, choice: Int16Array): Map<number, number> {
  const map = new Map<number, number>();
  choice.forEach((k, i) => k >= 0 && map.set(i, problem.actions[k].id));
  return map;
}

/**
 * The best gain of any one customer's change, or any two customers' changes together, that
 * keeps every row: by trying them all.
 */
function bestExchangeByBruteForce(problem: Problem, choice: Int16Array): number {
  const { n, K, value } = problem;
  const valueOf = (i: number, k: number) => (k < 0 ? 0 : value[i * K + k]);
  const options = (i: number) =>
    Array.from({ length: K + 1 }, (_, j) => j - 1).filter(
      (k) => k !== choice[i] && (k < 0 || !Number.isNaN(value[i * K + k])),
    );
  let best = 0;
  for (let i = 0; i < n; i++) {
    for (const a of options(i)) {
      const one = Int16Array.from(choice);
      one[i] = a;
      const gainOne = valueOf(i, a) - valueOf(i, choice[i]);
      if (gainOne > best && keepsEveryRow(problem, rowUsage(problem, one))) best = gainOne;
      for (let j = i + 1; j < n; j++) {
        for (const b of options(j)) {
          const gain = gainOne + valueOf(j, b) - valueOf(j, choice[j]);
          if (!(gain > best)) continue;
          const two = Int16Array.from(one);
          two[j] = b;
          if (keepsEveryRow(problem, rowUsage(problem, two))) best = gain;
        }
      }
    }
  }
  return best;
}

/**
 * Two customers and a budget of 2: customer 0 holds all of it with the dear action (worth 3);
 * each customer is worth 2 with the cheap one. Alone, neither change gains and fits.
 */
function stepDownCase(): { relax: Relaxation; start: ScoredChoice } {
  const rows: LinkingRow[] = [
    {
      name: 'budget',
      label: 'Budget',
      rule: 'budget',
      sense: '<=',
      limit: 2,
      actionCoef: Float64Array.of(1, 2),
      members: null,
    },
  ];
  const value = Float64Array.of(2, 3, 2, 2.5);
  const actions = [
    { id: 1, name: 'Cheap', channel: 'email' as const, cost: 1, uplift: 0.1 },
    { id: 2, name: 'Dear', channel: 'call' as const, cost: 2, uplift: 0.2 },
  ];
  const problem: Problem = { n: 2, K: 2, actions, value, reduction: value, rows };
  return {
    relax: buildRelaxation(problem),
    start: { choice: Int16Array.of(1, -1), objective: 3, usage: Float64Array.of(2) },
  };
}

describe("exchanges of two customers' actions", () => {
  it('leave no single change or pair of changes that keeps every rule and gains, keep every rule themselves, and carry their exact objective and row usage', async () => {
    let exchanged = 0;
    let checked = 0;
    for (let seed = 9300; seed < 9400 && checked < 30; seed++) {
      // Prepare: a repaired and improved plan, as the decomposition makes them, on customers
      // of few distinct kinds (where a step down for one makes room for another's step up).
      const instance = tightInstance(seed, 40, 5, true);
      const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);
      const relax = buildRelaxation(problem);
      const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });
      if (dual.infeasible) continue;
      const ranking = rankChoices(relax, dual.best.lambda);
      const repaired = repairChoice(relax, ranking);
      if (!repaired) continue;
      const improved = improveChoice(relax, repaired, ranking);
      const everyone = Int32Array.from({ length: problem.n }, (_, i) => i);

      // Act
      const plan = exchangeMoves(relax, improved, everyone);

      // Assess
      checked++;
      expect(
        checkPlan(instance.predictions, instance.catalog, instance.policy, assigned(problem, plan.choice)).violations,
      ).toEqual([]);
      expect(plan.objective).toBeCloseTo(planObjective(problem, plan.choice), 6);
      rowUsage(problem, plan.choice).forEach((used, r) => expect(plan.usage[r]).toBeCloseTo(used, 6));
      expect(plan.objective).toBeGreaterThanOrEqual(improved.objective - 1e-9);
      expect(bestExchangeByBruteForce(problem, plan.choice)).toBeLessThanOrEqual(1e-9);
      if (plan.objective > improved.objective + 1e-9) exchanged++;
    }
    expect(checked).toBeGreaterThanOrEqual(30);
    // Some improved plans were one exchange away from a better one: the pairs did work.
    expect(exchanged).toBeGreaterThanOrEqual(3);
  });

  it("free a row for another customer's better action by stepping one customer down, where no single change can", () => {
    // Prepare
    const { relax, start } = stepDownCase();

    // Act
    const improved = improveChoice(relax, start);
    const plan = exchangeMoves(relax, improved, Int32Array.of(0, 1));

    // Assess
    expect(improved.objective).toBe(3);
    expect(Array.from(plan.choice)).toEqual([0, 0]);
    expect(plan.objective).toBe(4);
    expect(Array.from(plan.usage)).toEqual([2]);
  });

  it('make no round once the clock has passed the deadline (issue 21), and keep the plan they were given', () => {
    // Prepare
    const { relax, start } = stepDownCase();
    const improved = improveChoice(relax, start);
    let now = 0;
    const past = () => now++ >= 0;

    // Act
    const plan = exchangeMoves(relax, improved, Int32Array.of(0, 1), past);

    // Assess
    expect(plan.objective).toBe(3);
    expect(Array.from(plan.choice)).toEqual([1, -1]);
  });

  it('near the ranking, stop as soon as the plan is good enough, and otherwise exchange among the customers nearest to changing their choice', () => {
    // Prepare: the step-down case, ranked at a multiplier of the budget under which both customers prefer the cheap action.
    const { relax, start } = stepDownCase();
    const ranking = rankChoices(relax, Float64Array.of(1.5));

    // Act
    const untouched = exchangeNear(relax, ranking, start, (objective) => objective >= 3);
    const exchanged = exchangeNear(relax, ranking, start, (objective) => objective >= 4);

    // Assess
    expect(untouched).toBe(start);
    expect(Array.from(ranking.best)).toEqual([0, 0]);
    expect(exchanged.objective).toBe(4);
  });
});
