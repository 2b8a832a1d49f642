import { describe, expect, it } from 'vitest';
import { buildRelaxation } from '../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../src/solver/decomposition/ranking.ts';
import { scoreChoice } from '../../../../src/solver/decomposition/scored-plan.ts';
import { weekOf } from '../../../support/email-push-week.ts';
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
