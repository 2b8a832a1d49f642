import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { solveHorizon } from '../../../../src/solver/horizon/index.ts';
import { expectClose } from '../../../support/expect-close.ts';
import { buildHorizonModel, type HorizonModel } from '../../../../src/solver/horizon/index.ts';
import { listCandidates } from '../../../../src/solver/horizon/candidates.ts';
import { priceTypes, type Pricing } from '../../../../src/solver/horizon/pricing.ts';
import { rng } from '../../../support/random-instance.ts';
import { randomHorizonInstance } from '../../../support/horizon-instance.ts';

/** Every path of customer i's sequence graph with its reduced value at the pricing's multipliers, walked here. */
function everySequence(model: HorizonModel, pricing: Pricing, i: number): { key: string; reduced: number }[] {
  const { K, weeks: W } = model;
  const type = model.types[model.typeOf[i]];
  const graph = model.graphs[type.graph];
  const P = K + 1;
  const base = type.cls * W * P;
  const found: { key: string; reduced: number }[] = [];
  const walk = (x: number, t: number, q: number, h: number, path: number[]): void => {
    if (t === W) {
      found.push({ key: path.join(), reduced: model.weight[i] * (1 - q) - h });
      return;
    }
    for (let e = graph.edgeStart[x]; e < graph.edgeStart[x + 1]; e++) {
      const a = graph.edgeAction[e];
      const price =
        a >= 0 ? pricing.penalty[base + t * P + a] : graph.nodeRests[x] ? pricing.penalty[base + t * P + K] : 0;
      walk(graph.edgeTo[e], t + 1, q * graph.edgeFactor[e], h + price, [...path, a]);
    }
  };
  walk(0, 0, 1, 0, []);
  return found;
}

describe('the candidate sequences of the count search', () => {
  it.each(Array.from({ length: 16 }, (_, s) => 4100 + s))(
    'seed %i: hold every sequence some customer has within the slack of its best, with counts that allow it',
    (seed) => {
      // Prepare: a small instance priced at arbitrary multipliers (the property holds at any λ ≥ 0)
      const instance = randomHorizonInstance(seed, 24, 3, 3);
      const policy = { ...instance.policy, weeks: 2 + (seed % 2) };
      const model = buildHorizonModel(instance.predictions, instance.catalog, policy, instance.history);
      const random = rng(seed);
      const lambda = Float64Array.from({ length: model.relax.R }, () => (random() < 0.5 ? 0 : 3 * random()));
      const pricing = priceTypes(model, lambda);
      const slack = [0.05, 0.5, 5][seed % 3];

      // Act
      const candidates = listCandidates(model, pricing, slack, 4096);

      // Assess: each customer's sequences within the slack are options its type offers, and the
      // plan giving every customer its best sequence keeps each option's and each level's count range
      expect(candidates.complete).toBe(true);
      const bestCounts = candidates.types.map((options) => new Int32Array(options.options.length));
      for (let i = 0; i < model.n; i++) {
        const j = model.typeOf[i];
        const options = candidates.types[j];
        const index = new Map(options.options.map((option, o) => [Array.from(option.actions).join(), o]));
        const sequences = everySequence(model, pricing, i);
        const best = Math.max(...sequences.map((s) => s.reduced));
        for (const sequence of sequences.filter((s) => s.reduced >= best - slack + 1e-9))
          expect(index.has(sequence.key), `customer ${i}: sequence ${sequence.key}`).toBe(true);
        const top = sequences.find((s) => s.reduced === best)!;
        bestCounts[j][index.get(top.key)!]++;
      }
      candidates.types.forEach((options, j) => {
        options.options.forEach((_, o) => expect(bestCounts[j][o]).toBeLessThanOrEqual(options.most[o]));
        let cumulative = 0;
        options.levelQ.forEach((_, l) => {
          options.options.forEach((__, o) => (cumulative += options.level[o] === l ? bestCounts[j][o] : 0));
          expect(cumulative).toBeGreaterThanOrEqual(options.lo[l]);
          expect(cumulative).toBeLessThanOrEqual(options.hi[l]);
        });
      });
    },
  );
});

describe('the count search over the listed candidates', () => {
  it('60 customers × 4 weeks, seed 11: proves the same plan as before the listing was made faster', async () => {
    // Prepare: the bench's family with its scaled policy
    const model = buildHorizonModel(generatePredictions(60, 11), [...DEFAULT_CATALOG], {
      ...scaledPolicy(60),
      weeks: 4,
    });

    // Act
    const solved = await solveHorizon(await getHighs(), model, { timeLimitSeconds: 60, search: 'counts' });

    // Assess: the optimum the count search proved with the per-level union counts of before
    expect(solved.status).toBe('optimal');
    expectClose(solved.objective, 660.9633166054997, { relative: 1e-12 }, 'objective of the proven plan');
  });
});
