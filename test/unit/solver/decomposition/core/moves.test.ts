import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { leastLoss, listMoves, type MoveLists } from '../../../../../src/solver/decomposition/core/moves.ts';
import { countMoves, realizeMoves } from '../../../../../src/solver/decomposition/core/realize-moves.ts';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../../src/solver/mip.ts';
import { gridGapWeek, weekOf } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { rng } from '../../../../support/random-instance.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** Every loss kind j lists, least first. */
function leastLosses(lists: MoveLists, j: number): number[] {
  return Array.from({ length: lists.size[j] }, (_, at) => leastLoss(lists, j, at));
}

/** Each kind as "from→to: its least losses". */
function kindsOf(lists: MoveLists): string[] {
  return Array.from(
    { length: lists.count },
    (_, j) => `${lists.kindFrom[j]}→${lists.kindTo[j]}: ${leastLosses(lists, j).join(',')}`,
  );
}

/** The moves within `lossLimit`, however many, as `listMoves` holds them (those a plan within the limit can reach). */
function held(...[relax, ranking, lossLimit]: Parameters<typeof listMoves>): MoveLists {
  const lists = listMoves(relax, ranking, lossLimit);
  if (!lists) throw new Error('listMoves gave no lists without a cap');
  return lists;
}

/** Every move within `lossLimit`, each kind's all held. */
function listed(...args: Parameters<typeof listMoves>): MoveLists {
  const lists = held(...args);
  lists.listAll?.();
  return lists;
}

/** A loose week's relaxation and its ranking with no price on any row: each customer's best is its most valuable action. */
function rankedUnpriced(values: number[][]) {
  const relax = buildRelaxation(weekOf(values, 100, 100));
  return { relax, ranking: rankChoices(relax, Float64Array.of(0, 0)) };
}

/** `customers` of random values for email and push (cents up to $4, drawn from `seed`), ranked with no price on any row. */
function randomWeek(customers: number, seed: number) {
  const random = rng(seed);
  return rankedUnpriced(
    Array.from({ length: customers }, () => [Math.round(random() * 400) / 100, Math.round(random() * 400) / 100]),
  );
}

/** A week of four customers best by email, with a cap of `limit` on treating customers 0 and 1. */
function capTreated(limit: number) {
  const week = weekOf(
    [
      [5, 4],
      [5, 2],
      [5, 4.5],
      [5, 1],
    ],
    100,
    100,
  );
  week.rows.push({
    ...week.rows[0],
    name: 'treated_cap',
    limit,
    actionCoef: Float64Array.of(1, 1),
    members: Uint8Array.of(1, 1, 0, 0),
  });
  return week;
}

describe('the moves off the ranked best choices', () => {
  it('list each customer once per other option within the loss limit, grouped by kind and cheapest first', () => {
    // Prepare: no price on any row, so every customer's best is its most valuable action
    const { relax, ranking } = rankedUnpriced([
      [5, 1],
      [4, 3.5],
      [1, 2],
    ]);

    // Act
    const lists = listed(relax, ranking, 3);

    // Assess: email→push loses 4 and 0.5, email→none 5 and 4, push→email 1, push→none 2
    const kinds = Array.from({ length: lists.count }, (_, j) => {
      const moves = leastLosses(lists, j);
      return `${lists.kindFrom[j]}→${lists.kindTo[j]}: ${moves.join(',')}`;
    });
    expect(Array.from(ranking.best)).toEqual([0, 0, 1]);
    expect(kinds.sort()).toEqual(['0→1: 0.5', '1→-1: 2', '1→0: 1']);
  });

  it('cap each kind at the moves whose least losses fit within the limit together', () => {
    // Prepare: four customers best on email; moving to push loses 0.5, 1, 1.5 and 4
    const { relax, ranking } = rankedUnpriced([
      [5, 4.5],
      [5, 4],
      [5, 3.5],
      [5, 1],
    ]);

    // Act
    const lists = listed(relax, ranking, 2.5);

    // Assess: three moves to push are listed (the fourth alone loses more), but the three lose 3 together
    const toPush = lists.kindTo.indexOf(1);
    expect(leastLosses(lists, toPush)).toEqual([0.5, 1, 1.5]);
    expect(lists.most[toPush]).toBe(2);
  });

  it('order each kind of hundreds of moves only as far as asked, the same least losses and caps as a full sort', () => {
    // Prepare: 2,000 customers with random values, so each kind lists hundreds of moves
    const { relax, ranking } = randomWeek(2_000, 9);

    // Act
    const lists = listed(relax, ranking, 3);

    // Assess: per kind, the losses least first and the count whose least losses fit within the limit
    expect(lists.count).toBe(4);
    for (let j = 0; j < lists.count; j++) {
      const expected = Array.from(lists.loss.subarray(lists.start[j], lists.start[j + 1])).sort((a, b) => a - b);
      expect(expected.length).toBeGreaterThan(200);
      let most = 0;
      let total = 0;
      while (most < expected.length && total + expected[most] <= 3) total += expected[most++];
      expect(lists.most[j]).toBe(most);
      expect(leastLosses(lists, j)).toEqual(expected);
    }
  });

  it("cap a kind of thousands of moves whose losses tie on the edges of the loss limit's 256ths", () => {
    // Prepare: 3,000 customers best on email; moving to push loses 0 for a third, else a multiple of 3/256
    const random = rng(11);
    const { relax, ranking } = rankedUnpriced(
      Array.from({ length: 3_000 }, () => [5, random() < 1 / 3 ? 5 : 5 - (3 / 256) * Math.floor(random() * 257)]),
    );

    // Act
    const lists = listed(relax, ranking, 3);

    // Assess: the least losses and the cap are a full sort's
    const toPush = lists.kindTo.indexOf(1);
    const expected = Array.from(lists.loss.subarray(lists.start[toPush], lists.start[toPush + 1])).sort(
      (a, b) => a - b,
    );
    expect(expected.length).toBeGreaterThan(2_000);
    let most = 0;
    let total = 0;
    while (most < expected.length && total + expected[most] <= 3) total += expected[most++];
    expect(lists.most[toPush]).toBe(most);
    expect(leastLosses(lists, toPush)).toEqual(expected);
  });

  it("order no more of a kind's near-tied losses than can fit within the limit, below its 256ths", () => {
    // Prepare: 3,000 customers best on email; moving to push loses 0.01 for most (under 3/256), more for some
    const random = rng(12);
    const { relax, ranking } = rankedUnpriced(
      Array.from({ length: 3_000 }, () => [5, random() < 0.9 ? 4.99 : 4.5 - random() * 2.5]),
    );

    // Act
    const lists = listed(relax, ranking, 3);

    // Assess: at most 3 / 0.01 + 1 losses ordered up front; the least losses and the cap are a full sort's
    const toPush = lists.kindTo.indexOf(1);
    expect(lists.sortedCount[toPush]).toBeLessThanOrEqual(301);
    const expected = Array.from(lists.loss.subarray(lists.start[toPush], lists.start[toPush + 1])).sort(
      (a, b) => a - b,
    );
    let most = 0;
    let total = 0;
    while (most < expected.length && total + expected[most] <= 3) total += expected[most++];
    expect(lists.most[toPush]).toBe(most);
    expect(leastLosses(lists, toPush)).toEqual(expected);
  });

  it('list at most maxMoves moves, each kind in customer order, and none at all past it', () => {
    // Prepare: 300 customers with random values, so each kind lists moves of many customers
    const { relax, ranking } = randomWeek(300, 4);
    const all = listed(relax, ranking, 3);
    const total = all.start[all.count];

    // Act
    const capped = listMoves(relax, ranking, 3, total);
    capped?.listAll?.();
    const past = listMoves(relax, ranking, 3, total - 1);

    // Assess: the cap at the count lists the same moves; one below it lists none
    expect(capped?.customer).toEqual(all.customer);
    expect(capped?.loss).toEqual(all.loss);
    expect(past).toBeUndefined();
    for (let j = 0; j < all.count; j++) {
      const customers = Array.from(all.customer.subarray(all.start[j], all.start[j + 1]));
      expect(customers).toEqual([...customers].sort((a, b) => a - b));
    }
  });

  it('hold only the moves a plan within the limit can reach, with the least losses, caps and plans of every move', () => {
    // Prepare: 3,000 customers with random values, most of whose moves lie within the limit
    const { relax, ranking } = randomWeek(3_000, 21);
    const all = listed(relax, ranking, 3);

    // Act
    const lists = held(relax, ranking, 3);
    const heldMoves = lists.start[lists.count];
    const most = Float64Array.from(lists.most);
    const choice = realizeMoves(ranking, lists, most)?.choice;

    // Assess: a fraction held; the same caps, least losses up to them, and plan; nothing listed again for that
    expect(heldMoves).toBeLessThan(all.start[all.count] / 4);
    expect(Array.from(lists.size)).toEqual(Array.from(all.size));
    expect(Array.from(lists.most)).toEqual(Array.from(all.most));
    for (let j = 0; j < lists.count; j++)
      for (let m = 0; m <= lists.most[j]; m++) expect(leastLoss(lists, j, m)).toBe(leastLoss(all, j, m));
    expect(lists.start[lists.count]).toBe(heldMoves);
    expect(Array.from(choice ?? [])).toEqual(Array.from(realizeMoves(ranking, all, most)?.choice ?? [0]));
  });

  it('list every move once a reader asks for a loss past the held ones, or a plan needs more of them', () => {
    // Prepare: the same week; a plan of more moves of one kind than its held ones
    const { relax, ranking } = randomWeek(3_000, 21);
    const all = listed(relax, ranking, 3);
    const asked = held(relax, ranking, 3);
    const planned = held(relax, ranking, 3);
    const j = 0;
    const moves = new Float64Array(planned.count);
    moves[j] = planned.start[j + 1] - planned.start[j] + 5;

    // Act
    const last = leastLoss(asked, j, asked.size[j] - 1);
    const choice = realizeMoves(ranking, planned, moves)?.choice;

    // Assess: both now hold every move, and answer as the full lists do
    expect(asked.start[asked.count]).toBe(all.start[all.count]);
    expect(last).toBe(leastLoss(all, j, all.size[j] - 1));
    expect(planned.listAll).toBeUndefined();
    expect(Array.from(choice ?? [])).toEqual(Array.from(realizeMoves(ranking, all, moves)?.choice ?? [0]));
    expect(Array.from(countMoves(relax, ranking, planned, choice as Int16Array) ?? [])).toEqual(Array.from(moves));
  });

  it('merge the classes whose moves change every row alike into one kind, least losses across them', () => {
    // Prepare: a cap on treating customers 0 and 1, met by their best choices, splits the week into two classes
    const week = capTreated(2);
    const relax = buildRelaxation(week);
    const ranking = rankChoices(relax, Float64Array.of(0, 0, 0));

    // Act
    const lists = listed(relax, ranking, 6);

    // Assess: email→push changes no row of the cap in either class, so one kind; email→none drops the cap's use in one class only
    const kinds = kindsOf(lists);
    expect(relax.C).toBe(2);
    expect(kinds.sort()).toEqual(['0→-1: 5,5', '0→-1: 5,5', '0→1: 0.5,1,3,4']);
    const moves = new Float64Array(lists.count);
    moves[lists.kindTo.indexOf(1)] = 2;
    const choice = realizeMoves(ranking, lists, moves)?.choice as Int16Array;
    expect(Array.from(choice)).toEqual([1, 0, 1, 0]);
    expect(Array.from(countMoves(relax, ranking, lists, choice) ?? [])).toEqual(Array.from(moves));
  });

  it('merge the classes whose moves differ only in a row no listed moves can break (issue 18)', () => {
    // Prepare: the same cap far from binding: no plan of the listed moves can reach it
    const relax = buildRelaxation(capTreated(100));
    const ranking = rankChoices(relax, Float64Array.of(0, 0, 0));

    // Act
    const lists = listed(relax, ranking, 6);

    // Assess: email→none is one kind across both classes, and the cap is left to the plans' check
    const kinds = kindsOf(lists);
    expect(relax.C).toBe(2);
    expect(kinds.sort()).toEqual(['0→-1: 5,5,5,5', '0→1: 0.5,1,3,4']);
    expect(Array.from(lists.loose)).toEqual([1, 1, 1]);
  });

  it('realize a customer once when two kinds would both take it first, and count back the moves a plan makes', () => {
    // Prepare: nobody is worth treating at these prices; customer 0 is the cheapest to move either way
    const relax = buildRelaxation(
      weekOf(
        [
          [3, 2],
          [2, 1],
          [1, 0.5],
        ],
        100,
        100,
      ),
    );
    const ranking = rankChoices(relax, Float64Array.of(5, 0));
    const lists = listed(relax, ranking, Infinity);
    const toEmail = lists.kindTo.indexOf(0);
    const toPush = lists.kindTo.indexOf(1);
    const moves = new Float64Array(lists.count);
    moves[toEmail] = 1;
    moves[toPush] = 1;

    // Act
    const choice = realizeMoves(ranking, lists, moves)?.choice;

    // Assess
    expect(Array.from(ranking.best)).toEqual([-1, -1, -1]);
    expect(Array.from(choice ?? [])).toEqual([0, 1, -1]);
    expect(Array.from(countMoves(relax, ranking, lists, choice as Int16Array) ?? [])).toEqual(Array.from(moves));
    moves[toEmail] = 4;
    expect(realizeMoves(ranking, lists, moves)).toBeUndefined();
  });

  it('realize a kind that needs every customer it lists before a kind that would take one of them (issue 18)', () => {
    // Prepare: customer 0 is email's cheapest move and push's only one within the limit
    const relax = buildRelaxation(
      weekOf(
        [
          [9.5, 2],
          [9, 0],
          [0, 0],
        ],
        100,
        100,
      ),
    );
    const ranking = rankChoices(relax, Float64Array.of(5, 0));
    const lists = listed(relax, ranking, 1);
    const moves = new Float64Array(lists.count);
    moves[lists.kindTo.indexOf(0)] = 1;
    moves[lists.kindTo.indexOf(1)] = 1;

    // Act
    const choice = realizeMoves(ranking, lists, moves)?.choice;

    // Assess: taking email's cheapest first would leave push nobody; push takes customer 0, email customer 1
    expect(kindsOf(lists)).toEqual(['-1→0: 0.5,1', '-1→1: 0.5']);
    expect(Array.from(choice ?? [])).toEqual([1, 0, -1]);
  });

  it('list every move of a catalog with more options than a customer mark tells apart, in customer order', () => {
    // Prepare: 40 actions (41 options with none) and 30 customers of random values, no price on any row
    const K = 40;
    const random = rng(4);
    const values = Array.from({ length: 30 }, () => Array.from({ length: K }, () => Math.round(random() * 800) / 100));
    const week = weekOf(values, 1e9, 1e9);
    const relax = buildRelaxation({
      ...week,
      K,
      actions: Array.from({ length: K }, (_, k) => ({ ...week.actions[k % 2], id: k + 1 })),
      rows: week.rows.map((r) => ({
        ...r,
        actionCoef: Float64Array.from({ length: K }, (_, k) => r.actionCoef[k % 2]),
      })),
    });
    const ranking = rankChoices(relax, Float64Array.of(0, 0));

    // Act
    const lists = listed(relax, ranking, 3);

    // Assess: each kind's moves are the customers, in order, whose move from their best to its option loses at most 3
    const expected = new Map<string, string[]>();
    values.forEach((row, i) => {
      const from = ranking.best[i];
      const here = from < 0 ? 0 : row[from];
      for (let to = -1; to < K; to++) {
        const lost = here - (to < 0 ? 0 : row[to]);
        if (to === from || lost > 3) continue;
        const key = `${from}→${to}`;
        expected.set(key, [...(expected.get(key) ?? []), `${i}:${Math.max(0, lost)}`]);
      }
    });
    const listedMoves = new Map<string, string[]>();
    for (let j = 0; j < lists.count; j++) {
      const moves = Array.from({ length: lists.start[j + 1] - lists.start[j] }, (_, m) => {
        const at = lists.start[j] + m;
        return `${lists.customer[at]}:${lists.loss[at]}`;
      });
      listedMoves.set(`${lists.kindFrom[j]}→${lists.kindTo[j]}`, moves);
    }
    expect(Math.max(...Array.from(lists.kindTo))).toBeGreaterThan(31);
    expect(listedMoves).toEqual(expected);
  });
});

describe('the proof by moves', () => {
  it("proves a week whose Lagrangian bound no plan reaches: the budget's half-dollar grid comes from a capped channel", async () => {
    // Prepare: $4.50 buys two $2 emails; the LP buys 2.25, as the $0.50 push that would fill the grid is capped at 0
    const problem = gridGapWeek();
    const phases = new Set<string>();

    // Act
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });
    const split = await solveDecomposition(highs, problem, {
      exactCoreLimit: 0,
      firstCoreSize: 1_000_000,
      maxCoreTypes: 0,
      onProgress: (event) => {
        phases.add(event.phase);
        if (event.phase === 'repair') expectClose(event.bound ?? 0, 19.25, { absolute: 1e-6 }, 'the Lagrangian bound');
      },
    });

    // Assess
    expect(phases.has('move-search')).toBe(true);
    expect(whole.objective).toBe(19);
    expect(split.status).toBe('optimal');
    expectClose(split.objective, 19, { absolute: 1e-9 }, 'the best plan');
    expectClose(split.bound, 19, { absolute: 1e-6 }, 'the proven bound');
  });
});
