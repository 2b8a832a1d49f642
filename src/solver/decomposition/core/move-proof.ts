import type { Highs } from 'highs';
import { OPTIMAL_GAP } from '../../outcome.ts';
import type { Ranking } from '../ranking.ts';
import { DecompositionRun } from '../run.ts';
import { scoreMoved, type ScoredChoice } from '../scored-plan.ts';
import { knapsackMayAnswer, solveMoveKnapsack } from './move-knapsack.ts';
import { solveMoveMip, type MoveMipResult } from './move-mip.ts';
import { improveMoveCounts } from './move-local-search.ts';
import { boundKeepingOneRow } from './one-row-bound.ts';
import { listMoves, type MoveLists } from './moves.ts';
import { countMoves, realizeMoves } from './realize-moves.ts';

/**
 * A caller's `settled` test as two thresholds (a marginal value's check): it passes for a plan
 * of at least `objective` with a bound of at most `bound`. Only the moves' first lists use it.
 */
export interface SettledAt {
  objective: number;
  bound: number;
}

/** Share of the optimality gap HiGHS may leave open on the moves' MIP; the rest is the fixing's. */
const MOVE_GAP_SHARE = 0.5;
/** A proof missed by at most this many times the optimality gap gets a last MIP run with no gap. */
const NEAR_MISS = 2;
/** Largest moves' MIP (kinds) tried: past it HiGHS's own time checks come too seldom to trust its limit. */
export const MAX_MOVE_KINDS = 4_000;
/**
 * Most moves listed for one MIP when the caller sets no cap: the lists hold 20 bytes a move
 * (customer, loss and its sorted copy), so their memory stays bounded whatever the week's size.
 * A week past it keeps its best plan and the gap.
 */
export const MAX_LISTED_MOVES = 1 << 25;
/**
 * The first MIP takes the moves that lose at most this share of UB − LB: a small model that
 * usually holds the best plan, after which UB − LB is within its limit and its bound proves.
 * It starts from the best plan only when that plan's moves are all listed.
 */
const FIRST_LIMIT_SHARE = 0.25;
/**
 * HiGHS's runs without its primal heuristics stop after this much work, counted as nodes times
 * kinds (a node's LPs grow with the kinds), not seconds: which run proves must not turn on the load.
 * The first run gets the quick share before the knapsack, then the plain share (see `solveMoves`).
 */
const QUICK_MIP_WORK = 16_000;
const PLAIN_MIP_WORK = 64_000;
/** Fewest nodes a run without heuristics gets, however many kinds: the root and a few branches. */
const MIN_MIP_NODES = 20;
/** Most nodes of the first run's branch-and-bound over HiGHS's LP, before HiGHS's MIP takes over. */
const BRANCH_NODES = 100;
/**
 * Kinds from which the first run of HiGHS's MIP has its primal heuristics on: over hundreds of
 * kinds its tree without them can spend the whole work budget finding no plan better than the
 * start, where with them its root finds the best plan and proves it.
 */
const HEURISTIC_QUICK_KINDS = 100;
/**
 * Kinds from which the bound keeping the first row alone is tried before HiGHS's MIP: below,
 * the MIP's root is as cheap as that bound's own MIP, and it finds plans too.
 */
const ROW_FIRST_KINDS = 100;

/**
 * The proof when the exact core stays too large to solve (the LP splits customers between
 * actions and the rows' granularity, not the plan, leaves the gap). At the ranking's λ a plan
 * that moves a customer losing more than `limit` is worth less than L(λ) − limit, so every plan
 * worth more is the ranked best choices plus moves of `listMoves(limit)`, which the moves' MIP
 * (`solveMoveMip`, or `solveMoveKnapsack` when at most two rows bind) bounds and searches; its
 * best plan is offered to the run. A first MIP on
 * about a quarter of UB − LB finds the better plans cheaply; when they leave UB − LB beyond its
 * limit, a second one takes every move the new gap allows. Returns the proven bound (at least
 * the best plan's objective), or undefined when the first lists pass `maxMoves` moves or
 * `maxKinds` kinds, or the deadline passes while they are counted (nothing was tried).
 */
export function proveByMoves(
  highs: Highs,
  run: DecompositionRun,
  ranking: Ranking,
  upper: number,
  {
    maxMoves = MAX_LISTED_MOVES,
    maxKinds = MAX_MOVE_KINDS,
    settledAt,
  }: { maxMoves?: number; maxKinds?: number; settledAt?: SettledAt } = {},
): number | undefined {
  const { relax } = run;
  const slack = 1e-9 * Math.max(1, Math.abs(upper));
  const first = run.incumbent;
  let limit = first ? firstLimit(upper, first.objective, slack, settledAt) : 0;
  // Where UB already settles the bound, a plan worth the settling objective is all a check needs.
  const stop = settledAt && upper <= settledAt.bound ? { target: settledAt.objective, upper } : undefined;
  // The bound the last lists proved: it holds when the next lists cannot be made.
  let held = upper;
  for (let tried = false; ; tried = true) {
    const known = run.incumbent;
    if (!known) return upper;
    const lists = listMoves(relax, ranking, limit + slack, maxMoves, run.past);
    if (!lists || lists.count > (tried ? MAX_MOVE_KINDS : maxKinds)) return tried ? held : undefined;
    const offer = offerOnce(run, ranking, lists);
    const result = solveMoves(highs, run, ranking, lists, offer, known, MOVE_GAP_SHARE, stop);
    if (result.moves) offer(result.moves);
    let best = run.incumbent?.objective ?? known.objective;
    // A plan with a move past the limit is worth less than L − limit: the bound covers every plan.
    let bound = Math.max(best, Math.min(upper, Math.max(result.bound, upper - limit)));
    if (upper - best <= limit && result.optimal && nearMiss(run, best, bound)) {
      // The gap HiGHS may leave and what the realized plan loses against the model's together
      // miss the proof by little: once more with no gap, from the best plan, when time is left.
      const exact = solveMoves(highs, run, ranking, lists, offer, run.incumbent ?? known, 0);
      if (exact.moves) offer(exact.moves);
      best = run.incumbent?.objective ?? best;
      bound = Math.max(best, Math.min(bound, Math.max(exact.bound, upper - limit)));
    }
    const proven = upper - best <= limit || DecompositionRun.closes(best, bound) || run.settles(bound);
    if (proven || run.remaining() <= 0) return bound;
    held = bound;
    limit = upper - best;
  }
}

/**
 * The first lists' loss limit: {@link FIRST_LIMIT_SHARE} of UB − LB. For a caller settled by a
 * plan of at least `settledAt.objective` and a bound of at most `settledAt.bound` (a marginal
 * value's check, whose start plan lies far below UB): where UB is above that bound, exactly
 * UB − that bound, the least limit whose MIP's bound can settle it (a smaller MIP than a
 * quarter of the gap makes); where UB already settles it, the quarter, at most UB − that
 * objective (which holds every plan that settles it): one MIP where the quarter would take two,
 * or none fitting the moves' cap.
 */
function firstLimit(upper: number, best: number, slack: number, settledAt?: SettledAt): number {
  const quarter = FIRST_LIMIT_SHARE * (upper - best);
  if (!settledAt) return quarter;
  // Where UB does not yet settle the bound, the least limit whose MIP bound can settle it.
  const bounding = upper - settledAt.bound + slack;
  const aimed =
    bounding > slack ? bounding : Math.max(bounding, Math.min(quarter, upper - settledAt.objective + slack));
  return aimed > 0 ? aimed : quarter;
}

/**
 * Offers the plan of whole numbers of moves per kind to the run, but not the plan last offered
 * again (the same whole numbers give the same plan, which the run already holds or refused): a
 * run of HiGHS that finds nothing better answers with the moves it started from.
 */
function offerOnce(run: DecompositionRun, ranking: Ranking, lists: MoveLists): (moves: ArrayLike<number>) => void {
  let last: Int32Array | undefined;
  return (moves) => {
    const counts = Int32Array.from({ length: lists.count }, (_, j) => Math.round(moves[j]));
    if (last?.every((count, j) => count === counts[j])) return;
    last = counts;
    const realized = realizeMoves(ranking, lists, moves);
    if (realized) run.offer(scoreMoved(run.relax, ranking, realized.choice, realized.moved));
  };
}

/** Whether `bound` misses proving `best` by at most {@link NEAR_MISS} times the optimality gap, with time left. */
function nearMiss(run: DecompositionRun, best: number, bound: number): boolean {
  const allowed = OPTIMAL_GAP * Math.max(1, Math.abs(best));
  return bound - best > allowed && bound - best <= NEAR_MISS * allowed && run.remaining() > 0 && !run.settles(bound);
}

/**
 * The moves' model solved: in a plain solve on lists of {@link ROW_FIRST_KINDS} kinds or more, the
 * bound from its first row kept alone (see `boundKeepingOneRow`: a MIP of a few merged kinds,
 * which proves a best plan that is already optimal); then, where no target stops it, a
 * branch-and-bound over HiGHS's LP for {@link BRANCH_NODES} nodes (`branchAndBound`: in a fresh
 * process HiGHS's MIP runs its root cuts cold), and HiGHS's MIP for a few nodes when that does not
 * settle it (it closes most such models at the root, but its root over hundreds of kinds can cost
 * more than the rest of the solve); when that does not prove, the exact knapsack where at most two
 * rows bind (`solveMoveKnapsack`, whose work grows with the rows' room and can pass a second
 * before it gives up); in a plain solve, the bound from one row kept and the others priced
 * (`boundKeepingOneRow`: where the gap is one row's grid, it proves the best plan at once); else
 * the MIP again from the best plan so far (`known` at first) for {@link PLAIN_MIP_WORK}; where
 * more rows bind, the first run has that work too. Then afresh with the time left and HiGHS's
 * primal heuristics on (on {@link HEURISTIC_QUICK_KINDS} kinds or more, the first run's too). On
 * some models its tree search without them runs far longer, by the path it happens to take; on
 * the quick ones they cost more than they find. With `stop` (a marginal value's check whose
 * settling bound UB already meets), each run stops at a plan worth its target when that plan
 * settles the check.
 */
function solveMoves(
  highs: Highs,
  run: DecompositionRun,
  ranking: Ranking,
  lists: MoveLists,
  offer: (moves: ArrayLike<number>) => void,
  known: ScoredChoice,
  gapShare: number,
  stop?: { target: number; upper: number },
): MoveMipResult {
  const { relax } = run;
  // Only the last run has no budget but the caller's deadline.
  const once = (work: number | undefined, target: number | undefined, branch = false): MoveMipResult => {
    const best = run.incumbent ?? known;
    return solveMoveMip(highs, relax, ranking, lists, {
      timeLimitSeconds: run.remaining(),
      absoluteGap: gapShare * OPTIMAL_GAP * Math.max(1, Math.abs(best.objective)),
      start: countMoves(relax, ranking, lists, best.choice),
      heuristics: work === undefined || (branch && lists.count >= HEURISTIC_QUICK_KINDS),
      ...(work === undefined ? {} : { maxNodes: Math.max(MIN_MIP_NODES, Math.ceil(work / Math.max(1, lists.count))) }),
      ...(target === undefined ? {} : { target }),
      ...(branch && target === undefined ? { branchNodes: BRANCH_NODES } : {}),
    });
  };
  // Stopped at the target, HiGHS's plan may realize worth less than the model's: short of settling, the run again in full.
  const mip = (work: number | undefined, branch = false): MoveMipResult => {
    const early = once(work, stop?.target, branch);
    if (!early.reachedTarget || !stop) return early;
    if (early.moves) offer(early.moves);
    return run.settles(Math.min(stop.upper, early.bound)) ? early : once(work, undefined);
  };
  const answers = (result: MoveMipResult) => result.reachedTarget === true || result.optimal || run.remaining() <= 0;
  // Without the knapsack to try between them, the quick and the plain run are one run: a second would start over.
  // A local search on the counts first: HiGHS's tree, which proves, then starts from its plan.
  const counts = countMoves(relax, ranking, lists, (run.incumbent ?? known).choice);
  const better = counts && improveMoveCounts(relax, ranking, lists, counts);
  if (better) offer(better);
  // The bound from rows kept one at a time, in a plain solve (a caller's test keeps its own path).
  const proves = (found: number) => DecompositionRun.closes((run.incumbent ?? known).objective, found);
  const oneRow = (rows: [number, number]) =>
    run.settled ? Infinity : boundKeepingOneRow(highs, relax, ranking, lists, () => run.remaining(), proves, rows);
  // Its first row's MIP has a few merged kinds, where HiGHS's root over many kinds costs far
  // more: first on such lists, for when the best plan is already optimal.
  const rowFirst = lists.count >= ROW_FIRST_KINDS;
  const first = rowFirst ? oneRow([0, 1]) : Infinity;
  // (−∞: no plan of the lists keeps that row, as HiGHS would find the model infeasible.)
  if (first === -Infinity || proves(first)) return { optimal: true, moves: undefined, bound: first };
  const knapsack = knapsackMayAnswer(relax, ranking, lists);
  const quick = mip(QUICK_MIP_WORK + (knapsack ? 0 : PLAIN_MIP_WORK), true);
  if (answers(quick)) return quick;
  if (quick.moves) offer(quick.moves);
  let bound = Math.min(quick.bound, first);
  const exact = knapsack ? solveMoveKnapsack(relax, ranking, lists, (run.incumbent ?? known).objective) : undefined;
  if (exact) return exact;
  // Before longer runs, the bound from every row kept in turn (the first already tried above).
  if (!run.settled) {
    // The first row's bound, with a better plan since, may prove now: the others are not asked then.
    if (!rowFirst) bound = Math.min(bound, oneRow([0, Infinity]));
    else if (!proves(first)) bound = Math.min(bound, oneRow([1, Infinity]));
    if (proves(bound)) return { ...quick, bound };
  }
  if (knapsack) {
    const plain = mip(PLAIN_MIP_WORK);
    if (answers(plain)) return plain;
    if (plain.moves) offer(plain.moves);
    bound = Math.min(bound, plain.bound);
  }
  const last = mip(undefined);
  // Each run's bound holds for the whole model: the tightest of them does.
  return { ...last, bound: Math.min(bound, last.bound) };
}
