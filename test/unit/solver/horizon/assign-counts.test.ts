import { describe, expect, it } from 'vitest';
import { assignCounts, countChoices } from '../../../../src/solver/horizon/assign-counts.ts';
import { listCandidates, type Candidates } from '../../../../src/solver/horizon/candidates.ts';
import { countsValue } from '../../../../src/solver/horizon/count-model.ts';
import { buildHorizonModel, scoreHorizonPlan, type HorizonModel } from '../../../../src/solver/horizon/index.ts';
import { priceTypes } from '../../../../src/solver/horizon/pricing.ts';
import { expectClose } from '../../../support/expect-close.ts';
import { randomHorizonInstance } from '../../../support/horizon-instance.ts';
import { rng } from '../../../support/random-instance.ts';

/** Every option of every type, whatever the weights: the widest candidate set. */
function everyOption(seed: number): { model: HorizonModel; candidates: Candidates } {
  const instance = randomHorizonInstance(seed, 20, 3, 3);
  const policy = { ...instance.policy, weeks: 3 };
  const model = buildHorizonModel(instance.predictions, instance.catalog, policy, instance.history);
  const pricing = priceTypes(model, new Float64Array(model.relax.R));
  return { model, candidates: listCandidates(model, pricing, 1e9, 4096) };
}

/** Random counts per type summing to the type's size. */
function randomCounts(model: HorizonModel, candidates: Candidates, seed: number): Int32Array[] {
  const random = rng(seed);
  return candidates.types.map((options) => {
    const counts = new Int32Array(options.options.length);
    for (let c = 0; c < model.types[options.type].customers.length; c++) counts[Math.floor(random() * counts.length)]++;
    return counts;
  });
}

describe('plans from counts of sequences', () => {
  it.each(Array.from({ length: 8 }, (_, s) => 4300 + s))(
    'seed %i: the heaviest customers take the least risk, and the plan is worth what the count model says',
    (seed) => {
      // Prepare
      const { model, candidates } = everyOption(seed);
      const counts = randomCounts(model, candidates, seed);

      // Act
      const choices = assignCounts(model, candidates, counts);

      // Assess: the same counts back, the model's value, and no reshuffle of the same sequences does better
      expect(countChoices(model, candidates, choices)).toEqual(counts);
      const scored = scoreHorizonPlan(model, choices)!;
      expectClose(scored.objective, countsValue(model, candidates, counts), { relative: 1e-12 }, 'value of the counts');
      const random = rng(seed + 1);
      const { n, weeks: W } = model;
      for (const type of model.types) {
        const members = Array.from(type.customers);
        const shuffled = [...members].sort(() => random() - 0.5);
        const reshuffled = Int16Array.from(choices);
        members.forEach((i, at) => {
          for (let t = 0; t < W; t++) reshuffled[t * n + shuffled[at]] = choices[t * n + i];
        });
        expect(scoreHorizonPlan(model, reshuffled)!.objective).toBeLessThanOrEqual(scored.objective + 1e-9);
      }
    },
  );
});
