import type { Highs } from 'highs';
import { relativeGap } from '../outcome.ts';
import { gatherCounts, piecesPerClass } from './dual/pieces.ts';
import type { Relaxation } from './lagrangian.ts';
import { evaluateLagrangian, type DualPoint, type Workspace } from './evaluation.ts';
import { exchangeNear } from './primal/exchange.ts';
import { improveNear } from './primal/improve.ts';
import { countMoved, improveKnown } from './primal/improve-known.ts';
import { meetCounts } from './primal/meet-counts.ts';
import { recoverCounts } from './primal/recover-counts.ts';
import { repairChoice } from './primal/repair.ts';
import { rankChoices, type Ranking } from './ranking.ts';
import { DecompositionRun } from './run.ts';
import { scoreChoice, type ScoredChoice } from './scored-plan.ts';

/** A repaired plan this far short of its dual point's bound (relative) is improved again by reduced gains. */
const FAR_SHORT = 1e-3;
/**
 * A plan this far short (relative) is recovered from the dual's points; a nearer one leaves the
 * cores a small core, except where the dual splits classes into pieces (see `piecesPerClass`):
 * there few classes hold many near-tied actions, and any plan short of the bound is recovered.
 * At a certificate, whose mix the master gives without an LP, any shortfall is recovered too:
 * meeting that mix costs less than the cores it often spares. A marginal value's check (`settled`)
 * recovers only a plan this far short that does not settle it: a share cap moved by hundreds of
 * customers leaves the greedy's plan short, and the counts then settle it without a search.
 */
const RECOVER_SHORT = 1e-5;
/**
 * A check's start that lies at most this many customers off the ranked best choices, once
 * improved, is not repaired: the moves' proof starts from it, and the greedy mending of the
 * relaxed choices ends further from the optimum, a few moves off that start. A heuristic:
 * skipping a repair that would have helped costs time, never the proof.
 */
export const KNOWN_NEAR_MOVED = 28;

/** A repair at one dual point: its ranking, and whether the best plan now closes the gap to that point's bound. */
export interface Repaired {
  at: DualPoint;
  ranking: Ranking;
  closed: boolean;
}

/**
 * The dual's evaluated points so far and the HiGHS that mixes them into counts (see
 * `recoverCounts`); at a certificate, `mix` reads that mix off the master's last solve instead.
 */
export interface Recovery {
  highs: Highs;
  points: readonly DualPoint[];
  mix?: () => Float64Array | undefined;
}

/**
 * The repair, improvement and (when still short) exchanges at one dual point, each plan offered
 * to the run. A `known` plan (a check's start, see `solveDecomposition`), improved by moves
 * and exchanges (`improveKnown`) unless it already passes the caller's `settled` test, is the
 * answer when it passes that test, or when it lies within {@link KNOWN_NEAR_MOVED} customers of
 * the ranked best choices: nothing is repaired. Else the repair runs too. When its plans
 * fall short, the `recovery`'s counts are met and that plan is mended, improved and exchanged;
 * at a certificate (a `recovery` with its `mix`) where the run's `mixFirst` says so, or before
 * either has closed one where the mix splits many customers off the relaxed choices (see
 * `splitsMany`), that plan comes first, and the repair runs only when it falls short. Which of
 * the two closed a certificate (in a check: settled it) sets `mixFirst` for the next.
 */
export function repairAt(
  run: DecompositionRun,
  work: Workspace,
  at: DualPoint,
  known?: ScoredChoice,
  recovery?: Recovery,
): Repaired {
  return repairRanked(run, at, rankChoices(run.relax, at.lambda, work), known, recovery);
}

/** {@link repairAt} with the choices at `at` already ranked. */
function repairRanked(
  run: DecompositionRun,
  at: DualPoint,
  ranking: Ranking,
  known?: ScoredChoice,
  recovery?: Recovery,
): Repaired {
  const { relax } = run;
  const settles = (objective: number) => run.settled?.(objective, at.value) === true;
  const enough = (objective: number) => DecompositionRun.closes(objective, at.value);
  const improved = known && improveKnown(relax, known, ranking, settles, run.past);
  run.offer(improved);
  if (improved && settles(improved.objective)) return { at, ranking, closed: true };
  if (improved && countMoved(improved.choice, ranking.best, KNOWN_NEAR_MOVED) <= KNOWN_NEAR_MOVED)
    return { at, ranking, closed: run.incumbent !== undefined && enough(run.incumbent.objective) };
  const closed = () => run.incumbent !== undefined && enough(run.incumbent.objective);
  // A check's repair is over at the first plan that settles it, a solve's once a plan closes the certificate.
  const done = (objective: number) => enough(objective) || settles(objective);
  const finished = () => run.incumbent !== undefined && done(run.incumbent.objective);
  // The mix is met first where it closed the last certificate (a sweep's levels are alike), and
  // before any has closed where it splits many customers off the relaxed choices: the mending's
  // order then has many ties to guess. The mending is spared when the mix's plan closes.
  const mix = recovery?.mix && run.mixFirst !== false ? recovery.mix() : undefined;
  const mixFirst = mix !== undefined && (run.mixFirst === true || splitsMany(relax, at, mix));
  // The mix as read here serves both orders.
  const recovered = recovery && mix ? { ...recovery, mix: () => mix } : recovery;
  if (mixFirst && recovered) {
    recoverAt(run, ranking, recovered, done);
    if (finished()) return { at, ranking, closed: closed() };
  }
  // At a check's point (one row relaxed from the known plan's problem), the ranked best choices
  // tend to break floors the `≤`-first order gets stuck on, after a look at every customer.
  const repaired = repairChoice(relax, ranking, run.past, { floorsFirst: known !== undefined });
  run.offer(repaired);
  // A check stops at the first plan that settles it: no look at every customer, no exchanges after that,
  // and none at the near ones when the repaired plan settles it.
  if (repaired && !(run.incumbent && settles(run.incumbent.objective)))
    run.offer(improveNear(relax, repaired, ranking, done, run.past));
  // The largest gains first can spend a row's slack on its dearest moves (a budget on $5 calls
  // where $0.50 texts are worth more per dollar): when the plan is that far short, the same
  // improvement by reduced gains. A plan nearer the bound is the cores' to close.
  const far = (objective: number) => !settles(objective) && relativeGap(objective, at.value) > FAR_SHORT;
  if (repaired && run.incumbent && far(run.incumbent.objective))
    run.offer(improveNear(relax, repaired, ranking, done, run.past, true));
  // A plan short of the bound once its slack is spent is often one exchange of two customers' actions away.
  if (run.incumbent && !done(run.incumbent.objective))
    run.offer(exchangeNear(relax, ranking, run.incumbent, done, run.past));
  if (recovery?.mix && finished()) run.mixFirst = false;
  // Near-tied customers split between actions as the master's mix of the dual's points says, not as the greedy's order.
  const short = run.settled === undefined && (piecesPerClass(relax) > 1 || recovery?.mix) ? 0 : RECOVER_SHORT;
  const near = (objective: number) => done(objective) || relativeGap(objective, at.value) <= short;
  if (recovered && !mixFirst && !(run.incumbent && near(run.incumbent.objective))) {
    recoverAt(run, ranking, recovered, done);
    if (recovered.mix && finished()) run.mixFirst = true;
  }
  return { at, ranking, closed: closed() };
}

/** The share of the relaxed choice's treated customers a mix must place elsewhere to be met first (see `repairRanked`). */
const SPLIT_SHARE = 1e-3;

/**
 * Whether the master's `mix` (customers per class and action) places more than
 * {@link SPLIT_SHARE} of the customers the relaxed choice at `at` treats in other actions.
 */
function splitsMany(relax: Relaxation, at: DualPoint, mix: Float64Array): boolean {
  const { C, K } = relax;
  const perClass = piecesPerClass(relax);
  const relaxed =
    perClass > 1
      ? gatherCounts(at.classCounts, { perClass, count: C * perClass }, K, new Float64Array(C * K))
      : at.classCounts;
  let moved = 0;
  let treated = 0;
  for (let ck = 0; ck < C * K; ck++) {
    moved += Math.max(0, mix[ck] - relaxed[ck]);
    treated += relaxed[ck];
  }
  return moved > SPLIT_SHARE * Math.max(1, treated);
}

/** The plan meeting the recovered counts, mended, its slack spent and (when still short) exchanged. */
function recoverAt(
  run: DecompositionRun,
  ranking: Ranking,
  { highs, points, mix }: Recovery,
  enough: (objective: number) => boolean,
): void {
  const { relax } = run;
  const target = mix?.() ?? recoverCounts(highs, relax, points, run.remaining());
  if (!target) return;
  const mended = repairChoice(relax, ranking, run.past, { start: meetCounts(relax, ranking, target) });
  // Rounding the counts can break a row whose mending costs more than the greedy lost (a budget of $5 calls).
  if (!mended || (run.incumbent && mended.objective < run.incumbent.objective)) return;
  run.offer(mended);
  run.offer(improveNear(relax, mended, ranking, enough, run.past));
  if (run.incumbent && !enough(run.incumbent.objective))
    run.offer(exchangeNear(relax, ranking, run.incumbent, enough, run.past));
}

/**
 * The best plan at `lambda` (clamped to λ ≥ 0), one evaluation of L there: the search's `best`
 * plan (whole-week, by customer) improved by moves and exchanges, and only when that does not
 * close the gap to L, the repair of the ranked best choices.
 */
export function repairAtRoot(
  run: DecompositionRun,
  work: Workspace,
  lambda: Float64Array,
  best?: Int16Array,
): Int16Array | undefined {
  const { relax } = run;
  const at = evaluateLagrangian(
    relax,
    lambda.map((x) => Math.max(0, x)),
    work,
  );
  const closes = (objective: number) => DecompositionRun.closes(objective, at.value);
  const ranking = rankChoices(relax, at.lambda, work);
  if (best) {
    const improved = improveKnown(relax, scoreChoice(relax, best), ranking, closes, run.past);
    run.offer(improved);
    if (closes(improved.objective)) return run.incumbent?.choice;
  }
  repairRanked(run, at, ranking);
  return run.incumbent?.choice;
}
