import { describe, expect, it } from 'vitest';
import { buildRelaxation } from '../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../src/solver/decomposition/ranking.ts';
import { scoreChoice, scoreMoved } from '../../../../src/solver/decomposition/scored-plan.ts';
import { weekOf } from '../../../support/email-push-week.ts';
import { expectClose } from '../../../support/expect-close.ts';
import { rng } from '../../../support/random-instance.ts';

describe('a plan scored near the ranked best choices', () => {
  it('has the same objective to the last bit and the same row usage as one scored from every row of values', () => {
    // Prepare: 2,000 customers of random values, their ranked best choices, a plan moving every seventh off them
    const random = rng(31);
    const values = Array.from({ length: 2_000 }, () => [random() * 100, random() * 100]);
    const relax = buildRelaxation(weekOf(values, 1e6, 1e6));
    const ranking = rankChoices(relax, Float64Array.of(0, 0));
    const choice = Int16Array.from(ranking.best, (k, i) => (i % 7 === 0 ? (k === 0 ? 1 : -1) : k));

    // Act
    const near = scoreChoice(relax, choice, ranking);

    // Assess
    const full = scoreChoice(relax, choice);
    expect(near.objective).toBe(full.objective);
    expect(Array.from(near.usage)).toEqual(Array.from(full.usage));
  });
});

describe('a plan scored from the ranking by its moved customers', () => {
  it('has the objective and row usage of the same plan scored from every customer', () => {
    // Prepare: 2,000 customers under a budget and a push cap at λ > 0; every fifth customer moved,
    // some twice (listed twice), some moved and moved back (listed, on their best again)
    const random = rng(37);
    const values = Array.from({ length: 2_000 }, () => [random() * 100, random() * 100]);
    const relax = buildRelaxation(weekOf(values, 3_000, 400));
    const ranking = rankChoices(relax, Float64Array.of(0.4, 7));
    const choice = Int16Array.from(ranking.best);
    const moved: number[] = [];
    for (let i = 0; i < choice.length; i += 5) {
      choice[i] = ranking.best[i] === 0 ? 1 : ranking.best[i] === 1 ? -1 : 0;
      moved.push(i, i);
    }
    for (let i = 3; i < choice.length; i += 50) moved.push(i);

    // Act
    const fromRanking = scoreMoved(relax, ranking, choice, Int32Array.from(moved));

    // Assess
    const full = scoreChoice(relax, choice);
    expect(fromRanking.choice).toBe(choice);
    expectClose(fromRanking.objective, full.objective, { relative: 1e-12 }, 'the objective');
    full.usage.forEach((used, r) => expectClose(fromRanking.usage[r], used, { relative: 1e-12 }, `row ${r}`));
    expect(fromRanking.objective).not.toBe(ranking.objective);
  });
});
