import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { lossEnvelope, solveMoveMip } from '../../../../../src/solver/decomposition/core/move-mip.ts';
import { leastLoss, listMoves, type MoveLists } from '../../../../../src/solver/decomposition/core/moves.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { weekOf } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** Forty customers worth 100 by push; email instead loses ((i + 1)/4)² for customer i; at most `pushCap` pushes. */
function risingLosses(pushCap: number) {
  const values = Array.from({ length: 40 }, (_, i) => [100 - ((i + 1) / 4) ** 2, 100]);
  const relax = buildRelaxation(weekOf(values, 1_000, pushCap));
  const ranking = rankChoices(relax, Float64Array.of(0, 0));
  const lists = listMoves(relax, ranking, Infinity) as MoveLists;
  const toEmail = lists.kindTo.indexOf(0);
  return { relax, ranking, lists, toEmail };
}

/** The sum of kind j's m least losses. */
function leastTotal(lists: MoveLists, j: number, m: number): number {
  let total = 0;
  for (let q = 0; q < m; q++) total += leastLoss(lists, j, q);
  return total;
}

/** The envelope's loss for m moves: its segments filled in order. */
function envelopeAt(segments: [number, number][], m: number): number {
  let left = m;
  let loss = 0;
  for (const [width, slope] of segments) {
    const used = Math.min(left, width);
    loss += used * slope;
    left -= used;
  }
  return loss;
}

describe("the moves' MIP", () => {
  it('costs m moves of a kind at most their least losses, and exactly at 0-12 moves and at counts whose gaps double (14, 18, 26)', () => {
    // Prepare
    const { lists, toEmail } = risingLosses(100);

    // Act
    const segments = lossEnvelope(lists, toEmail, 40);

    // Assess: never above the least losses (the bound stays valid); equal at every tangent point
    expect(segments.reduce((sum, [width]) => sum + width, 0)).toBeCloseTo(40, 9);
    for (let m = 0; m <= 40; m++)
      expect(envelopeAt(segments, m)).toBeLessThanOrEqual(leastTotal(lists, toEmail, m) + 1e-9);
    for (const m of [0, 5, 12, 14, 18, 26])
      expectClose(envelopeAt(segments, m), leastTotal(lists, toEmail, m), { relative: 1e-12 });
  });

  it('bounds a plan that moves 26 customers by its true loss, not by steps of least losses (issue 18)', () => {
    // Prepare: a cap of 14 pushes moves 26 customers to email, the 26 least losses
    const { relax, ranking, lists, toEmail } = risingLosses(14);

    // Act
    const result = solveMoveMip(highs, relax, ranking, lists, { timeLimitSeconds: 10, absoluteGap: 1e-9 });

    // Assess: the bound is the optimum; blocks of moves costed at their least loss bound it higher
    expect(result.moves?.[toEmail]).toBe(26);
    expectClose(result.bound, ranking.objective - leastTotal(lists, toEmail, 26), { relative: 1e-9 });
  });

  it("stops at a plan worth its target, short of the optimum's proof, and proves when no plan reaches it", () => {
    // Prepare: the cap of 14 pushes again, from a plan that moves 30 customers to email
    const { relax, ranking, lists, toEmail } = risingLosses(14);
    const optimum = ranking.objective - leastTotal(lists, toEmail, 26);
    const start = new Float64Array(lists.count);
    start[toEmail] = 30;

    // Act
    const stopped = solveMoveMip(highs, relax, ranking, lists, {
      timeLimitSeconds: 10,
      absoluteGap: 1e-9,
      target: ranking.objective - leastTotal(lists, toEmail, 30),
      start,
    });
    const unreached = solveMoveMip(highs, relax, ranking, lists, {
      timeLimitSeconds: 10,
      absoluteGap: 1e-9,
      target: optimum + 1,
      start,
    });

    // Assess: stopped with a plan, its bound still above the optimum; a target past the optimum leaves the proof to run
    expect(stopped.reachedTarget).toBe(true);
    expect(stopped.optimal).toBe(false);
    expect(stopped.moves).toBeDefined();
    expect(stopped.bound).toBeGreaterThanOrEqual(optimum - 1e-9);
    expect(unreached.reachedTarget).toBe(false);
    expect(unreached.optimal).toBe(true);
    expectClose(unreached.bound, optimum, { relative: 1e-9 });
  });
});
