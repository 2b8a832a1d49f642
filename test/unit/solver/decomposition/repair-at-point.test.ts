import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Highs } from 'highs';
import { createWorkspace, evaluateLagrangian } from '../../../../src/solver/decomposition/evaluation.ts';
import { KNOWN_NEAR_MOVED, repairAt } from '../../../../src/solver/decomposition/repair-at-point.ts';
import { DecompositionRun } from '../../../../src/solver/decomposition/run.ts';
import { testRun } from '../../../support/test-run.ts';
import { scoreChoice } from '../../../../src/solver/decomposition/scored-plan.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { budgetAndFloor } from './primal/budget-and-floor.ts';

/** A check's first dual point on a one-action week of `values` (email at $1, a budget of `budget`), priced at `price` a dollar. */
function checkAt(budget: number, values: number[], price: number) {
  const relax = budgetAndFloor(
    budget,
    0,
    values.map(() => 0),
    values,
  );
  const run = testRun(relax, { at: 0 });
  run.settled = () => false;
  const work = createWorkspace(relax);
  const at = evaluateLagrangian(relax, Float64Array.of(price, 0), work);
  return { relax, run, work, at, offered: vi.spyOn(run, 'offer') };
}

describe('a check’s start at its first dual point', () => {
  it('is handed on as improved, unrepaired, when it lies a few customers off the ranked best choices', () => {
    // Prepare: at $2 a dollar only the customer worth 5 is emailed; the start emails the other two.
    const { relax, run, work, at, offered } = checkAt(2, [1, 1.5, 5], 2);
    const known = scoreChoice(relax, Int16Array.of(0, 0, -1));

    // Act
    const repaired = repairAt(run, work, at, known);

    // Assess: one plan offered, the start improved (the outsider worth 5 takes the place of the one worth 1).
    expect(offered).toHaveBeenCalledTimes(1);
    expect(Array.from(run.incumbent?.choice ?? [])).toEqual([-1, 0, 0]);
    expect(run.incumbent?.objective).toBe(6.5);
    expect(repaired.closed).toBe(false);
  });

  it('stops at the repaired plan once that plan settles the check: no improvement, no exchanges', () => {
    // Prepare: at no price everyone is emailed, past the budget of 2; every plan settles this check.
    const { run, work, at, offered } = checkAt(2, [1, 1.5, 5], 0);
    run.settled = () => true;

    // Act
    const repaired = repairAt(run, work, at);

    // Assess: the repair's plan offered, nothing after (its improvement and the exchanges would offer more)
    expect(offered.mock.calls.filter(([plan]) => plan !== undefined)).toHaveLength(1);
    expect(Array.from(run.incumbent?.choice ?? [])).toEqual([-1, 0, 0]);
    expect(run.incumbent?.objective).toBe(6.5);
    expect(DecompositionRun.closes(6.5, at.value)).toBe(false);
    expect(repaired.closed).toBe(false);
  });

  it('is repaired too when more customers than that are off the ranked best choices', () => {
    // Prepare: at $2 a dollar nobody worth 1 is emailed; the start emails them all.
    const count = KNOWN_NEAR_MOVED + 2;
    const { relax, run, work, at, offered } = checkAt(count, Array<number>(count).fill(1), 2);
    const known = scoreChoice(relax, new Int16Array(count));

    // Act
    repairAt(run, work, at, known);

    // Assess: the repair's plans are offered after the start's.
    expect(offered.mock.calls.length).toBeGreaterThan(1);
    expect(run.incumbent?.objective).toBe(count);
  });
});

describe('a repair at a certified dual point', () => {
  let highs: Highs;
  beforeAll(async () => {
    highs = await getHighs();
  });

  it("recovers the master's mix even when the greedy plan falls short of the bound by under 1e-5", () => {
    // Prepare: at $1 a dollar all four are emailed; the budget of $2 keeps the one worth a million
    // and one worth 2, a plan 2 (2e-6 of it) short of L = 1,000,004.
    const relax = budgetAndFloor(2, 0, [0, 0, 0, 0], [1e6, 2, 2, 2]);
    const run = testRun(relax, { at: 0 });
    const work = createWorkspace(relax);
    const at = evaluateLagrangian(relax, Float64Array.of(1, 0), work);
    const mix = vi.fn(() => Float64Array.of(2));

    // Act
    const repaired = repairAt(run, work, at, undefined, { highs, points: [at], mix });

    // Assess: the greedy's plan is offered, then the master's mix is met and mended
    expect(at.value).toBe(1e6 + 4);
    expect(run.incumbent?.objective).toBe(1e6 + 2);
    expect(repaired.closed).toBe(false);
    expect(mix).toHaveBeenCalledTimes(1);
  });

  /** The week of four at its optimal price, $1.50 a dollar: L = 9, the budget's two emails (5 and 4); the mix says two. */
  function atOptimum() {
    const relax = budgetAndFloor(2, 0, [0, 0, 0, 0], [5, 4, 1.5, 1.2]);
    const run = new DecompositionRun(
      relax,
      () => 0,
      0,
      60,
      () => undefined,
    );
    const work = createWorkspace(relax);
    const at = evaluateLagrangian(relax, Float64Array.of(1.5, 0), work);
    const mix = vi.fn(() => Float64Array.of(2));
    return { run, work, at, mix, offered: vi.spyOn(run, 'offer') };
  }

  it("meets the master's mix first where it closed the last certificate", () => {
    // Prepare
    const { run, work, at, mix, offered } = atOptimum();
    run.mixFirst = true;

    // Act
    const repaired = repairAt(run, work, at, undefined, { highs, points: [at], mix });

    // Assess: the mix is read before any plan is offered, and its plan closes the gap
    expect(at.value).toBe(9);
    expect(mix).toHaveBeenCalledTimes(1);
    const firstPlan = offered.mock.calls.findIndex(([plan]) => plan !== undefined);
    expect(mix.mock.invocationCallOrder[0]).toBeLessThan(offered.mock.invocationCallOrder[firstPlan]);
    expect(run.incumbent?.objective).toBe(9);
    expect(repaired.closed).toBe(true);
    expect(run.mixFirst).toBe(true);
  });

  it('mends the relaxed choices first where that closed the last certificate, and needs no mix when it closes', () => {
    // Prepare
    const { run, work, at, mix } = atOptimum();
    run.mixFirst = false;

    // Act
    const repaired = repairAt(run, work, at, undefined, { highs, points: [at], mix });

    // Assess
    expect(mix).not.toHaveBeenCalled();
    expect(run.incumbent?.objective).toBe(9);
    expect(repaired.closed).toBe(true);
    expect(run.mixFirst).toBe(false);
  });
});
