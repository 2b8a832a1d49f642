import type { Highs } from 'highs';
import { OPTIMAL_GAP, type SolveOutcome } from '../../outcome.ts';
import { coreHolding, exactCorePart, exactGaps, selectCore, thresholdForSize, type Ranking } from '../ranking.ts';
import { DecompositionRun, PROGRESS } from '../run.ts';
import { solveCore } from './core.ts';
import { countCoreTypes, exactCoreAt } from './core-types.ts';
import { MAX_LISTED_MOVES, proveByMoves, type SettledAt } from './move-proof.ts';

export interface CoreSearchOptions {
  /** Largest core (in types of interchangeable customers) solved with the exact threshold before smaller cores are tried first (default {@link EXACT_CORE_TYPES}). */
  exactCoreLimit?: number;
  /** Size of the first heuristic core, grown {@link CORE_GROWTH}x per round (default 100). */
  firstCoreSize?: number;
  /** Largest heuristic core in customers, however they came to it (default {@link MAX_HEURISTIC_CORE}). */
  maxHeuristicCore?: number;
  /** Largest exact core (in types of interchangeable customers) the count search proves; beyond, the count branch-and-bound. */
  maxCoreTypes?: number;
  /** Most moves listed for the proof by moves in place of the larger heuristic cores (default {@link MOVES_FIRST_MAX}); a check's lists up to `MAX_LISTED_MOVES`. */
  movesFirstMax?: number;
  /**
   * The whole week's count search ran out of nodes in this solve (see `proveFewTypes`): an exact
   * core, a part of the same types, goes to HiGHS's MIP without a count search of its own.
   */
  countSearchCapped?: boolean;
  /**
   * The whole week's count search left its plan a few optimality gaps short of its LP's bound:
   * that gap is the rows' grid, which the moves' proof closes at less cost than the exact core's MIP.
   */
  movesAtOnce?: boolean;
  /** Where the caller's `settled` test passes, when it is that simple (see {@link SettledAt}). */
  settledAt?: SettledAt;
}

/** Largest exact core the count search proves, in types of interchangeable customers (see `groupCoreTypes`). */
export const MAX_CORE_TYPES = 2_000;
/** Largest exact core (in types) solved at once, before any heuristic core. */
export const EXACT_CORE_TYPES = 100;
/** Largest heuristic core. */
const MAX_HEURISTIC_CORE = 6_400;
/** Share of the optimality gap spent on the fixing threshold: plans within it count as optimal. */
const GAP_SHARE = 0.25;
/** Each heuristic core is this many times larger than the last. */
const CORE_GROWTH = 4;
/** A heuristic core gets at most this share of the time left, and at most this share of the time spent so far (at least 0.25 s). */
const HEURISTIC_TIME_SHARE = 1 / 3;
const HEURISTIC_ELAPSED_SHARE = 0.5;
/** HiGHS may stop a core within this share of the optimality gap, measured on the whole plan's objective. */
const CORE_GAP_SHARE = 0.5;
/**
 * After the first heuristic core, a proof by moves comes before the larger ones when its first
 * lists hold at most this many moves (their memory grows with them) and kinds (the moves' MIP
 * grows with them, a heuristic core does not); past either, the heuristic cores grow first.
 */
export const MOVES_FIRST_MAX = 2_000_000;
const MOVES_FIRST_KINDS = 200;

/**
 * The last phase: customers whose reduced-value gap exceeds UB − target keep their best choice
 * in every plan better than the target (exact reduced-cost fixing), and the core that remains
 * is solved exactly. While that exact core is large, heuristic cores of the customers nearest
 * to changing (100, 400, 1,600, …) are searched first: each better plan raises the target and
 * shrinks the exact core. An exact core that is not small is first tried on the moves off the
 * ranked best choices (`proveByMoves`), when their first lists are small: a count model of a
 * few hundred types can hold HiGHS's tree for minutes where the moves' MIP proves in a second.
 * One still too large to prove (the LP's integrality gap, not the plan, keeps it large) is
 * proven on the moves in any case. A first heuristic core that holds more than the largest one
 * (gaps tied at its threshold, a recovered plan's moved customers) is no quick search: the moves
 * first, and when their first lists are too long, the exact core's way with no heuristic core. In a
 * marginal value's check (a caller with a `settled` test), whose start plan lies a few moves off
 * the optimum, the moves come at once: there a heuristic core rarely betters it; so too after a
 * whole week's count search that stopped a few optimality gaps short of its bound (`movesAtOnce`),
 * however small the exact core.
 */
export async function searchCores(
  highs: Highs,
  run: DecompositionRun,
  ranking: Ranking,
  upper: number,
  options: CoreSearchOptions,
): Promise<SolveOutcome> {
  const { relax } = run;
  const exactCoreLimit = options.exactCoreLimit ?? EXACT_CORE_TYPES;
  const maxTypes = options.maxCoreTypes ?? MAX_CORE_TYPES;
  let coreSize = options.firstCoreSize ?? 100;
  const maxHeuristic = options.maxHeuristicCore ?? MAX_HEURISTIC_CORE;
  // A heuristic core that found no better plan than the one it started from: the gap is not among the nearest customers.
  let stalled = false;
  let movesFirst = true;
  let searched = 0;
  // A heuristic core past the largest one (gaps tied at its threshold, or a recovered plan's
  // thousands of moved customers): no quick search near the ranking, so the moves' proof comes first.
  let inflated = false;
  // Inflated with the moves' first lists too long: every heuristic core would be as large.
  let noQuickCore = false;
  // A check's moves come first however many moves their lists hold: a heuristic core rarely
  // settles one, and the proof it falls back to lists the moves uncapped when it does not.
  const movesFirstMax = run.settled ? MAX_LISTED_MOVES : (options.movesFirstMax ?? MOVES_FIRST_MAX);
  // `upper` stays L at the ranking's λ (the fixing's reference); a moves' proof may prove less.
  let proven = upper;
  for (;;) {
    const known = run.incumbent;
    if (known && DecompositionRun.closes(known.objective, proven)) return run.finish('optimal', proven);
    if (run.settles(proven)) return run.finish('feasible', proven);
    const target = known
      ? known.objective + GAP_SHARE * OPTIMAL_GAP * Math.max(1, Math.abs(known.objective))
      : relax.worstPlan;
    const exactThreshold = upper - target + 1e-9 * Math.max(1, Math.abs(upper));
    // Not small: after the first heuristic core, the moves' proof (which also finds better plans);
    // at once, whatever the exact core's size, after a count search that stopped near its bound.
    const movesNow = searched > 0 || inflated || run.settled !== undefined || options.movesAtOnce === true;
    const tryMoves = movesFirst && movesNow && known !== undefined && run.remaining() > 0;
    // The moves need only know the exact core is not small, which its customers of exact gaps
    // often show: the others' gaps are made exact (a pass over most customers) only when needed,
    // and not at all when the moves come at once.
    const sure =
      tryMoves &&
      (options.movesAtOnce === true ||
        countCoreTypes(relax, exactCorePart(ranking, exactThreshold), exactCoreLimit) > exactCoreLimit);
    let exact = sure ? undefined : exactCoreAt(relax, ranking, exactThreshold, exactCoreLimit, maxTypes);
    if (tryMoves && !exact?.small) {
      movesFirst = false;
      const bound = await proveMoves(highs, run, ranking, upper, {
        maxMoves: movesFirstMax,
        maxKinds: MOVES_FIRST_KINDS,
        settledAt: options.settledAt,
      });
      if (bound !== undefined) {
        // A gap still open with time left goes on to the larger cores, from the moves' better plan.
        if (answers(run, bound)) return run.finish('feasible', Math.max(bound, run.incumbent?.objective ?? bound));
        proven = Math.min(proven, bound);
        stalled &&= run.incumbent === known;
        continue;
      }
    }
    exact ??= exactCoreAt(relax, ranking, exactThreshold, exactCoreLimit, maxTypes);
    const { core: exactCore, types, small } = exact;
    const heuristic =
      !small &&
      !stalled &&
      !noQuickCore &&
      coreSize < exactCore.length &&
      coreSize <= maxHeuristic &&
      run.remaining() > 0;
    // Past the deadline, the answer is the best plan and its gap: no core model is built.
    if (!heuristic && run.past()) return known ? run.finish('feasible', proven) : noPlan(run, upper);
    // The moves start from a plan: with none found yet, the exact core is solved as it stands.
    if (!heuristic && types > maxTypes && known) {
      const bound = Math.min(
        proven,
        (await proveMoves(highs, run, ranking, upper, { settledAt: options.settledAt })) ?? upper,
      );
      const best = run.incumbent ?? known;
      if (best === known || answers(run, bound)) return run.finish('feasible', Math.max(bound, best.objective));
      // A better plan shrinks the exact core (it is cut at L − the plan): search it again.
      proven = bound;
      stalled = false;
      continue;
    }
    const threshold = heuristic ? thresholdForSize(ranking, coreSize) : exactThreshold;
    if (heuristic) exactGaps(relax, ranking, threshold);
    // The incumbent's moved customers join the core, so its search starts from the incumbent.
    const core = known
      ? coreHolding(ranking, threshold, known.choice)
      : heuristic
        ? selectCore(ranking, threshold)
        : exactCore;
    if (heuristic && core.length > maxHeuristic && movesFirst && known && !inflated) {
      inflated = true;
      continue;
    }
    if (heuristic && core.length > maxHeuristic && inflated && !movesFirst) {
      noQuickCore = true;
      continue;
    }
    run.progress({
      phase: heuristic ? 'core-search' : 'core',
      fraction: heuristic ? PROGRESS.coreSearch : PROGRESS.exactCore,
      objective: known?.objective,
      bound: upper,
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    const elapsed = (run.now() - run.started) / 1000;
    const result = solveCore(highs, relax, ranking, core, {
      timeLimitSeconds: heuristic
        ? Math.min(run.remaining() * HEURISTIC_TIME_SHARE, Math.max(0.25, HEURISTIC_ELAPSED_SHARE * elapsed))
        : run.remaining(),
      absoluteGap: CORE_GAP_SHARE * OPTIMAL_GAP * Math.max(1, Math.abs(known?.objective ?? upper)),
      start: known?.choice,
      heuristic,
      // An exact core of more types than the count search proves, solved only for want of a plan.
      countsOnly: !heuristic && types > maxTypes,
      mipOnly: options.countSearchCapped,
    });
    run.offerNear(result.choice, ranking);
    if (heuristic) {
      searched++;
      coreSize *= CORE_GROWTH;
      stalled = known !== undefined && run.incumbent === known;
      continue;
    }
    // The exact core proves: no plan beats the target outside what the core's bound allows.
    const best = run.incumbent;
    const coreBound = result.core.status === 'infeasible' ? -Infinity : result.core.bound + result.fixedValue;
    const bound = Math.min(proven, Math.max(known ? target : -Infinity, coreBound));
    run.progress({ phase: 'core', fraction: PROGRESS.done, objective: best?.objective, bound });
    if (best) return run.finish('feasible', Math.max(bound, best.objective));
    if (result.core.status === 'infeasible') return run.finish('infeasible', -Infinity);
    return noPlan(run, upper, run.past() ? undefined : result.core.message);
  }
}

/** The answer when no plan kept every rule: `why` the core failed, or the time limit that ran out. */
function noPlan(run: DecompositionRun, upper: number, why?: string): SolveOutcome {
  const limit = `no plan met every rule within the ${run.timeLimitSeconds} s time limit; a longer time limit may find one`;
  return run.finish('error', upper, why ?? limit);
}

/** Whether `bound` ends the search: it proves the best plan, settles the caller, or the time is up. */
function answers(run: DecompositionRun, bound: number): boolean {
  const best = run.incumbent;
  return run.past() || run.settles(bound) || (best !== undefined && DecompositionRun.closes(best.objective, bound));
}

/** {@link proveByMoves} as a phase of the search, reported to the progress listener. */
async function proveMoves(
  highs: Highs,
  run: DecompositionRun,
  ranking: Ranking,
  upper: number,
  limits?: Parameters<typeof proveByMoves>[4],
): Promise<number | undefined> {
  run.progress({
    phase: 'move-search',
    fraction: PROGRESS.exactCore,
    objective: run.incumbent?.objective,
    bound: upper,
  });
  await new Promise<void>((resolve) => setImmediate(resolve));
  return proveByMoves(highs, run, ranking, upper, limits);
}
