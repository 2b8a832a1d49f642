import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { diveToWholeCounts } from '../../../../../src/solver/decomposition/core/count-dive.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { createHighsModel, SparseColumns } from '../../../../../src/solver/highs-model.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** Counts of `columns` actions of equal cost and falling values under one budget that leaves a remainder. */
function budgetModel(columns: number, cost: number, budget: number, upper: number) {
  const built = new SparseColumns();
  for (let a = 0; a < columns; a++) {
    built.entry(0, cost);
    built.close(100 - a / 100, 0, upper);
  }
  const model = createHighsModel(highs, {
    sense: 'maximize',
    columns: built,
    rowLower: Float64Array.of(-Infinity),
    rowUpper: Float64Array.of(budget),
  });
  model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
  return model;
}

describe('diveToWholeCounts', () => {
  it('leaves a budget remainder unused instead of moving it from count to count', () => {
    // Prepare: 30 counts full and 9/13 of the next at the LP's optimum; 80 counts in all.
    const cost = 13;
    const model = budgetModel(80, cost, cost * 300 + 9, 10);
    model.run();
    const lpValue = model.getObjectiveValue();
    const lower = new Float64Array(80);
    const upper = new Float64Array(80).fill(10);

    // Act
    const counts = diveToWholeCounts(
      model,
      highs.constants.modelStatus,
      Int32Array.from(lower, (_, a) => a),
      lower,
      upper,
      () => true,
    ).x;

    // Assess
    expect(counts).toBeDefined();
    const whole = Array.from(counts ?? []);
    expect(whole.every((x) => Math.abs(x - Math.round(x)) < 1e-9)).toBe(true);
    expect(whole.reduce((sum, x) => sum + cost * x, 0)).toBeLessThanOrEqual(cost * 300 + 9);
    const value = whole.reduce((sum, x, a) => sum + (100 - a / 100) * x, 0);
    expect(lpValue - value).toBeLessThan(100);
    model.dispose();
  });

  it('rounds a count the other way when the nearer side breaks a row', () => {
    // Prepare: max 10a + b with a + b ≤ 2.5 and a + 2b ≥ 4: the LP's b = 1.5 rounds up, then a = 0.5 only down.
    const built = new SparseColumns();
    built.entry(0, 1);
    built.entry(1, 1);
    built.close(10, 0, 3);
    built.entry(0, 1);
    built.entry(1, 2);
    built.close(1, 0, 3);
    const model = createHighsModel(highs, {
      sense: 'maximize',
      columns: built,
      rowLower: Float64Array.of(-Infinity, 4),
      rowUpper: Float64Array.of(2.5, Infinity),
    });
    model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
    model.run();

    // Act
    const counts = diveToWholeCounts(
      model,
      highs.constants.modelStatus,
      Int32Array.of(0, 1),
      new Float64Array(2),
      Float64Array.of(3, 3),
      () => true,
    ).x;

    // Assess
    expect(Array.from(counts ?? [])).toEqual([0, 2]);
    model.dispose();
  });
});
