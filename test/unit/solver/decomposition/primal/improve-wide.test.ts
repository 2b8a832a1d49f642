import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { improveChoice } from '../../../../../src/solver/decomposition/primal/improve.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { repairChoice } from '../../../../../src/solver/decomposition/primal/repair.ts';
import { scoreChoice } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { tightInstance } from '../tight-instance.ts';
import { referenceImprove } from './reference-improve.ts';
import { tightDual } from './tight-dual.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const moved = (from: Int16Array, to: Int16Array) => to.reduce((sum, k, i) => sum + (k === from[i] ? 0 : 1), 0);

describe('the improvement on catalogs of many actions', () => {
  it('reaches the plain greedy plan from a repaired one, with rows that no move can break and rows that stop some', async () => {
    let compared = 0;
    let moves = 0;
    for (let seed = 9600; seed < 9616; seed++) {
      // Prepare: up to 40 actions, so a class has up to 41² moves and most rows hold any of them
      const solved = await tightDual(highs, seed, 240, 40);
      if (!solved) continue;
      const { relax, dual } = solved;
      // Multipliers above the optimum: the repaired plan leaves slack on some rows and little on others.
      const ranking = rankChoices(
        relax,
        Float64Array.from(dual.best.lambda, (x) => 1.3 * x),
      );
      const start = repairChoice(relax, ranking);
      if (!start) continue;

      // Act
      const improved = improveChoice(relax, start, ranking);

      // Assess
      expect(Array.from(improved.choice)).toEqual(Array.from(referenceImprove(relax, start.choice)));
      moves += moved(start.choice, improved.choice);
      compared++;
    }
    expect(compared).toBeGreaterThan(8);
    expect(moves).toBeGreaterThan(0);
  });

  it('lets a move through a row left exactly its coefficients’ spread, and stops it a step short', () => {
    let compared = 0;
    for (let seed = 9620; seed < 9632; seed++) {
      // Prepare: no floors, so the empty plan keeps every rule; the budget is the dearest action's cost, or a cent
      // less (which the budget row's grid of costs rounds down to the next sum it can reach)
      const instance = tightInstance(seed, 120, 40);
      const dearest = Math.max(...instance.catalog.map((a) => a.cost));
      for (const budget of [dearest, dearest - 0.01]) {
        const policy = {
          ...instance.policy,
          budget,
          email_cap: 120,
          push_cap: 120,
          min_high_risk: 0,
          min_premium: 0,
          min_segment_coverage: 0,
          max_action_share: 1,
        };
        const problem = buildProblem(instance.predictions, instance.catalog, policy);
        // Every eligible pair gains, the dearest actions most: the greedy takes one first wherever it fits.
        const dear = problem.actions.map((a) => a.cost === dearest);
        problem.value.forEach((x, j) => (problem.value[j] = Math.abs(x) + (dear[j % problem.K] ? 1000 : 1)));
        if (!problem.value.some((x, j) => dear[j % problem.K] && !Number.isNaN(x))) continue;
        const relax = buildRelaxation(problem);
        const empty = scoreChoice(relax, new Int16Array(relax.n).fill(-1));

        // Act
        const improved = improveChoice(relax, empty);

        // Assess
        expect(Array.from(improved.choice)).toEqual(Array.from(referenceImprove(relax, empty.choice)));
        expect(improved.choice.some((k) => k >= 0 && dear[k])).toBe(budget === dearest);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(12);
  });

  it('keeps a floor met exactly: its members move between actions but never to none', () => {
    let compared = 0;
    let kept = 0;
    for (let seed = 9640; seed < 9650; seed++) {
      // Prepare: every pair loses, so moving to none gains most; each customer starts at its worst action
      const instance = tightInstance(seed, 120, 40);
      const n = instance.predictions.ids.length;
      const policy = {
        ...instance.policy,
        budget: 1e9,
        email_cap: n,
        push_cap: n,
        min_high_risk: 0.5,
        min_premium: 0,
        min_segment_coverage: 0,
        max_action_share: 1,
      };
      const problem = buildProblem(instance.predictions, instance.catalog, policy);
      problem.value.forEach((x, j) => (problem.value[j] = -Math.abs(x) - 1 - (j % 7)));
      const start = Int16Array.from({ length: n }, (_, i) => {
        let worst = -1;
        for (let k = 0; k < problem.K; k++)
          if (!(problem.value[i * problem.K + k] >= problem.value[i * problem.K + worst])) worst = k;
        return Number.isNaN(problem.value[i * problem.K + worst]) ? -1 : worst;
      });
      // The floor at exactly what the start covers.
      const floor = problem.rows.find((row) => row.rule === 'min_high_risk');
      if (!floor) continue;
      const covered = start.reduce(
        (sum, k, i) => sum + (k >= 0 ? floor.actionCoef[k] * (floor.members?.[i] ?? 1) : 0),
        0,
      );
      floor.limit = covered;
      const relax = buildRelaxation(problem);

      // Act
      const improved = improveChoice(relax, scoreChoice(relax, start));

      // Assess
      expect(Array.from(improved.choice)).toEqual(Array.from(referenceImprove(relax, start)));
      const stillCovered = improved.choice.reduce(
        (sum, k, i) => sum + (k >= 0 ? floor.actionCoef[k] * (floor.members?.[i] ?? 1) : 0),
        0,
      );
      expect(stillCovered).toBe(covered);
      if (covered > 0) kept++;
      compared++;
    }
    expect(compared).toBe(10);
    expect(kept).toBeGreaterThan(5);
  });
});
