import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs, Model } from 'highs';
import { createCutModel, runCutModel, stallLimit } from '../../../../../src/solver/decomposition/dual/cut-model.ts';
import { SparseColumns } from '../../../../../src/solver/highs-model.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const n = 40;

/** A cut model over `n` columns x ≥ 0 priced `cost` each, with one row per column: x_j ≥ `lower` and x_j ≤ 1. */
function boxModel(cost: number, lower: number): Model {
  const columns = new SparseColumns();
  for (let j = 0; j < n; j++) columns.close(cost, 0, Infinity);
  const model = createCutModel(highs, columns);
  model.addRows({
    lower: new Float64Array(n).fill(lower),
    upper: new Float64Array(n).fill(1),
    matrix: {
      format: 'csr',
      numRows: n,
      numCols: n,
      starts: Int32Array.from({ length: n + 1 }, (_, j) => j),
      indices: Int32Array.from({ length: n }, (_, j) => j),
      values: new Float64Array(n).fill(1),
    },
  });
  return model;
}

const columnSum = (model: Model) => model.getSolution().colValue.reduce((sum, x) => sum + x, 0);

describe('a cut model whose warm solve stalls', () => {
  it('is solved again from the slack basis, within its allowance', () => {
    // Prepare: every x at its row's upper end is optimal; then the prices turn, so that the warm
    // basis is n pivots from the new optimum (every x at 0) and the slack basis none
    const model = boxModel(-1, -Infinity);
    expect(runCutModel(highs, model, undefined, stallLimit(2 * n))).toBe(true);
    expect(columnSum(model)).toBeCloseTo(n, 9);
    model.changeColsCost({ kind: 'range', from: 0, to: n - 1 }, new Float64Array(n).fill(1));

    // Act: a warm solve allowed fewer iterations than its path takes
    const solved = runCutModel(highs, model, undefined, n / 4);

    // Assess: optimal, from the restart
    expect(solved).toBe(true);
    expect(columnSum(model)).toBeCloseTo(0, 9);
    model.dispose();
  });

  it('gives up, not optimal, when the solve from the slack basis stalls too', () => {
    // Prepare: every x must rise to its row's floor of 1, n pivots from the slack basis
    const model = boxModel(1, 1);

    // Act: allowed far fewer iterations than that, even after the restart's allowance
    const solved = runCutModel(highs, model, undefined, 1);

    // Assess: no optimum claimed; the same model solves with the default limit
    expect(solved).toBe(false);
    expect(runCutModel(highs, model, undefined, stallLimit(2 * n))).toBe(true);
    expect(columnSum(model)).toBeCloseTo(n, 9);
    model.dispose();
  });

  it('runs again from the slack basis when HiGHS fails a run, and gives up after a second failure', () => {
    // Prepare: a model whose next runs fail as HiGHS's primal simplex can on a degenerate model
    const model = boxModel(1, 1);
    const run = model.run.bind(model);
    let failures = 1;
    model.run = (...args) => {
      if (failures-- > 0) throw new highs.errors.HighsError('run failed with HiGHS status -1', 'run');
      return run(...args);
    };

    // Act
    const afterOne = runCutModel(highs, model, undefined, stallLimit(2 * n));
    failures = 2;
    const afterTwo = runCutModel(highs, model, undefined, stallLimit(2 * n));

    // Assess: the restart's answer, then no optimum claimed
    expect(afterOne).toBe(true);
    expect(columnSum(model)).toBeCloseTo(n, 9);
    expect(afterTwo).toBe(false);
    model.dispose();
  });

  it('throws on any error that is not a failed run: its own, or the wrapper’s on a disposed model', () => {
    // Prepare
    const model = boxModel(1, 1);
    model.run = () => {
      throw new TypeError('not a HiGHS failure');
    };
    const disposed = boxModel(1, 1);
    disposed.dispose();

    // Act, Assess
    expect(() => runCutModel(highs, model, undefined, stallLimit(2 * n))).toThrow(TypeError);
    expect(() => runCutModel(highs, disposed, undefined, stallLimit(2 * n))).toThrow(highs.errors.HighsDisposedError);
    model.dispose();
  });
});
