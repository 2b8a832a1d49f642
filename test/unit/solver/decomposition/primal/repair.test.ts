import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { improveChoice } from '../../../../../src/solver/decomposition/primal/improve.ts';
import { repairChoice } from '../../../../../src/solver/decomposition/primal/repair.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import type { LinkingRow } from '../../../../../src/solver/linking-rows.ts';
import { planObjective } from '../../../../../src/solver/kpis.ts';
import type { Problem } from '../../../../../src/solver/problem.ts';
import { checkPlan } from '../../../../support/check-plan.ts';
import { budgetAndFloor } from './budget-and-floor.ts';
import { tightDual } from './tight-dual.ts';

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

function assigned(problem: Problem, choice: Int16Array): Map<number, number> {
  const map = new Map<number, number>();
  choice.forEach((k, i) => k >= 0 && map.set(i, problem.actions[k].id));
  return map;
}

describe('the primal heuristics', () => {
  it('repair the Lagrangian choice into plans that keep every rule, and improving never loses value or breaks a rule; both carry their exact objective and row usage', async () => {
    let repaired = 0;
    let improvedSomewhere = false;
    for (let seed = 9100; seed < 9140; seed++) {
      // Prepare
      const solved = await tightDual(highs, seed);
      if (!solved) continue;
      const { instance, problem, relax, ranking } = solved;

      // Act
      const plan = repairChoice(relax, ranking);
      if (!plan) continue;
      const better = improveChoice(relax, plan);

      // Assess
      repaired++;
      expect(
        checkPlan(instance.predictions, instance.catalog, instance.policy, assigned(problem, plan.choice)).violations,
      ).toEqual([]);
      expect(
        checkPlan(instance.predictions, instance.catalog, instance.policy, assigned(problem, better.choice)).violations,
      ).toEqual([]);
      expect(planObjective(problem, better.choice)).toBeGreaterThanOrEqual(planObjective(problem, plan.choice) - 1e-9);
      if (planObjective(problem, better.choice) > planObjective(problem, plan.choice) + 1e-9) improvedSomewhere = true;
      for (const carried of [plan, better]) {
        expect(carried.objective).toBeCloseTo(planObjective(problem, carried.choice), 6);
        rowUsage(problem, carried.choice).forEach((used, r) => expect(carried.usage[r]).toBeCloseTo(used, 6));
      }
    }
    expect(repaired).toBeGreaterThan(10);
    expect(improvedSomewhere).toBe(true);
  });

  it('meets a floor that needs more budget than is left by adding its members first and then dropping others (regression)', () => {
    // Prepare: two outsiders hold the whole budget of 2; the floor needs both members, who are
    // worth less at the multipliers. Mending the budget first left the floor unmendable.
    const relax = budgetAndFloor(2, 2, [1, 1, 0, 0], [1, 1, 5, 6]);
    const ranking = rankChoices(relax, Float64Array.of(2, 0));

    // Act
    const plan = repairChoice(relax, ranking);

    // Assess
    expect(Array.from(ranking.best)).toEqual([-1, -1, 0, 0]);
    expect(plan && Array.from(plan.choice)).toEqual([0, 0, -1, -1]);
    expect(plan?.objective).toBe(2);
    expect(plan && Array.from(plan.usage)).toEqual([2, 2]);
  });

  it('repairs floors first after a stuck budget-first order as it would from the start (the work arrays are reused)', () => {
    // Prepare: the week above, with 20,000 cheap outsiders nearer to changing their choice than
    // the members, so that finding the members takes a scan of every customer in both orders.
    const n = 20_000;
    const members = Array.from({ length: n }, (_, i) => (i < 2 ? 1 : 0));
    const value = Array.from({ length: n }, (_, i) => [1, 1, 5, 6][i] ?? 1.5 + (i % 7) / 100);
    const relax = budgetAndFloor(2, 2, members, value);
    const ranking = rankChoices(relax, Float64Array.of(2, 0));

    // Act
    const afterStuck = repairChoice(relax, ranking);
    const fromStart = repairChoice(relax, ranking, () => false, { floorsFirst: true });

    // Assess
    expect(afterStuck && Array.from(afterStuck.choice.subarray(0, 4))).toEqual([0, 0, -1, -1]);
    expect(afterStuck && Array.from(afterStuck.choice)).toEqual(fromStart && Array.from(fromStart.choice));
    expect(afterStuck?.objective).toBe(fromStart?.objective);
  });

  it('moves a customer to its next cheapest action the other rows allow when its cheapest one is at its cap (regression)', () => {
    // Prepare: three customers on A, whose cap is 1; moving to B loses least, but B is full.
    const share = (name: string, coef: Float64Array): LinkingRow => ({
      name,
      label: name,
      rule: 'max_action_share',
      sense: '<=',
      limit: 1,
      actionCoef: coef,
      members: null,
    });
    const value = Float64Array.of(5, 4.9, 5, 4.9, 5, 4.9, 1, 10);
    const problem = {
      n: 4,
      K: 2,
      actions: [
        { id: 1, name: 'A', channel: 'email' as const, cost: 1, uplift: 0.1 },
        { id: 2, name: 'B', channel: 'push' as const, cost: 1, uplift: 0.1 },
      ],
      value,
      reduction: value,
      rows: [share('max_action_share:1', Float64Array.of(1, 0)), share('max_action_share:2', Float64Array.of(0, 1))],
    };
    const relax = buildRelaxation(problem);
    const ranking = rankChoices(relax, Float64Array.of(0, 0));

    // Act
    const plan = repairChoice(relax, ranking);

    // Assess
    expect(Array.from(ranking.best)).toEqual([0, 0, 0, 1]);
    expect(plan && Array.from(plan.choice.subarray(0, 3)).sort()).toEqual([-1, -1, 0]);
    expect(plan?.choice[3]).toBe(1);
    expect(plan?.objective).toBe(15);
    expect(plan && Array.from(plan.usage)).toEqual([1, 1]);
  });
});
