import { describe, expect, it } from 'vitest';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import {
  createHeads,
  findHeads,
  refreshHeads,
  type KindHeads,
} from '../../../../../src/solver/decomposition/primal/exchange-heads.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { rng } from '../../../../support/random-instance.ts';
import { tightInstance } from '../tight-instance.ts';

/** Every present kind's heads, in kind order: what the exchange reads. */
function snapshot(heads: KindHeads): string[] {
  return [...heads.present]
    .sort((a, b) => a - b)
    .map((k) => {
      const second = heads.secondCustomer[k] < 0 ? '-' : `${heads.secondCustomer[k]}:${heads.secondGain[k]}`;
      return `${k} ${heads.firstCustomer[k]}:${heads.firstGain[k]} ${second}`;
    });
}

describe("the exchange's heads", () => {
  it.each([
    ['distinct values, customers ascending', false, false],
    ['customers sharing values (ties), ascending', true, false],
    ['customers sharing values (ties), in no order', true, true],
  ])('refreshed after each change of one customer or two, equal the heads found afresh: %s', (_, ties, shuffled) => {
    for (let seed = 9300; seed < 9310; seed++) {
      // Prepare
      const instance = tightInstance(seed, 120, 6);
      const relax = buildRelaxation(buildProblem(instance.predictions, instance.catalog, instance.policy));
      const { n, K } = relax;
      const value = relax.problem.value;
      // Ties: every customer's values a copy of one of the first five's, so gains tie across customers.
      if (ties) for (let i = 5; i < n; i++) value.copyWithin(i * K, (i % 5) * K, (i % 5) * K + K);
      const random = rng(seed);
      const choice = new Int16Array(n).fill(-1);
      const customers = Int32Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.6);
      if (shuffled) customers.sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101) || a - b);
      const kinds = relax.C * (K + 1) * (K + 1);
      const heads = createHeads(kinds);
      findHeads(relax, choice, customers, heads);

      for (let step = 0; step < 40; step++) {
        // Act: one customer, or two (an exchange's pair), to another eligible option (or none), then the heads refreshed
        const moved: { customer: number; from: number }[] = [];
        for (let m = 0; m <= step % 2; m++) {
          const i = customers[Math.floor(random() * customers.length)];
          const to = Math.floor(random() * (K + 1)) - 1;
          if (to === choice[i] || (to >= 0 && Number.isNaN(value[i * K + to]))) continue;
          moved.push({ customer: i, from: choice[i] });
          choice[i] = to;
        }
        refreshHeads(relax, choice, customers, heads, moved);

        // Assess
        const afresh = createHeads(kinds);
        findHeads(relax, choice, customers, afresh);
        expect(snapshot(heads), `seed ${seed} step ${step}`).toEqual(snapshot(afresh));
      }
    }
  });
});
