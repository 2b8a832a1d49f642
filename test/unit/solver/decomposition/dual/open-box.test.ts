import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs, Model } from 'highs';
import { minimizeDual } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { rowScales } from '../../../../../src/solver/decomposition/dual/largest-coefficients.ts';
import { OPEN_REACH, openTop, restsOnTop } from '../../../../../src/solver/decomposition/dual/open-box.ts';
import { createWorkspace } from '../../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { tightInstance } from '../tight-instance.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe('the open model’s box', () => {
  it('reaches OPEN_REACH times each row’s scale, within the ceiling', () => {
    const width = Float64Array.from([2, 0, 5]);

    expect([...openTop(width)]).toEqual([2 * OPEN_REACH, 0, 5 * OPEN_REACH]);
    expect([...openTop(width, Float64Array.from([1, 1, 1e12]))]).toEqual([1, 0, 5 * OPEN_REACH]);
  });

  it('takes a minimum on its top below the ceiling for no floor, and one inside or at the ceiling for one', () => {
    const top = Float64Array.from([10, 0, 4]);
    const ceiling = Float64Array.from([Infinity, Infinity, 4]);

    expect(restsOnTop(Float64Array.from([10, 0, 1]), top, ceiling)).toBe(true);
    expect(restsOnTop(Float64Array.from([9.99, 0, 1]), top, ceiling)).toBe(false);
    // At the ceiling the box is the region itself; a row of no coefficient stays at 0.
    expect(restsOnTop(Float64Array.from([3, 0, 4]), top, ceiling)).toBe(false);
  });
});

/** `highs` with every cut model's column bounds recorded: the boxes the dual's master solves over. */
function recordingBoxes(real: Highs): { highs: Highs; uppers: Float64Array[] } {
  const uppers: Float64Array[] = [];
  const watch = (model: Model): Model =>
    new Proxy(model, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (key !== 'changeColsBounds' || typeof value !== 'function') return value;
        return (selection: unknown, lower: Float64Array, upper: Float64Array) => {
          uppers.push(Float64Array.from(upper));
          return (value as (...args: unknown[]) => unknown).call(target, selection, lower, upper);
        };
      },
    });
  const highs = new Proxy(real, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key !== 'createModel' || typeof value !== 'function') return value;
      return (...args: unknown[]) => watch((value as (...a: unknown[]) => Model).apply(target, args));
    },
  });
  return { highs, uppers };
}

describe('a dual that looks for its certificate', () => {
  it('never sends the open model past OPEN_REACH times a row’s scale, and still proves its bound', async () => {
    let opened = 0;
    for (let seed = 9600; seed < 9606; seed++) {
      // Prepare: the certificate asked for at once, when a model of a few cuts is open along most rows
      const instance = tightInstance(seed, 2000, 6);
      const relax = buildRelaxation(buildProblem(instance.predictions, instance.catalog, instance.policy));
      const top = openTop(rowScales(relax));
      const { highs: recording, uppers } = recordingBoxes(highs);

      // Act
      const dual = await minimizeDual(recording, relax, createWorkspace(relax), {
        deadline: Infinity,
        now: () => 0,
        certify: 1e-6,
      });

      // Assess: no box past the open model's top; the floor bounds the best point within the asked share
      if (dual.infeasible) continue;
      if (uppers.some((upper) => upper.every((x, r) => x === top[r]))) opened++;
      for (const upper of uppers) upper.forEach((x, r) => expect(x).toBeLessThanOrEqual(top[r]));
      expect(dual.floor).toBeLessThanOrEqual(dual.best.value);
      if (dual.floor > -Infinity)
        expect(dual.best.value - dual.floor).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(dual.best.value)));
    }
    // The open model was solved in some of them (a dual that converges at its first points needs none).
    expect(opened).toBeGreaterThan(0);
  });
});
