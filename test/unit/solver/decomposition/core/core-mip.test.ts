import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import { solveCoreMip } from '../../../../../src/solver/decomposition/core/core-mip.ts';
import { buildCountModel } from '../../../../../src/solver/decomposition/core/count-model.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../../src/solver/mip.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** HiGHS whose models record the `presolve` option of each MIP run, and how many columns were made integer before it. */
function recordingPresolve(runs: string[], integers: number[] = []): Highs {
  const recording = Object.create(highs) as Highs;
  recording.createModel = (...args) => {
    const model = highs.createModel(...args);
    const run = model.run.bind(model);
    const changeColIntegrality = model.changeColIntegrality.bind(model);
    const integer = new Set<number>();
    model.changeColIntegrality = (col, type) => {
      if (type === highs.constants.variableType.integer) integer.add(col);
      return changeColIntegrality(col, type);
    };
    model.run = () => {
      runs.push(String(model.options.get('presolve')));
      integers.push(integer.size);
      return run();
    };
    return model;
  };
  return recording;
}

/** A 250-customer week, its whole relaxation as the core, and the whole-model MIP's optimum. */
function wholeWeekCore(seed: number) {
  const problem = buildProblem(generatePredictions(250, seed), DEFAULT_CATALOG, scaledPolicy(250));
  const relax = buildRelaxation(problem);
  const everyone = Int32Array.from({ length: problem.n }, (_, i) => i);
  return { relax, everyone, optimum: solveMip(highs, problem, { timeLimitSeconds: 30 }).objective };
}

/** The whole 250-customer week (seed 9) as a core, solved with `plainNodes`: the presolve option of each run, the answer and the optimum. */
function solveRecorded(plainNodes: number) {
  const { relax, everyone, optimum } = wholeWeekCore(9);
  const runs: string[] = [];
  const integers: number[] = [];
  const solved = solveCoreMip(recordingPresolve(runs, integers), relax, everyone, {
    limits: relax.limit,
    timeLimitSeconds: 30,
    absoluteGap: 1e-6,
    plainNodes,
  });
  const model = buildCountModel(highs, relax, everyone, relax.limit);
  const columns = { counts: model.counts, all: model.counts + model.pairs };
  model.model.dispose();
  return { runs, integers, columns, solved, optimum };
}

describe("HiGHS's MIP on a core's count model", () => {
  it("runs again with presolve and the types' columns integer when the plain run stops unproven, and proves the optimum (issue 18)", () => {
    // Prepare and act: no node allowed without presolve, so the plain run stops unproven
    const { runs, integers, columns, solved, optimum } = solveRecorded(0);

    // Assess: the counts alone integer without presolve, every column with it
    expect(runs).toEqual(['off', 'on']);
    expect(integers).toEqual([columns.counts, columns.all]);
    expect(solved.status).toBe('optimal');
    expectClose(solved.objective, optimum, { relative: 1e-6 }, 'objective against the whole-model MIP');
  });

  it('runs once, without presolve, when the plain run proves', () => {
    // Prepare and act
    const { runs, solved, optimum } = solveRecorded(1_000_000);

    // Assess
    expect(runs).toEqual(['off']);
    expect(solved.status).toBe('optimal');
    expectClose(solved.objective, optimum, { relative: 1e-6 }, 'objective against the whole-model MIP');
  });
});
