import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { minimizeDual, type DualResult } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { createMaster, type CuttingPlaneMaster } from '../../../../../src/solver/decomposition/dual/master.ts';
import { piecesPerClass } from '../../../../../src/solver/decomposition/dual/pieces.ts';
import { createWorkspace } from '../../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { expectMixKeepsRows } from '../../../../support/expect-mix.ts';

let highs: Highs;
let week: ReturnType<typeof buildProblem>;
let points: DualResult['points'];
/** The multipliers of the least L among `points`. */
let best: Float64Array;
beforeAll(async () => {
  highs = await getHighs();
  // Many actions under 5 % share caps: a master of many degenerate cuts (2,000 customers keep it quick).
  const wild = drawWildWeek(2019, 2000);
  week = buildProblem(wild.predictions, wild.catalog, wild.policy);
  const relax = buildRelaxation(week);
  ({ points } = await minimizeDual(highs, relax, createWorkspace(relax), {
    deadline: Infinity,
    now: () => 0,
    apart: true,
  }));
  best = points.reduce((a, b) => (b.value < a.value ? b : a)).lambda;
});

const columnsOf = (master: CuttingPlaneMaster) => master.model.getDimensions().numCols;
const never = { iterations: Infinity, cuts: Infinity };
const atOnce = { iterations: -1, cuts: 0 };

/** The master's minimum over [0, top], and over a box of ±10 % around the best point. */
function solveBoth(master: CuttingPlaneMaster, relax: Relaxation) {
  const top = new Float64Array(relax.R).fill(1e7);
  const open = master.solve(new Float64Array(relax.R), top);
  const lower = best.map((x) => 0.9 * x);
  const upper = best.map((x) => 1.1 * x + 1e-6);
  const boxed = master.solve(lower, upper);
  return { open, boxed, mix: master.mix(), lower, upper };
}

describe('the cutting-plane master held as rows or as columns', () => {
  it('answers the same in either form: the model minimum, multipliers in the box, a mix that keeps every row', () => {
    // Prepare: two relaxations of one week, so that neither master's form carries to the other
    const asRows = buildRelaxation(week);
    const asColumns = buildRelaxation(week);
    const rows = createMaster(highs, asRows, { columnForm: never });
    const columns = createMaster(highs, asColumns, { columnForm: atOnce });
    try {
      rows.addCuts(points);
      columns.addCuts(points);

      // Act: the first solve moves `columns` to columns, the second is solved there
      const fromRows = solveBoth(rows, asRows);
      const fromColumns = solveBoth(columns, asColumns);

      // Assess
      const { R, C } = asRows;
      expect(columnsOf(rows), 'multipliers and pieces').toBe(R + C * piecesPerClass(asRows));
      expect(columnsOf(columns), 'two box slacks per multiplier and a column per cut').toBe(2 * R + columns.cuts);
      expect(columns.held.model).toBe(columns.model);
      for (const solve of ['open', 'boxed'] as const) {
        const a = fromRows[solve];
        const b = fromColumns[solve];
        expect(a && b, `${solve}: both solved`).toBeTruthy();
        expectClose(b!.theta, a!.theta, { relative: 1e-8 }, `${solve}: the model's minimum`);
      }
      fromColumns.boxed!.lambda.forEach((x, r) => {
        expect(x, `λ${r} within the box`).toBeGreaterThanOrEqual(fromColumns.lower[r]);
        expect(x, `λ${r} within the box`).toBeLessThanOrEqual(fromColumns.upper[r]);
      });
      // The box's mix need not keep the rows; the open model's (no box end binds) must, as the rows' form's does.
      columns.solve(new Float64Array(R), new Float64Array(R).fill(1e7));
      expectMixKeepsRows(asColumns, columns.mix(), 'the columns’ open model');
    } finally {
      rows.dispose();
      columns.dispose();
    }
  });

  it('moves to columns only past both the iterations and the cuts it is given, and later masters on those classes start there', () => {
    // Prepare
    const relax = buildRelaxation(week);
    const few = createMaster(highs, relax, { columnForm: { iterations: -1, cuts: Infinity } });
    const many = createMaster(highs, relax, { columnForm: atOnce });
    try {
      // Act
      for (const master of [few, many]) {
        master.addCuts(points);
        solveBoth(master, relax);
      }
      const later = createMaster(highs, relax, { columnForm: never });

      // Assess
      const { R, C } = relax;
      expect(columnsOf(few), 'too few cuts per column: rows').toBe(R + C * piecesPerClass(relax));
      expect(columnsOf(many)).toBe(2 * R + many.cuts);
      expect(columnsOf(later), 'no cut yet, as columns').toBe(2 * R);
      later.dispose();
    } finally {
      few.dispose();
      many.dispose();
    }
  });

  it('moves a master on classes another master moved to columns there at its next solve', () => {
    // Prepare: one master held as rows, then another on the same classes that moves at once
    const relax = buildRelaxation(week);
    const first = createMaster(highs, relax, { columnForm: never });
    first.addCuts(points);
    solveBoth(first, relax);
    const second = createMaster(highs, relax, { columnForm: atOnce });
    try {
      second.addCuts(points);
      solveBoth(second, relax);
      expect(columnsOf(first), 'still rows').toBe(relax.R + relax.C * piecesPerClass(relax));

      // Act
      const again = first.solve(new Float64Array(relax.R), new Float64Array(relax.R).fill(1e7));

      // Assess
      expect(columnsOf(first)).toBe(2 * relax.R + first.cuts);
      expect(first.held.model).toBe(first.model);
      expectClose(again!.theta, second.solve(new Float64Array(relax.R), new Float64Array(relax.R).fill(1e7))!.theta, {
        relative: 1e-8,
      });
    } finally {
      first.dispose();
      second.dispose();
    }
  });
});
