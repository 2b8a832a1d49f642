import type { Highs } from 'highs';
import { createHighsModel, rowBounds, setLinkingBounds, SparseColumns } from '../../highs-model.ts';
import type { Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import { keepsRows } from '../scored-plan.ts';
import { branchAndBound } from './move-branch.ts';
import { HEURISTICS, NO_HEURISTICS, type MoveMipOptions } from './move-mip-options.ts';
import { eachRowChange } from './move-kinds.ts';
import { opposedKinds } from './move-pairs.ts';
import { leastLoss, type MoveLists } from './moves.ts';

/** Moves of a kind whose loss curve is exact at each count; past them, at counts whose gaps double. */
const EXACT_MOVES = 12;
/** Losses below this are taken as 0 (under the loss, so the bound stays valid; HiGHS warns of tinier costs). */
const TINY_LOSS = 1e-9;

export interface MoveMipResult {
  /** HiGHS proved its plan optimal within the gap asked for. */
  optimal: boolean;
  /** HiGHS stopped at a plan worth at least `target`, short of its proof. */
  reachedTarget?: boolean;
  /** Moves per kind of HiGHS's best plan of the model (undefined without one). */
  moves: Float64Array | undefined;
  /** No plan is worth more than this (the ranked best choices' objective included; +Infinity when unknown). */
  bound: number;
}

/**
 * The plans made of the ranked best choices and moves of `lists` (see `MoveLists`) as a small
 * MIP: per kind an integer number of moves m_j, the linking rows on the moves' change of use,
 * and the loss of the m_j moves as a convex piecewise-linear curve under the sum of its least
 * losses (`lossEnvelope`). The model never understates a plan's worth: a move may serve two
 * kinds and the curve lies under the true loss, so its bound holds for every plan of the lists
 * that loses at most their limit in all (a kind's count is capped where its least losses
 * together pass it: HiGHS's nodes cost far less on small integer ranges). Its integer counts
 * are where the LP's fractions of customers meet the rows' granularity (a budget on a
 * half-dollar grid, a capped cheap channel): HiGHS's cuts and branching close what the
 * Lagrangian bound leaves open there.
 */
export function solveMoveMip(
  highs: Highs,
  relax: Relaxation,
  ranking: Ranking,
  lists: MoveLists,
  options: MoveMipOptions,
): MoveMipResult {
  // No move listed: the ranked best choices are the only plan (HiGHS refuses a model without columns).
  if (lists.count === 0)
    return keepsRows(relax, ranking.usage)
      ? { optimal: true, moves: new Float64Array(0), bound: ranking.objective }
      : { optimal: true, moves: undefined, bound: -Infinity };
  const { R, sign, limit } = relax;
  const columns = new SparseColumns();
  // A kind and the kind that undoes it share one count, their net moves (see `opposedKinds`).
  const partner = opposedKinds(relax, lists);
  const moveColumn = new Int32Array(lists.count);
  // Per kind, its blocks' columns and widths.
  const blockColumns: [number, number][][] = Array.from({ length: lists.count }, () => []);
  // A plan within the lists' loss limit makes at most `most[j]` moves of a kind; a start may make more.
  const size = (j: number) => Math.max(lists.most[j], options.start?.[j] ?? 0);
  for (let j = 0; j < lists.count; j++) {
    const undo = partner[j];
    if (undo >= 0 && undo < j) continue;
    eachRowChange(relax, lists.kindClass[j], lists.kindFrom[j], lists.kindTo[j], (r, change) => {
      if (!lists.loose[r]) columns.entry(r, change);
    });
    columns.entry(R + j, -1);
    // A move's worth at λ is its change of penalty less its loss: the loss goes on the blocks.
    moveColumn[j] = columns.close(lists.kindPrice[j], undo < 0 ? 0 : -size(undo), size(j));
    addBlocks(columns, lists, j, size(j), R + j, 1, 0, blockColumns[j]);
    if (undo < 0) continue;
    moveColumn[undo] = moveColumn[j];
    // The undoing moves are the count's negative part; their blocks carry what their price adds to its opposite.
    const extra = lists.kindPrice[undo] + lists.kindPrice[j];
    addBlocks(columns, lists, undo, size(undo), R + j, -1, extra, blockColumns[undo]);
  }
  const bounds = rowBounds(R + lists.count, 0, 0);
  setLinkingBounds(
    bounds,
    sign,
    Float64Array.from(limit, (x, r) => x - ranking.usage[r]),
    0,
  );
  const integer = new Uint8Array(columns.count);
  for (const at of moveColumn) integer[at] = 1;
  const spec = { sense: 'maximize' as const, columns, ...bounds, integer };
  const start = options.start && startColumns(options.start, moveColumn, partner, blockColumns, columns.count);
  let seconds = options.timeLimitSeconds;
  if (options.branchNodes !== undefined && start) {
    const value = start.reduce((sum, x, at) => sum + x * columns.cost[at], 0);
    const branched = branchAndBound(highs, spec, {
      integer: Int32Array.from(new Set(moveColumn)),
      start: { x: start, value },
      absoluteGap: Math.max(1e-9, options.absoluteGap),
      maxNodes: options.branchNodes,
      timeLimitSeconds: options.timeLimitSeconds,
    });
    const moves = branched.x && movesOf(branched.x, moveColumn, partner);
    if (branched.done) return { optimal: true, moves, bound: ranking.objective + branched.bound };
    seconds -= branched.seconds;
  }
  const model = createHighsModel(highs, spec);
  try {
    model.options.set({
      output_flag: false,
      presolve: 'off',
      mip_rel_gap: 0,
      mip_abs_gap: Math.max(1e-9, options.absoluteGap),
      time_limit: Math.max(0.05, seconds),
      ...(options.maxNodes === undefined ? {} : { mip_max_nodes: options.maxNodes }),
      ...(options.target === undefined ? {} : { objective_target: options.target - ranking.objective }),
      // The start is the run's best plan: on a short run HiGHS's own search for plans costs more
      // than it finds; on a long one its heuristics' plans steer its tree off the slow paths.
      ...(options.heuristics ? HEURISTICS : options.start ? NO_HEURISTICS : {}),
    });
    if (start) model.setSolution({ colValue: start });
    model.run();
    const statuses = highs.constants.modelStatus;
    const status = model.getModelStatus();
    if (status === statuses.infeasible) return { optimal: true, moves: undefined, bound: -Infinity };
    const hasPlan = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const x = hasPlan ? model.getSolution().colValue : undefined;
    const reported = Number(model.info.get('mip_dual_bound'));
    return {
      optimal: status === statuses.optimal,
      reachedTarget: status === statuses.objectiveTarget,
      moves: x ? movesOf(x, moveColumn, partner) : undefined,
      bound: Number.isFinite(reported) ? ranking.objective + reported : Infinity,
    };
  } finally {
    model.dispose();
  }
}

/** The model's proven bound alone, no plan wanted (a relaxation's, see `boundKeepingOneRow`); +Infinity when unknown. */
export function boundMoveModel(
  highs: Highs,
  relax: Relaxation,
  ranking: Ranking,
  lists: MoveLists,
  timeLimitSeconds: number,
): number {
  return solveMoveMip(highs, relax, ranking, lists, { timeLimitSeconds, absoluteGap: 0 }).bound;
}

/** A plan's moves per kind as the model's columns: each kind's blocks filled least loss first, a pair's count their difference. */
function startColumns(
  moves: Float64Array,
  moveColumn: Int32Array,
  partner: Int32Array,
  blockColumns: [number, number][][],
  width: number,
): Float64Array {
  const x = new Float64Array(width);
  for (let j = 0; j < moves.length; j++) {
    x[moveColumn[j]] += partner[j] >= 0 && partner[j] < j ? -moves[j] : moves[j];
    let left = moves[j];
    for (const [at, size] of blockColumns[j]) {
      x[at] = Math.min(left, size);
      left -= x[at];
    }
  }
  return x;
}

/** Moves per kind from the model's columns: a pair's net count as moves of the one kind it is positive for. */
function movesOf(x: ArrayLike<number>, moveColumn: Int32Array, partner: Int32Array): Float64Array {
  return Float64Array.from(moveColumn, (at, j) => {
    const net = Math.round(x[at]);
    return partner[j] >= 0 && partner[j] < j ? Math.max(0, -net) : Math.max(0, net);
  });
}

/**
 * Kind j's loss blocks for up to `size` moves (see {@link lossEnvelope}), each in `row` with
 * `sign`, its cost `extra` less its slope.
 */
function addBlocks(
  columns: SparseColumns,
  lists: MoveLists,
  j: number,
  size: number,
  row: number,
  sign: number,
  extra: number,
  blocks: [number, number][],
): void {
  for (const [width, slope] of lossEnvelope(lists, j, size)) {
    columns.entry(row, sign);
    blocks.push([columns.close(extra - (slope < TINY_LOSS ? 0 : slope), 0, width), width]);
  }
}

/**
 * Kind j's loss for m of its first `size` moves as segments [width, slope], filled in order: the
 * upper envelope of the tangents to F(m) = the sum of the m least losses at m = 0, 1, …,
 * {@link EXACT_MOVES}, then at counts whose gaps double. F is convex (losses least first), so
 * each tangent lies under it everywhere and the envelope meets F at every tangent point; steps
 * of the curve (blocks costed at their least loss) would fall further below F with each block.
 */
export function lossEnvelope(lists: MoveLists, j: number, size: number): [width: number, slope: number][] {
  const points: number[] = [];
  for (let at = 0, width = 1; at < size; at += width) {
    if (at >= EXACT_MOVES) width = Math.min(2 * width, size - at);
    points.push(at);
  }
  const segments: [number, number][] = [];
  // The current tangent: through (t, F(t)) with slope `slope`; the envelope takes it up at `from`.
  let from = 0;
  let t = 0;
  let lossAtT = 0;
  let slope = size > 0 ? leastLoss(lists, j, 0) : 0;
  let loss = 0;
  // The last tangent runs on to `size`: the losses past it are not summed (nor ordered).
  for (let k = 0; k + 1 < points.length; k++) {
    const next = points[k + 1];
    for (let q = points[k]; q < next; q++) loss += leastLoss(lists, j, q);
    const nextSlope = leastLoss(lists, j, next);
    // Equal slopes: every loss between is the same, so the next tangent is this one.
    if (nextSlope <= slope) continue;
    // Where this tangent meets the next one: between t and next, F being convex.
    const meet = t + (loss - lossAtT - (next - t) * nextSlope) / (slope - nextSlope);
    const at = Math.min(next, Math.max(from, meet));
    if (at > from) segments.push([at - from, slope]);
    from = at;
    t = next;
    lossAtT = loss;
    slope = nextSlope;
  }
  if (size > from) segments.push([size - from, slope]);
  return segments;
}
