import { coefficientGrid, type Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import { keepsRows, scoreMoved } from '../scored-plan.ts';
import { solveFrontier, type FrontierItem } from './knapsack-frontier.ts';
import { kindRowChanges, PRICE_DIGITS } from './move-kinds.ts';
import type { MoveMipResult } from './move-mip.ts';
import { leastLoss, type MoveLists } from './moves.ts';
import { realizeMoves } from './realize-moves.ts';

/** Most partial plans a frontier of the knapsack keeps before the moves' MIP answers instead. */
const MAX_FRONTIER = 50_000;
/** Most partial plans the knapsack weighs in all before the moves' MIP answers instead. */
const MAX_WORK = 2_000_000;

/**
 * The moves' MIP (see `solveMoveMip`) solved exactly without HiGHS when at most two rows can
 * bind: a row the listed moves can push past its room only by more than the plans within the
 * lists' limit make (each kind at most `most` moves) is not one. The binding rows, on their
 * coefficients' grid, are a multiple-choice knapsack over the kinds (m moves of a kind are
 * worth m times its price less its m least losses), which {@link solveFrontier} solves; kinds
 * alike on those rows merge. Its plan is the best of the model, checked against every row
 * once realized; `floor` is the best plan's objective (nothing below it is kept). Undefined
 * when more rows bind, a row has no grid, the frontier grows too large or the realized plan
 * breaks a row (it lost more than the limit): the MIP answers then.
 */
export function solveMoveKnapsack(
  relax: Relaxation,
  ranking: Ranking,
  lists: MoveLists,
  floor: number,
): MoveMipResult | undefined {
  const rows = bindingRows(relax, ranking, lists);
  if (!rows) return undefined;
  const grids = rows.map((row) => coefficientGrid(Array.from(row.change).filter((a) => a !== 0)) ?? 1);
  if (rows.some((row, q) => row.change.some((a) => Math.abs(a / grids[q] - Math.round(a / grids[q])) > 1e-6)))
    return undefined;
  const cap = rows.map((row, q) => Math.floor(row.room / grids[q] + 1e-6));
  const groups = groupKinds(lists, (j) => rows.map((row, q) => Math.round(row.change[j] / grids[q])));
  const answer = solveFrontier(
    groups.map((group) => group.item),
    cap,
    floor - ranking.objective,
    MAX_FRONTIER,
    MAX_WORK,
  );
  if (answer === undefined) return undefined;
  if (answer === null) return { optimal: true, moves: undefined, bound: floor };
  const moves = new Float64Array(lists.count);
  groups.forEach((group, g) => {
    for (let q = 0; q < answer.counts[g]; q++) moves[group.kindOfMove[q]]++;
  });
  const realized = realizeMoves(ranking, lists, moves);
  if (!realized || !keepsRows(relax, scoreMoved(relax, ranking, realized.choice, realized.moved).usage))
    return undefined;
  return { optimal: true, moves, bound: ranking.objective + answer.value };
}

export interface BindingRow {
  /** The row's index in the relaxation. */
  row: number;
  /** Room left by the ranked best choices, as `Σ change · moves ≤ room`. */
  room: number;
  /** Per kind, a move's change of the row (signed so that the row bounds it from above). */
  change: Float64Array;
}

/** Whether {@link solveMoveKnapsack} may answer: at most two rows can bind (its other refusals come later). */
export function knapsackMayAnswer(relax: Relaxation, ranking: Ranking, lists: MoveLists): boolean {
  return bindingRows(relax, ranking, lists) !== undefined;
}

/**
 * The rows the plans within the lists' limit can break, or undefined when more than `most` can
 * (two: what the knapsack takes).
 */
export function bindingRows(relax: Relaxation, ranking: Ranking, lists: MoveLists, most = 2): BindingRow[] | undefined {
  const { R, sign, limit } = relax;
  const change = kindRowChanges(relax, lists);
  const rows: BindingRow[] = [];
  for (let r = 0; r < R; r++) {
    if (lists.loose[r]) continue;
    const room = sign[r] * (limit[r] - ranking.usage[r]);
    let rise = 0;
    for (let j = 0; j < lists.count; j++) rise += Math.max(0, change[r][j]) * lists.most[j];
    if (rise <= room) continue;
    if (rows.length === most) return undefined;
    rows.push({ row: r, room, change: change[r] });
  }
  return rows;
}

interface KindGroup {
  item: FrontierItem;
  /** The kind of each of the group's moves, least loss first. */
  kindOfMove: Int32Array;
}

/** Kinds with the same weights and price as one item: its m least losses are the least of its kinds'. */
function groupKinds(lists: MoveLists, weightOf: (j: number) => number[]): KindGroup[] {
  const members = new Map<string, { weight: number[]; price: number; kinds: number[] }>();
  for (let j = 0; j < lists.count; j++) {
    const weight = weightOf(j);
    const key = `${weight.join(' ')} ${lists.kindPrice[j].toPrecision(PRICE_DIGITS)}`;
    const known = members.get(key);
    if (known) {
      known.kinds.push(j);
      known.price = Math.max(known.price, lists.kindPrice[j]);
    } else members.set(key, { weight, price: lists.kindPrice[j], kinds: [j] });
  }
  return [...members.values()].map(({ weight, price, kinds }) => {
    const moves: [loss: number, kind: number][] = [];
    for (const j of kinds) for (let m = 0; m < lists.most[j]; m++) moves.push([leastLoss(lists, j, m), j]);
    moves.sort((a, b) => a[0] - b[0]);
    const worth = new Float64Array(moves.length + 1);
    for (let m = 1; m <= moves.length; m++) worth[m] = worth[m - 1] + price - moves[m - 1][0];
    return { item: { weight, worth }, kindOfMove: Int32Array.from(moves, ([, j]) => j) };
  });
}
