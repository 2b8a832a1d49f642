import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../src/solver/mip.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';
import { solveDecomposition, type DecompositionOptions } from '../../../../src/solver/decomposition/index.ts';
import { assignedIds } from '../../../support/assigned-ids.ts';
import { checkPlan } from '../../../support/check-plan.ts';
import { expectClose } from '../../../support/expect-close.ts';
import { randomInstance, type Instance } from '../../../support/random-instance.ts';
import { tightInstance } from './tight-instance.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/**
 * Seeds alternate between the default settings (the exact core is usually the whole small
 * instance) and tiny core limits that force heuristic cores, reduced-cost fixing and the
 * exact-threshold round on every instance.
 */
async function crossCheck(seed: number, instance: Instance, options: DecompositionOptions = {}): Promise<void> {
  // Prepare
  const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);
  const forceCores = seed % 2 === 1 ? { exactCoreLimit: 3, firstCoreSize: 2 } : {};

  // Act
  const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });
  const split = await solveDecomposition(highs, problem, { timeLimitSeconds: 30, ...forceCores, ...options });

  // Assess
  expect(whole.status === 'infeasible' ? 'infeasible' : 'optimal').toBe(whole.status);
  expect(split.status).toBe(whole.status);
  if (whole.status === 'infeasible') {
    expect(split.choice).toBeUndefined();
    return;
  }
  expect(split.choice).toBeDefined();
  const checked = checkPlan(
    instance.predictions,
    instance.catalog,
    instance.policy,
    assignedIds(problem, split.choice as Int16Array),
  );
  expect(checked.violations).toEqual([]);
  expectClose(checked.objective, split.objective, { relative: 1e-6 }, 'objective checked independently');
  expectClose(split.objective, whole.objective, { relative: 1e-6 }, 'objective against the whole-model MIP');
  expect(split.bound).toBeGreaterThanOrEqual(whole.objective - 1e-6 * Math.max(1, Math.abs(whole.objective)));
  expect(split.gap).toBeLessThanOrEqual(1e-6);
}

const batches = [0, 1, 2, 3];
const looseBatches = [0, 1];
const customersFor = (seed: number) => 5 + ((seed * 7919) % 56);

describe('solveDecomposition against the whole-model MIP on random instances', () => {
  it.each(looseBatches)(
    'batch %i: 50 instances of 5-60 customers, 1-6 actions, random rules (mostly infeasible); same answer, every rule holds',
    async (batch) => {
      for (let s = 0; s < 50; s++) {
        const seed = 7000 + batch * 50 + s;
        await crossCheck(seed, randomInstance(seed, customersFor(seed), 6));
      }
    },
  );

  it.each(batches)(
    'batch %i: 50 instances with binding budgets, caps and floors, a quarter full of ties; same answer, every rule holds',
    async (batch) => {
      for (let s = 0; s < 50; s++) {
        const seed = 9000 + batch * 50 + s;
        await crossCheck(seed, tightInstance(seed, customersFor(seed), 6, s % 4 === 3));
      }
    },
  );

  it.each(looseBatches)(
    'batch %i: 50 tight instances with the dual allowed to stop on its certificate and repair inside it, its passes screened; same answer',
    async (batch) => {
      for (let s = 0; s < 50; s++) {
        const seed = 9600 + batch * 50 + s;
        await crossCheck(seed, tightInstance(seed, 20 + ((seed * 7919) % 100), 6, s % 4 === 3), {
          certifyMinPairs: 0,
          screenMinCustomers: 0,
        });
      }
    },
  );
});
