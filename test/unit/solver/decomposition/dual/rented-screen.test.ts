import { describe, expect, it } from 'vitest';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { linesVerified } from '../../../../../src/solver/decomposition/dual/line-groups.ts';
import { LINE_SETUP_PASSES } from '../../../../../src/solver/decomposition/dual/rented-screen.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { expectSameEvaluation, walk } from './dual-walk.ts';

/** Week 45 of bench/explore.ts (one segment, 25 capped actions): its values lie on lines. */
function lineRelaxation() {
  const week = drawWildWeek(45, 12_000);
  return buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
}

describe('the margin screen rented until it has cost the lines’ set-up', () => {
  it('sets the lines up only once the passes have read that many values, and stays exact', () => {
    // Prepare
    const relax = lineRelaxation();
    const value = relax.problem.value;
    const rented = createWorkspace(relax);
    const plain = createWorkspace(relax, { screen: false });
    const price = LINE_SETUP_PASSES * relax.n * relax.K;

    for (const lambda of walk(relax, 5, 30)) {
      // Act
      const before = rented.reads;
      const point = evaluateLagrangian(relax, lambda, rented);

      // Assess: no set-up before the price is read; from then on, the lines
      expect(linesVerified(value)).toBe(rented.reads >= price ? true : undefined);
      if (before >= price) expect(rented.reads - before).toBeLessThan(0.25 * relax.n * relax.K);
      expectSameEvaluation(point, evaluateLagrangian(relax, lambda, plain));
    }
    expect(rented.reads).toBeGreaterThan(price);
  });

  it('serves lines already set up for the value array from the first pass', () => {
    // Prepare: a first workspace pays for the lines
    const relax = lineRelaxation();
    const first = createWorkspace(relax);
    for (const lambda of walk(relax, 6, 30)) evaluateLagrangian(relax, lambda, first);
    expect(linesVerified(relax.problem.value)).toBe(true);

    // Act: a second one (a value's check, a sweep's level)
    const second = createWorkspace(relax);
    evaluateLagrangian(relax, walk(relax, 7, 1)[0], second);

    // Assess: its first pass reads far less than a full one
    expect(second.reads).toBeLessThan(0.25 * relax.n * relax.K);
  });
});
