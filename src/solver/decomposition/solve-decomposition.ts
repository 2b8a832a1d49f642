import type { Highs } from 'highs';
import { OPTIMAL_GAP, relativeGap, type ProgressListener, type SolveOutcome } from '../outcome.ts';
import type { Problem } from '../problem.ts';
import { proveFewTypes } from './core/few-types.ts';
import { searchCores, type CoreSearchOptions } from './core/search-cores.ts';
import { minimizeDual } from './dual/dual.ts';
import { largestCoefficients } from './dual/largest-coefficients.ts';
import { lowestPoint, recallDual, rememberDual, type DualMemory } from './dual/dual-memory.ts';
import { buildRelaxation, type Relaxation } from './lagrangian.ts';
import { createWorkspace, SCREEN_MIN_CUSTOMERS, type DualPoint, type Workspace } from './evaluation.ts';
import type { Ranking } from './ranking.ts';
import { repairAt, repairAtRoot, type Repaired } from './repair-at-point.ts';
import { rankOnly, repeatedRecall, repeatsRepair, type RecalledRepair, type RepairedAt } from './repeated-repair.ts';
import { DecompositionRun, PROGRESS } from './run.ts';
import { rowSlackTolerance, type ScoredChoice } from './scored-plan.ts';
import { seedMultipliers, type Seeds } from './seed-multipliers.ts';
import { scoreStart, type StartScore } from './start-score.ts';
import { yielder } from './yielder.ts';

export interface DecompositionOptions extends CoreSearchOptions {
  /** Wall-clock budget; the best plan and its proven gap are returned when it runs out. Default 60. */
  timeLimitSeconds?: number;
  onProgress?: ProgressListener;
  /** Milliseconds clock, injectable for tests; default `performance.now`. */
  now?: () => number;
  /** A known plan (`choice[i]`, -1 = none): the first incumbent when it meets every row. */
  start?: Int16Array;
  /** A previous solve's dual (e.g. the last level of a sweep), to start from. */
  dual?: DualMemory;
  /** Customer-action pairs from which the dual may stop on a certificate (default {@link CERTIFY_MIN_PAIRS}). */
  certifyMinPairs?: number;
  /** Customers from which the dual's passes are screened (default {@link SCREEN_MIN_CUSTOMERS}). */
  screenMinCustomers?: number;
  /**
   * Stop once the best plan's objective and a proven bound pass this test (a caller that needs
   * only to place the optimum between two values): the answer is that plan, `feasible` with that
   * bound unless it is within the optimality gap.
   */
  settled?: (objective: number, bound: number) => boolean;
  /**
   * When the whole week's count search (few types) does not settle at its root, repair a plan at
   * the root LP's row duals, the optimal multipliers, before it branches (a sweep's levels).
   */
  repairAtCountRoot?: boolean;
  /**
   * Many solves on these values follow (a sweep's levels, a plan's marginal values): the dual's
   * line screen is set up at its first pass (see rented-screen.ts).
   */
  manySolves?: boolean;
  /**
   * With `settled` and `dual`: repair first at the recalled best point, and stop there when that
   * settles, before any dual search (where re-solves walk far, see `LimitDual.walksFar`).
   */
  settleAtRecall?: boolean;
  /** With `settled` and `start`: the start's score, kept across solves of this problem at other limits (see `StartScore`). */
  startScore?: StartScore;
}

/** The dual stops once its bound is proven this close to the least bound (relative): a quarter of the optimality gap. */
const DUAL_CERTIFY = 0.25 * OPTIMAL_GAP;
/** Customer-action pairs from which the dual stops on a certificate; below, a pass costs less than the repairs a certificate asks for. */
export const CERTIFY_MIN_PAIRS = 100_000;
/** Share of the time limit by which the whole dual ends (the sample's ends earlier, see `seedMultipliers`). */
const DUAL_TIME_SHARE = 0.5;
/** Dual iterations the progress bar expects: it moves by 1/this of the dual's share per iteration. */
const PROGRESS_ITERATIONS = 200;
/**
 * Solves the model of SPEC 3 exactly by Lagrangian relaxation of the linking rows plus a core
 * search, in four phases (see README.md beside this file), after a short count search over
 * the whole week when its customers form few types of interchangeable ones (which often proves it):
 * 1. seed: multipliers to start from (a previous solve's cutting planes, or a sample's optimum);
 * 2. bound: the dual gives UB; at each certified point the greedy repair, improvement and
 *    exchanges give plans (LB), and the dual stops once one closes the gap or cannot be proven;
 * 3. start plan: a known plan (a sweep's previous level) is offered when LB does not yet prove;
 * 4. cores: exact reduced-cost fixing and the count search on the customers that remain.
 * `optimal` means proven within {@link OPTIMAL_GAP}; with a deadline, the best plan and its gap.
 */
export async function solveDecomposition(
  highs: Highs,
  problem: Problem,
  options: DecompositionOptions = {},
): Promise<SolveOutcome> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const recalled = options.dual ? recallDual(options.dual, problem) : undefined;
  const relax = recalled?.relax ?? buildRelaxation(problem);
  const run = new DecompositionRun(
    relax,
    now,
    started,
    options.timeLimitSeconds ?? 60,
    options.onProgress ?? (() => undefined),
  );
  run.settled = options.settled;
  // A sweep's levels are alike: the repair that closed the last level's certificate comes first.
  run.mixFirst = options.dual?.mixFirst;
  if (hasImpossibleRow(relax)) return run.finish('infeasible', -Infinity);
  // The same classes and values: the last solve's screen reference lies near this solve's optimum.
  let kept = recalled?.work;
  const workspace = () =>
    (kept ??= createWorkspace(relax, {
      screen: relax.n >= (options.screenMinCustomers ?? SCREEN_MIN_CUSTOMERS),
      linesAtOnce: options.manySolves,
    }));
  let rootRepair: RepairedAt | undefined;
  const planAtRoot = options.repairAtCountRoot
    ? (lambda: Float64Array, best?: Int16Array) => {
        const choice = repairAtRoot(run, workspace(), lambda, best);
        rootRepair = { lambda: lambda.map((x) => Math.max(0, x)), plan: run.incumbent };
        return choice;
      }
    : undefined;
  // A sweep's level too: its count model is kept from the last level, and a proof by counts beats any dual.
  const fewTypes = await proveFewTypes(highs, run, problem, { ...options, planAtRoot });
  if (fewTypes && 'proven' in fewTypes) return fewTypes.proven;
  const work = workspace();

  // The count LP's row duals are the dual's optimum: the dual only has to certify them.
  const seeds =
    fewTypes && 'lambda' in fewTypes && fewTypes.lambda
      ? {
          start: fewTypes.lambda,
          repaired: rootRepair,
          ...(recalled && recalled.cuts.length > 0 ? { cuts: recalled.cuts } : {}),
        }
      : await seedMultipliers(highs, run, problem, options, recalled);
  // A check's start (see `settled`) keeps its relaxed rows: tried, improved, at the first dual point.
  const known = options.settled && options.start ? scoreStart(run, options.start, options.startScore) : undefined;
  const bounded = await boundAndRepair(highs, run, work, seeds, problem.n * problem.K, options, known);
  if (!bounded) return run.finish('infeasible', -Infinity);
  const { upper, ranking } = bounded;
  if (!ranking) return run.finish('feasible', upper);
  run.progress({
    phase: 'repair',
    fraction: PROGRESS.repaired,
    objective: run.incumbent?.objective,
    bound: upper,
  });
  // Checking a start plan costs three passes over the customers: only when the repaired plans do not prove.
  if (!run.incumbent || !DecompositionRun.closes(run.incumbent.objective, upper))
    if (known) run.offer(known);
    else run.offerChoice(options.start, true);
  const searched = fewTypes !== undefined && 'capped' in fewTypes ? fewTypes : undefined;
  return searchCores(highs, run, ranking, upper, {
    ...options,
    countSearchCapped: searched?.capped === true,
    movesAtOnce: searched?.nearBound === true,
  });
}

/**
 * Phase 2: the dual's bound, with plans repaired at its certified points. The dual stops once
 * a plan closes the gap; when the repair falls short it goes on towards a closer certificate,
 * unless the plan is short even of the proven floor (no closer bound can prove it; the cores
 * can better it). Undefined when no plan can meet the rows; no ranking when the caller's
 * `settled` test holds before a repair is needed. `known`: see {@link repairAt}.
 */
async function boundAndRepair(
  highs: Highs,
  run: DecompositionRun,
  work: Workspace,
  seeds: Seeds,
  pairs: number,
  options: DecompositionOptions,
  known: ScoredChoice | undefined,
): Promise<{ upper: number; ranking?: Ranking } | undefined> {
  const { relax } = run;
  let last: Repaired | undefined;
  let untried = known;
  // Where the certificate stops the dual early, its λ is inexact: plans are recovered from its points too
  // (in a check, `settled`, only when its repaired plan falls short, see `repairAt`).
  const large = pairs >= (options.certifyMinPairs ?? CERTIFY_MIN_PAIRS);
  // The repair at the recalled point below, which the search may end at again (see `repeatedRecall`).
  let atRecall: RecalledRepair | undefined;
  const repair = (best: DualPoint, points: readonly DualPoint[], mix?: () => Float64Array | undefined) => {
    const again = repeatedRecall(run, atRecall, best);
    if (again) {
      untried = undefined;
      return (last = again);
    }
    last = repeatsRepair(run, seeds.repaired, best, untried)
      ? rankOnly(run, work, best)
      : repairAt(run, work, best, untried, large ? { highs, points, mix } : undefined);
    untried = undefined;
    return last;
  };
  // A check's recalled best point lies at or near this optimum: a repair there may settle it at once.
  const seeded = options.settleAtRecall && run.settled && seeds.cuts ? lowestPoint(seeds.cuts) : undefined;
  if (seeded && options.settledAt && seeded.value <= options.settledAt.bound) {
    const repaired = repair(seeded, seeds.cuts ?? []);
    if (run.settles(seeded.value)) {
      run.memory = rememberDual(relax, seeds.cuts ?? [], work, options.dual, run.mixFirst);
      return { upper: seeded.value };
    }
    atRecall = { repaired, plan: run.incumbent };
    untried = known;
  }
  const pause = yielder();
  const dual = await minimizeDual(highs, relax, work, {
    deadline: run.at(DUAL_TIME_SHARE),
    now: run.now,
    start: seeds.start,
    startWidthCap: seeds.startWidthCap,
    cuts: seeds.cuts,
    certify: large ? DUAL_CERTIFY : 0,
    // A sweep's level: the earlier levels' cuts lie far from this one's optimum.
    pruneCuts: true,
    // A caller's `settled` test may be met before the gap closes: L at any point bounds every plan.
    accept: (best, floor, points, mix) =>
      run.settles(best.value) ||
      repair(best, points, mix).closed ||
      (run.incumbent !== undefined && relativeGap(run.incumbent.objective, floor) > OPTIMAL_GAP),
    onIteration: (best, iteration) => {
      run.progress({
        phase: 'dual',
        fraction: Math.min(PROGRESS.dualEnd, iteration / PROGRESS_ITERATIONS),
        bound: best.value,
      });
      return pause();
    },
  });
  if (dual.infeasible) return undefined;
  run.memory = rememberDual(relax, dual.points, work, options.dual, run.mixFirst);
  if (run.settles(dual.best.value)) return { upper: dual.best.value };
  const { ranking } = last && last.at === dual.best ? last : repair(dual.best, dual.points);
  return { upper: dual.best.value, ranking };
}

/** A row whose coefficients are all zero either always holds or can never hold. */
function hasImpossibleRow(relax: Relaxation): boolean {
  const { limit, sign } = relax;
  const most = largestCoefficients(relax);
  return most.some((coef, r) => {
    const tol = rowSlackTolerance(limit[r]);
    return coef === 0 && (sign[r] > 0 ? limit[r] < -tol : limit[r] > tol);
  });
}
