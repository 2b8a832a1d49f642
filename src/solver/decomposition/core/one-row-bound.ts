import type { Highs } from 'highs';
import { withLimits, type Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import { bindingRows, type BindingRow } from './move-knapsack.ts';
import { boundMoveModel } from './move-mip.ts';
import { leastLoss, type MoveLists } from './moves.ts';

/**
 * A bound on the plans of the listed moves (see `MoveLists`) from a Lagrangian relaxation of
 * the moves' MIP: one binding row is kept and every other row is priced at the ranking's λ.
 * A plan keeping every row is worth at most the ranked best choices' objective, plus
 * Σ_{r ≠ kept} λ_r · room_r, plus per move its change of the kept row at λ less its loss. Kinds
 * alike on the kept row merge, so a MIP of hundreds of kinds becomes one of a few: where the
 * gap is the kept row's granularity alone (a budget on a cent grid that the cheapest action
 * cannot fill), its tiny MIP proves what the full one's search does not. Rows are tried in
 * turn, the row whose smallest move is worth most at λ first (room less than one move can go
 * unused: the most that row's granularity can cost), until `proves` accepts a bound; only the
 * rows of that order in `[from, to)`. Returns the least bound found (Infinity when none, or when the ranking has
 * no λ ≥ 0).
 */
export function boundKeepingOneRow(
  highs: Highs,
  relax: Relaxation,
  ranking: Ranking,
  lists: MoveLists,
  timeLimitSeconds: () => number,
  proves: (bound: number) => boolean,
  [from, to]: [number, number] = [0, Infinity],
): number {
  const { lambda } = ranking;
  // Pricing a row's slack bounds a plan that keeps the row only where its price is not negative.
  const priced = lambda && lambda.every((x) => x >= 0);
  const rows = priced ? bindingRows(relax, ranking, lists, Infinity) : undefined;
  if (!lambda || !rows) return Infinity;
  const stepWorth = (row: BindingRow) => lambda[row.row] * smallestStep(row.change);
  const tried = rows
    .filter((row) => lambda[row.row] > 0)
    .sort((a, b) => stepWorth(b) - stepWorth(a))
    .slice(from, to);
  let best = Infinity;
  for (const row of tried) {
    if (timeLimitSeconds() <= 0) break;
    best = Math.min(best, keepingRow(highs, relax, ranking, lists, lambda, row, timeLimitSeconds()));
    if (proves(best)) break;
  }
  return best;
}

/** The bound with `kept` the one row kept (see {@link boundKeepingOneRow}). */
function keepingRow(
  highs: Highs,
  relax: Relaxation,
  ranking: Ranking,
  lists: MoveLists,
  lambda: Float64Array,
  kept: BindingRow,
  timeLimitSeconds: number,
): number {
  const { R, sign, limit } = relax;
  let priced = 0;
  for (let r = 0; r < R; r++) if (r !== kept.row) priced += lambda[r] * sign[r] * (limit[r] - ranking.usage[r]);
  // The other rows have no limit: the ranked best choices may break them.
  const unlimited = Float64Array.from(limit, (x, r) => (r === kept.row ? x : sign[r] * Infinity));
  const merged = mergeOnRow(lists, kept, lambda[kept.row]);
  return priced + boundMoveModel(highs, withLimits(relax, unlimited), ranking, merged, timeLimitSeconds);
}

/**
 * The listed moves as one kind per change of the kept row, each kind's losses the sorted union
 * of its members' (a customer may then move twice, so the model still never understates a
 * plan). Every other row is loose, so the MIP leaves it out. Its moves are not realized.
 */
function mergeOnRow(lists: MoveLists, kept: BindingRow, lambda: number): MoveLists {
  const members = new Map<number, number[]>();
  for (let j = 0; j < lists.count; j++) {
    const kinds = members.get(kept.change[j]);
    if (kinds) kinds.push(j);
    else members.set(kept.change[j], [j]);
  }
  const groups = [...members.values()];
  const start = new Int32Array(groups.length + 1);
  groups.forEach((kinds, g) => (start[g + 1] = start[g] + kinds.reduce((sum, j) => sum + lists.most[j], 0)));
  const sorted = new Float64Array(start[groups.length]);
  groups.forEach((kinds, g) => {
    let at = start[g];
    for (const j of kinds) for (let m = 0; m < lists.most[j]; m++) sorted[at++] = leastLoss(lists, j, m);
    sorted.subarray(start[g], at).sort();
  });
  const first = groups.map((kinds) => kinds[0]);
  const size = Int32Array.from(groups, (_, g) => start[g + 1] - start[g]);
  const loose = new Uint8Array(lists.loose.length).fill(1);
  loose[kept.row] = 0;
  return {
    count: groups.length,
    kindClass: Int32Array.from(first, (j) => lists.kindClass[j]),
    kindFrom: Int16Array.from(first, (j) => lists.kindFrom[j]),
    kindTo: Int16Array.from(first, (j) => lists.kindTo[j]),
    kindPrice: Float64Array.from(first, (j) => lambda * kept.change[j]),
    loose,
    kindOfSlot: new Int32Array(0),
    size: size.slice(),
    start,
    customer: new Int32Array(sorted.length),
    loss: sorted,
    sorted,
    sortedCount: size,
    most: size.slice(),
  };
}

/** The smallest nonzero |change| of a row over the kinds: its smallest move, not its grid (see `coefficientGrid`). */
function smallestStep(change: Float64Array): number {
  let step = Infinity;
  for (const c of change) if (c !== 0 && Math.abs(c) < step) step = Math.abs(c);
  return Number.isFinite(step) ? step : 0;
}
