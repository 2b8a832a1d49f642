import type { Highs } from 'highs';
import { OPTIMAL_GAP } from '../../outcome.ts';
import type { Ranking } from '../ranking.ts';
import { DecompositionRun } from '../run.ts';
import { solveMoveMip } from './move-mip.ts';
import { countMoves, listMoves, realizeMoves } from './moves.ts';

/** Share of the optimality gap HiGHS may leave open on the moves' MIP; the rest is the fixing's. */
const MOVE_GAP_SHARE = 0.5;
/** Largest moves' MIP (kinds) tried: past it HiGHS's own time checks come too seldom to trust its limit. */
export const MAX_MOVE_KINDS = 4_000;
/**
 * The first MIP takes the moves that lose at most this share of UB − LB: a small model that
 * usually holds the best plan, after which UB − LB is within its limit and its bound proves.
 * It starts from the best plan only when that plan's moves are all listed.
 */
const FIRST_LIMIT_SHARE = 0.25;

/**
 * The proof when the exact core stays too large to solve (the LP splits customers between
 * actions and the rows' granularity, not the plan, leaves the gap). At the ranking's λ a plan
 * that moves a customer losing more than `limit` is worth less than L(λ) − limit, so every plan
 * worth more is the ranked best choices plus moves of `listMoves(limit)`, which the moves' MIP
 * (`solveMoveMip`) bounds and searches; its best plan is offered to the run. A first MIP on
 * about a quarter of UB − LB finds the better plans cheaply; when they leave UB − LB beyond its
 * limit, a second one takes every move the new gap allows. Returns the proven bound (at least
 * the best plan's objective), or undefined when the first lists pass `maxMoves` moves or
 * `maxKinds` kinds (nothing was tried).
 */
export function proveByMoves(
  highs: Highs,
  run: DecompositionRun,
  ranking: Ranking,
  upper: number,
  { maxMoves = Infinity, maxKinds = MAX_MOVE_KINDS }: { maxMoves?: number; maxKinds?: number } = {},
): number | undefined {
  const { relax } = run;
  const slack = 1e-9 * Math.max(1, Math.abs(upper));
  const first = run.incumbent;
  let limit = first ? FIRST_LIMIT_SHARE * (upper - first.objective) : 0;
  for (let tried = false; ; tried = true) {
    const known = run.incumbent;
    if (!known) return upper;
    const lists = listMoves(relax, ranking, limit + slack, maxMoves);
    if (!lists || lists.count > (tried ? MAX_MOVE_KINDS : maxKinds)) return tried ? upper : undefined;
    const result = solveMoveMip(highs, relax, ranking, lists, {
      timeLimitSeconds: run.remaining(),
      absoluteGap: MOVE_GAP_SHARE * OPTIMAL_GAP * Math.max(1, Math.abs(known.objective)),
      start: countMoves(relax, ranking, lists, known.choice),
    });
    if (result.moves) run.offerChoice(realizeMoves(ranking, lists, result.moves));
    const best = run.incumbent?.objective ?? known.objective;
    // A plan with a move past the limit is worth less than L − limit: the bound covers every plan.
    const bound = Math.max(best, Math.min(upper, Math.max(result.bound, upper - limit)));
    const proven = upper - best <= limit || DecompositionRun.closes(best, bound) || run.settles(bound);
    if (proven || run.remaining() <= 0) return bound;
    limit = upper - best;
  }
}
