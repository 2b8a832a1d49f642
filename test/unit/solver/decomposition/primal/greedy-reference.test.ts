import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import {
  coreHolding,
  rankChoices,
  thresholdForSize,
  type Ranking,
} from '../../../../../src/solver/decomposition/ranking.ts';
import { minimizeDual } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { improveChoice, improveNear } from '../../../../../src/solver/decomposition/primal/improve.ts';
import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { createWorkspace } from '../../../../../src/solver/decomposition/evaluation.ts';
import { repairChoice } from '../../../../../src/solver/decomposition/primal/repair.ts';
import { rowSlackTolerance, scoreChoice } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem, withPolicyLimits } from '../../../../../src/solver/problem.ts';
import { tightInstance } from '../tight-instance.ts';
import { tightDual } from './tight-dual.ts';
import { coefOf, referenceImprove, usageOf } from './reference-improve.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const excess = (relax: Relaxation, usage: number[], r: number) => {
  const over = relax.sign[r] > 0 ? usage[r] - relax.limit[r] : relax.limit[r] - usage[r];
  return over > rowSlackTolerance(relax.limit[r]) ? over : 0;
};

/**
 * The repair as specified, without shortcuts: every customer's cheapest move, one full sort per
 * broken row; while the row stays broken, every customer's cheapest move the other rows allow.
 */
function referenceRepair(relax: Relaxation, ranking: Ranking): Int16Array | undefined {
  return referenceRepairInOrder(relax, ranking, false) ?? referenceRepairInOrder(relax, ranking, true);
}

function referenceRepairInOrder(relax: Relaxation, ranking: Ranking, floorsFirst: boolean): Int16Array | undefined {
  const { n, K, R, classOf, sign, limit } = relax;
  const value = relax.problem.value;
  const reduced = (i: number, k: number) => (k < 0 ? 0 : value[i * K + k] - ranking.penalty[classOf[i] * K + k]);
  const choice = Int16Array.from(ranking.best);
  const usage = usageOf(relax, choice);
  const allowed = (i: number, to: number, mending: number) => {
    for (let r = 0; r < R; r++) {
      if (floorsFirst && sign[mending] < 0 && sign[r] > 0) continue;
      const d = coefOf(relax, classOf[i], to, r) - coefOf(relax, classOf[i], choice[i], r);
      const after = usage[r] + d;
      if (
        sign[r] > 0
          ? d > 0 && after > limit[r] + rowSlackTolerance(limit[r])
          : d < 0 && after < limit[r] - rowSlackTolerance(limit[r])
      )
        return false;
    }
    return true;
  };
  // Every customer's cheapest move mending row r (`allowedOnly`: among those the other rows allow now), by key.
  const offers = (r: number, allowedOnly: boolean) => {
    const moves: { i: number; to: number; key: number }[] = [];
    for (let i = 0; i < n; i++) {
      let best: { i: number; to: number; key: number } | undefined;
      for (let to = -1; to < K; to++) {
        if (to === choice[i] || (to >= 0 && Number.isNaN(value[i * K + to]))) continue;
        const d = coefOf(relax, classOf[i], to, r) - coefOf(relax, classOf[i], choice[i], r);
        if (sign[r] > 0 ? d >= 0 : d <= 0) continue;
        const key = (reduced(i, choice[i]) - reduced(i, to)) / Math.abs(d);
        if ((!best || key < best.key) && (!allowedOnly || allowed(i, to, r))) best = { i, to, key };
      }
      if (best) moves.push(best);
    }
    return moves.sort((a, b) => a.key - b.key || a.i - b.i);
  };
  // Applies the moves in order while row r is broken and each is allowed; returns how many it made.
  const apply = (r: number, moves: { i: number; to: number }[]): number => {
    let made = 0;
    for (const { i, to } of moves) {
      if (excess(relax, usage, r) === 0) break;
      if (!allowed(i, to, r)) continue;
      for (let q = 0; q < R; q++)
        usage[q] += coefOf(relax, classOf[i], to, q) - coefOf(relax, classOf[i], choice[i], q);
      choice[i] = to;
      made++;
    }
    return made;
  };
  const mend = (r: number): boolean => {
    apply(r, offers(r, false));
    for (let pass = 0; pass < 4 && excess(relax, usage, r) > 0; pass++) if (apply(r, offers(r, true)) === 0) break;
    return excess(relax, usage, r) === 0;
  };
  for (let round = 0; round < 4; round++) {
    let stuck = false;
    for (const floors of floorsFirst ? [true, false] : [false, true])
      for (let r = 0; r < R; r++) if (sign[r] < 0 === floors && excess(relax, usage, r) > 0 && !mend(r)) stuck = true;
    if (usage.every((_, r) => excess(relax, usage, r) === 0)) return choice;
    if (!stuck && round > 0) break;
  }
  return undefined;
}

describe('the greedy heuristics against their plain specification', () => {
  it('repair makes exactly the moves of one full sort per row, at the dual optimum and off it', async () => {
    let compared = 0;
    let failed = 0;
    for (let seed = 9300; seed < 9318; seed++) {
      // Prepare
      // From 16,384 customers the repair looks at the nearest sixteenth first (1,024 at least).
      const solved = await tightDual(highs, seed, seed % 3 === 0 ? 20_000 + seed : 150 + (seed % 5) * 40);
      if (!solved) continue;
      const { relax, dual } = solved;
      for (const scale of [1, 0.9, 0.7, 1.4]) {
        const ranking = rankChoices(
          relax,
          Float64Array.from(dual.best.lambda, (x, r) => x * (r % 2 === 0 ? scale : 2 - scale)),
        );

        // Act
        const fast = repairChoice(relax, ranking);
        const plain = referenceRepair(relax, ranking);

        // Assess
        expect(fast === undefined).toBe(plain === undefined);
        if (fast && plain) expect(Array.from(fast.choice)).toEqual(Array.from(plain));
        compared++;
        if (!fast) failed++;
      }
    }
    expect(compared).toBeGreaterThan(40);
    expect(failed).toBeLessThan(compared);
  });

  it('improvement reaches the plan of the plain greedy, with or without the ranking to skip customers by', async () => {
    let moved = 0;
    let compared = 0;
    for (let seed = 9400; seed < 9430; seed++) {
      // Prepare
      const solved = await tightDual(highs, seed, 200);
      if (!solved) continue;
      const { relax, dual } = solved;
      for (const scale of [1, 0.8, 1.3]) {
        const ranking = rankChoices(
          relax,
          Float64Array.from(dual.best.lambda, (x, r) => x * (r % 2 === 0 ? scale : 2 - scale)),
        );
        const start = repairChoice(relax, ranking);
        if (!start) continue;

        // Act
        const fast = improveChoice(relax, start);
        const skipping = improveChoice(relax, start, ranking);
        const plain = referenceImprove(relax, start.choice);

        // Assess
        expect(Array.from(fast.choice)).toEqual(Array.from(plain));
        expect(Array.from(skipping.choice)).toEqual(Array.from(plain));
        moved += fast.choice.reduce((sum, k, i) => sum + (k === start.choice[i] ? 0 : 1), 0);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
    expect(moved).toBeGreaterThan(0);
  });

  /** Improves an empty plan (no floors, so it keeps every rule) of each seed's instance; returns the moves made. */
  function improveFromEmpty(seeds: number[], customers: number, ties: boolean): number {
    let moves = 0;
    for (const seed of seeds) {
      // Prepare: no floors, so that an empty plan keeps every rule and only the limits stop the moves
      const instance = tightInstance(seed, customers, 3, ties);
      const policy = { ...instance.policy, min_high_risk: 0, min_premium: 0, min_segment_coverage: 0 };
      const problem = withPolicyLimits(buildProblem(instance.predictions, instance.catalog, policy), policy);
      const relax = buildRelaxation(problem);
      const empty = scoreChoice(relax, new Int16Array(relax.n).fill(-1));

      // Act
      const fast = improveChoice(relax, empty);
      const plain = referenceImprove(relax, empty.choice);

      // Assess
      expect(Array.from(fast.choice)).toEqual(Array.from(plain));
      moves += fast.choice.reduce((sum, k) => sum + (k >= 0 ? 1 : 0), 0);
    }
    return moves;
  }

  it('improvement from an empty plan, hundreds of moves and many of one kind, reaches the plan of the plain greedy', () => {
    expect(
      improveFromEmpty([9500, 9501, 9502, 9503, 9504, 9505, 9506, 9507, 9508, 9509, 9510, 9511], 300, false),
    ).toBeGreaterThan(12 * 40);
  });

  it('improvement over hundreds of equally good moves (interchangeable customers) reaches the plan of the plain greedy', () => {
    // Each kind's equal moves are taken by customer index, as one stable sort of every move would.
    expect(improveFromEmpty([9520, 9521, 9522, 9523, 9524, 9525], 600, true)).toBeGreaterThan(6 * 100);
  });

  it('improvement among some customers reaches the plan of the plain greedy among them', async () => {
    let compared = 0;
    for (let seed = 9430; seed < 9445; seed++) {
      // Prepare
      const solved = await tightDual(highs, seed, 200);
      if (!solved) continue;
      const { relax, ranking } = solved;
      const start = repairChoice(relax, ranking);
      if (!start) continue;
      const some = Int32Array.from({ length: relax.n }, (_, i) => i).filter((i) => i % 3 !== 1);

      // Act
      const improved = improveChoice(relax, start, ranking, some);

      // Assess
      expect(Array.from(improved.choice)).toEqual(
        Array.from(referenceImprove(relax, start.choice, (i) => i % 3 !== 1)),
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(8);
  });

  it('improvement near the ranking first: among the nearest 4,096 customers (and those off their ranked best), then, unless that is enough, among all', async () => {
    let secondLooks = 0;
    let compared = 0;
    for (let seed = 9454; seed < 9457; seed++) {
      // Prepare
      const instance = tightInstance(seed, 10_000, 6);
      const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);
      // Distinct values: among 10,000 customers equal gains are common, and the greedies may break their ties differently.
      problem.value.forEach((x, j) => (problem.value[j] = x + j * 1e-9));
      const relax = buildRelaxation(problem);
      const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });
      if (dual.infeasible) continue;
      // Multipliers above the optimum: the repaired plan leaves slack for the improvement to spend.
      const ranking = rankChoices(
        relax,
        Float64Array.from(dual.best.lambda, (x) => 1.2 * x),
      );
      const start = repairChoice(relax, ranking);
      if (!start) continue;
      const near = new Set(coreHolding(ranking, thresholdForSize(ranking, 4096), start.choice));
      const nearOnly = referenceImprove(relax, start.choice, (i) => near.has(i));
      const nearObjective = scoreChoice(relax, nearOnly).objective;

      // Act
      const enough = improveNear(relax, start, ranking, (objective) => objective >= nearObjective - 1e-9);
      const more = improveNear(relax, start, ranking, () => false);

      // Assess
      expect(Array.from(enough.choice)).toEqual(Array.from(nearOnly));
      expect(Array.from(more.choice)).toEqual(Array.from(referenceImprove(relax, nearOnly)));
      if (more.objective > enough.objective) secondLooks++;
      compared++;
    }
    expect(compared).toBe(3);
    // The look among all customers found more on some instance.
    expect(secondLooks).toBeGreaterThan(0);
  });
});
