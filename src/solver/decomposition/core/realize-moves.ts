import type { Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import { leastLoss, type MoveLists } from './moves.ts';

/** A plan of moves off the ranked best choices, and the customers it moved (to score it by them, see `scoreMoved`). */
export interface RealizedMoves {
  choice: Int16Array;
  moved: Int32Array;
}

/**
 * The plan that makes `moves[j]` of kind j's cheapest moves (ties by customer), a customer at
 * most once (one already moved is passed over for the kind's next): undefined when a kind
 * runs out. Kinds that share customers (one customer's moves to two actions) are taken by
 * index, then, when one runs out, the kinds that can spare the fewest moves first: a kind that
 * needs every customer it lists goes before a kind that would take one of them. With the plan,
 * the customers it moved.
 */
export function realizeMoves(ranking: Ranking, lists: MoveLists, moves: ArrayLike<number>): RealizedMoves | undefined {
  return realizeInOrder(ranking, lists, moves) ?? realizeInOrder(ranking, lists, moves, scarceFirst(lists, moves));
}

/** Kinds by the moves they list beyond those wanted, fewest first (ties by index). */
function scarceFirst(lists: MoveLists, moves: ArrayLike<number>): Int32Array {
  const spare = (j: number) => lists.size[j] - Math.round(moves[j]);
  return Int32Array.from({ length: lists.count }, (_, j) => j).sort((a, b) => spare(a) - spare(b) || a - b);
}

/** {@link realizeMoves} with the kinds taken in `order` (default: by index). */
function realizeInOrder(
  ranking: Ranking,
  lists: MoveLists,
  moves: ArrayLike<number>,
  order?: Int32Array,
): RealizedMoves | undefined {
  const choice = Int16Array.from(ranking.best);
  const moved = new Set<number>();
  for (let k = 0; k < lists.count; k++) {
    const j = order ? order[k] : k;
    const wanted = Math.round(moves[j]);
    if (wanted <= 0) continue;
    const taken = cheapestUnmoved(lists, j, wanted, moved);
    if (!taken) return undefined;
    for (const i of taken) {
      moved.add(i);
      choice[i] = lists.kindTo[j];
    }
  }
  return { choice, moved: Int32Array.from(moved) };
}

/**
 * The customers of kind j's `wanted` cheapest moves (ties by customer) among those not in
 * `moved`, or undefined when it has fewer. The moves at or below the loss of rank wanted − 1 are
 * looked at first, and those of a later rank while moved customers leave too few: the lists
 * hold every move at or below a loss once it is read (see `leastLoss`).
 */
function cheapestUnmoved(lists: MoveLists, j: number, wanted: number, moved: Set<number>): number[] | undefined {
  const size = lists.size[j];
  for (let rank = wanted - 1; rank < size;) {
    const cut = leastLoss(lists, j, rank);
    const candidates: number[] = [];
    for (let at = lists.start[j]; at < lists.start[j + 1]; at++) if (lists.loss[at] <= cut) candidates.push(at);
    candidates.sort((a, b) => lists.loss[a] - lists.loss[b] || lists.customer[a] - lists.customer[b]);
    const taken: number[] = [];
    for (let q = 0; q < candidates.length && taken.length < wanted; q++) {
      const i = lists.customer[candidates[q]];
      if (!moved.has(i)) taken.push(i);
    }
    if (taken.length === wanted) return taken;
    // Each moved customer passed over above leaves room for one more rank.
    rank = rank === size - 1 ? size : Math.min(size - 1, rank + wanted - taken.length);
  }
  return undefined;
}

/**
 * How many moves of each kind `choice` makes off the ranked best; undefined when one of them
 * is not listed (it loses more than the lists' limit) or a kind would need more than it lists.
 */
export function countMoves(
  relax: Relaxation,
  ranking: Ranking,
  lists: MoveLists,
  choice: Int16Array,
): Float64Array | undefined {
  const options = relax.K + 1;
  const moves = new Float64Array(lists.count);
  for (let i = 0; i < relax.n; i++) {
    if (choice[i] === ranking.best[i]) continue;
    const j = lists.kindOfSlot[(relax.classOf[i] * options + ranking.best[i] + 1) * options + choice[i] + 1];
    if (j < 0 || ++moves[j] > lists.size[j]) return undefined;
  }
  return moves;
}
