import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { countUsage } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { meetCounts } from '../../../../../src/solver/decomposition/primal/meet-counts.ts';
import { recoverCounts } from '../../../../../src/solver/decomposition/primal/recover-counts.ts';
import { repairChoice } from '../../../../../src/solver/decomposition/primal/repair.ts';
import { rowSlackTolerance } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { planObjective } from '../../../../../src/solver/kpis.ts';
import { checkPlan } from '../../../../support/check-plan.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { tightDual } from './tight-dual.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe('the counts recovered from the dual points', () => {
  it('keep every row, are met by whole customers, and the mended plan keeps every rule', async () => {
    let recovered = 0;
    for (let seed = 9100; seed < 9130; seed++) {
      // Prepare
      const solved = await tightDual(highs, seed);
      if (!solved) continue;
      const { instance, problem, relax, dual, ranking } = solved;

      // Act
      const target = recoverCounts(highs, relax, dual.points);
      if (!target) continue;
      const met = meetCounts(relax, ranking, target);
      const mended = repairChoice(relax, ranking, undefined, { start: met });

      // Assess
      recovered++;
      const { C, K, R, classOf, sign, limit } = relax;
      const used = countUsage(relax, target);
      for (let r = 0; r < R; r++) {
        const excess = sign[r] > 0 ? used[r] - limit[r] : limit[r] - used[r];
        expect(excess, `row ${r}`).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(limit[r])) + rowSlackTolerance(limit[r]),
        );
      }
      const counts = new Float64Array(C * K);
      met.choice.forEach((k, i) => k >= 0 && counts[classOf[i] * K + k]++);
      counts.forEach((count, at) => expect(Math.abs(count - target[at]), `class-action ${at}`).toBeLessThan(1 + 1e-6));
      expectClose(met.objective, planObjective(problem, met.choice));
      if (!mended) continue;
      const assigned = new Map<number, number>();
      mended.choice.forEach((k, i) => k >= 0 && assigned.set(i, problem.actions[k].id));
      expect(checkPlan(instance.predictions, instance.catalog, instance.policy, assigned).violations).toEqual([]);
    }
    expect(recovered).toBeGreaterThan(10);
  });
});
