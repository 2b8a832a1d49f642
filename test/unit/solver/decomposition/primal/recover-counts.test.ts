import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs, Model } from 'highs';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { minimizeDual } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { piecesPerClass } from '../../../../../src/solver/decomposition/dual/pieces.ts';
import { createWorkspace } from '../../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation, countUsage, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { meetCounts } from '../../../../../src/solver/decomposition/primal/meet-counts.ts';
import { recoverCounts } from '../../../../../src/solver/decomposition/primal/recover-counts.ts';
import { repairChoice } from '../../../../../src/solver/decomposition/primal/repair.ts';
import { rowSlackTolerance } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { planObjective } from '../../../../../src/solver/kpis.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { checkPlan } from '../../../../support/check-plan.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { tightDual } from './tight-dual.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** Each row's excess of `counts`' usage over its limit (≤ 0 when kept). */
function rowExcess(relax: Relaxation, counts: Float64Array): number[] {
  const used = countUsage(relax, counts);
  return Array.from(used, (u, r) => (relax.sign[r] > 0 ? u - relax.limit[r] : relax.limit[r] - u));
}

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

  it('mixes the pieces of a split dual into counts per class that keep every row (week 45 of bench/explore.ts)', async () => {
    // Prepare
    const week = drawWildWeek(45, 12_000);
    const relax = buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
    const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });

    // Act
    const target = recoverCounts(highs, relax, dual.points);

    // Assess
    expect(piecesPerClass(relax)).toBeGreaterThan(1);
    expect(target?.length).toBe(relax.C * relax.K);
    const { C, K, classOf, limit } = relax;
    rowExcess(relax, target!).forEach((excess, r) =>
      expect(excess, `row ${r}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(limit[r]))),
    );
    const members = new Float64Array(C);
    classOf.forEach((c) => members[c]++);
    for (let c = 0; c < C; c++) {
      const assigned = target!.subarray(c * K, c * K + K).reduce((sum, x) => sum + x, 0);
      expect(assigned, `class ${c}`).toBeLessThanOrEqual(members[c] + 1e-6);
    }
  });

  it("holds HiGHS's run to the seconds given, and answers within them", async () => {
    // Prepare: a HiGHS whose models report the time limit each run starts with
    const solved = await tightDual(highs, 9100);
    const limits: unknown[] = [];
    const watched: Highs = Object.create(highs, {
      createModel: {
        value: (...spec: Parameters<Highs['createModel']>): Model => {
          const model = highs.createModel(...spec);
          const run = model.run.bind(model);
          model.run = (callbacks) => {
            limits.push(model.options.get('time_limit'));
            return run(callbacks);
          };
          return model;
        },
      },
    });

    // Act
    const target = recoverCounts(watched, solved!.relax, solved!.dual.points, 3.5);

    // Assess
    expect(limits).toEqual([3.5]);
    expect(target).toEqual(recoverCounts(highs, solved!.relax, solved!.dual.points));
  });
});
