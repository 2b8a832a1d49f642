import type { Highs } from 'highs';
import { OPTIMAL_GAP, relativeGap, type ProgressListener, type SolveOutcome } from '../outcome.ts';
import type { Problem } from '../problem.ts';
import {
  coreHolding,
  exactGaps,
  rankChoices,
  selectCore,
  solveCore,
  thresholdForSize,
  type Ranking,
} from './core/core.ts';
import { minimizeDual } from './dual/dual.ts';
import { recallDual, recallMultipliers, rememberDual, type DualMemory } from './dual/dual-memory.ts';
import {
  buildRelaxation,
  createWorkspace,
  SCREEN_MIN_CUSTOMERS,
  type DualPoint,
  type Relaxation,
} from './lagrangian.ts';
import { exchangeNear } from './primal/exchange.ts';
import { improveNear } from './primal/improve.ts';
import { keepsRows, repairChoice, rowSlackTolerance, scoreChoice, type ScoredChoice } from './primal/repair.ts';
import { sampleProblem } from './dual/sample.ts';

export interface DecompositionOptions {
  /** Wall-clock budget; the best plan and its proven gap are returned when it runs out. Default 60. */
  timeLimitSeconds?: number;
  onProgress?: ProgressListener;
  /** Milliseconds clock, injectable for tests; default `performance.now`. */
  now?: () => number;
  /** Largest core solved with the exact threshold before smaller cores are tried first. */
  exactCoreLimit?: number;
  /** Size of the first heuristic core, grown 4x per round. */
  firstCoreSize?: number;
  /** Largest core handed to HiGHS; beyond it the answer is the best plan with the dual bound. */
  maxCoreCustomers?: number;
  /** A known plan (`choice[i]`, -1 = none): the first incumbent when it meets every row. */
  start?: Int16Array;
  /** A previous solve's dual (e.g. the last level of a sweep), to start from. */
  dual?: DualMemory;
  /** Customer-action pairs from which the dual may stop on a certificate (default {@link CERTIFY_MIN_PAIRS}). */
  certifyMinPairs?: number;
  /** Customers from which the dual's passes are screened (default {@link SCREEN_MIN_CUSTOMERS}). */
  screenMinCustomers?: number;
}

/** The dual stops once its bound is proven this close to the least bound (relative): a quarter of the optimality gap. */
const DUAL_CERTIFY = 0.25 * OPTIMAL_GAP;
/**
 * Customer-action pairs from which the dual stops on a certificate. Below, a pass over the
 * customers costs less than the repairs a certificate asks for: at 5,000 customers the
 * certificate saved no pass and made the solve slower (about 55 ms to 75 ms); at 75,000 it saves
 * about a third of the passes of a sweep.
 */
export const CERTIFY_MIN_PAIRS = 100_000;
/** Share of the optimality gap spent on the fixing threshold: plans within it count as optimal. */
const GAP_SHARE = 0.25;
const METHOD = 'lagrangian-core';
/** HiGHS's Wasm heap (2 GiB) holds a whole model of about 75k-150k customers; cores stay below. */
export const MAX_CORE_CUSTOMERS = 100_000;

type Incumbent = ScoredChoice;

/** True when every customer's action in `choice` is eligible (a start plan may come from another problem). */
function eligible(relax: Relaxation, choice: Int16Array): boolean {
  const { K } = relax;
  for (let i = 0; i < relax.n; i++)
    if (choice[i] >= 0 && (choice[i] >= K || Number.isNaN(relax.problem.value[i * K + choice[i]]))) return false;
  return true;
}

/** A row whose coefficients are all zero either always holds or can never hold. */
function hasImpossibleRow(relax: Relaxation): boolean {
  const { R, C, K, rowCoef, limit, sign } = relax;
  for (let r = 0; r < R; r++) {
    let any = false;
    for (let c = 0; c < C && !any; c++) for (let k = 0; k < K; k++) if (rowCoef[(c * R + r) * K + k] !== 0) any = true;
    const tol = rowSlackTolerance(limit[r]);
    if (!any && (sign[r] > 0 ? limit[r] < -tol : limit[r] > tol)) return true;
  }
  return false;
}

/**
 * The solve yields to the event loop (progress messages, timers, other requests) once this
 * many milliseconds have passed since it last did. Yielding after every evaluation cost about
 * 0.2 ms a time on a loaded machine: 16-29 ms of a 75k-customer sweep's ~110 evaluations.
 */
export const YIELD_AFTER_MS = 10;

/** A yield to the event loop that returns at once (undefined) until {@link YIELD_AFTER_MS} have passed on `clock` since the last one. */
export function yielder(clock: () => number = () => performance.now()): () => Promise<void> | undefined {
  let last = clock();
  return () => {
    if (clock() - last < YIELD_AFTER_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = clock();
        resolve();
      }),
    );
  };
}

/** Customers in the sample whose dual optimum seeds the whole dual (large inputs only). */
const SAMPLE_CUSTOMERS = 25_000;

/** Dual optimum of a sample of customers, for problems several times larger than the sample. */
async function sampleMultipliers(
  highs: Highs,
  problem: Problem,
  now: () => number,
  deadline: number,
): Promise<Float64Array | undefined> {
  if (problem.n < 4 * SAMPLE_CUSTOMERS || problem.rows.length === 0) return undefined;
  const relax = buildRelaxation(sampleProblem(problem, Math.floor(problem.n / SAMPLE_CUSTOMERS)));
  const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline, now, onIteration: yielder() });
  return dual.infeasible ? undefined : dual.best.lambda;
}

/**
 * Solves the model of SPEC 3 exactly by Lagrangian relaxation of the linking rows plus a core
 * MIP. The dual (a box-step cutting-plane method) gives an upper bound UB, and stops once UB
 * is proven within a quarter of the optimality gap of the least bound; a repaired plan gives
 * LB (when it falls short, the dual goes on from its own points). Every customer whose best
 * reduced-value choice beats its second by more than UB − LB keeps it in every better plan,
 * so HiGHS only solves the remaining core. `optimal` means proven within {@link OPTIMAL_GAP};
 * with a deadline the best plan and its proven gap.
 */
export async function solveDecomposition(
  highs: Highs,
  problem: Problem,
  options: DecompositionOptions = {},
): Promise<SolveOutcome> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const deadline = started + 1000 * (options.timeLimitSeconds ?? 60);
  const remaining = () => Math.max(0, (deadline - now()) / 1000);
  const progress = options.onProgress ?? (() => undefined);
  const recalled = options.dual ? recallDual(options.dual, problem) : undefined;
  const relax = recalled?.relax ?? buildRelaxation(problem);
  const finish = (
    status: SolveOutcome['status'],
    incumbent: Incumbent | undefined,
    bound: number,
    message?: string,
  ): SolveOutcome => {
    const objective = incumbent?.objective ?? 0;
    const gap = incumbent ? relativeGap(objective, bound) : status === 'infeasible' ? 0 : Infinity;
    const proven = status === 'feasible' && gap <= OPTIMAL_GAP ? 'optimal' : status;
    return {
      status: proven,
      choice: incumbent?.choice,
      objective,
      bound,
      gap,
      seconds: (now() - started) / 1000,
      method: METHOD,
      ...(message ? { message } : {}),
      ...(kept.dual ? { dual: kept.dual } : {}),
    };
  };
  const kept: { dual?: DualMemory } = {};
  if (hasImpossibleRow(relax)) return finish('infeasible', undefined, -Infinity);

  // The same classes and values: the last solve's screen reference lies near this solve's optimum.
  const work =
    recalled?.work ??
    createWorkspace(relax, { screen: relax.n >= (options.screenMinCustomers ?? SCREEN_MIN_CUSTOMERS) });
  const cuts = recalled && recalled.cuts.length > 0 ? recalled.cuts : undefined;
  const start = cuts
    ? recalled?.predicted
    : options.dual
      ? recallMultipliers(options.dual, problem)
      : await sampleMultipliers(highs, problem, now, started + 0.2 * (deadline - started));
  let incumbent: Incumbent | undefined;
  // Plans repaired here carry their objective and row usage; a start plan and the cores' plans
  // are scored in one pass. Plans made from the relaxation's choices are eligible by
  // construction; a start plan is checked.
  const offer = (plan: ScoredChoice | undefined) => {
    if (!plan || !keepsRows(relax, plan.usage)) return;
    if (!incumbent || plan.objective > incumbent.objective) incumbent = plan;
  };
  const offerChoice = (choice: Int16Array | undefined, foreign = false) => {
    if (choice && choice.length === relax.n && (!foreign || eligible(relax, choice))) offer(scoreChoice(relax, choice));
  };

  // The dual stops once its bound is proven close to the least one and a repaired plan is within
  // the optimality gap of it. When the repair falls short (a less converged λ can leave rows the
  // greedy cannot mend together), the dual goes on towards a closer certificate.
  let last: { at: DualPoint; ranking: Ranking; closed: boolean } | undefined;
  const repairAt = (best: DualPoint) => {
    const ranking = rankChoices(relax, best.lambda, work);
    const repaired = repairChoice(relax, ranking);
    offer(repaired);
    const enough = (objective: number) => relativeGap(objective, best.value) <= OPTIMAL_GAP;
    if (repaired) offer(improveNear(relax, repaired, ranking, enough));
    // A plan short of the bound once its slack is spent is often one exchange of two customers' actions away.
    if (incumbent && !enough(incumbent.objective)) offer(exchangeNear(relax, ranking, incumbent, enough));
    last = { at: best, ranking, closed: incumbent !== undefined && enough(incumbent.objective) };
    return last;
  };
  const pause = yielder();
  const dual = await minimizeDual(highs, relax, work, {
    deadline: started + 0.5 * (deadline - started),
    now,
    start,
    cuts,
    certify: problem.n * problem.K >= (options.certifyMinPairs ?? CERTIFY_MIN_PAIRS) ? DUAL_CERTIFY : 0,
    // A plan short of the optimality gap even against the floor cannot be proven by a closer
    // bound, only bettered: the core search does that, from here, in fewer passes.
    accept: (best, floor) =>
      repairAt(best).closed || (incumbent !== undefined && relativeGap(incumbent.objective, floor) > OPTIMAL_GAP),
    onIteration: (best, iteration) => {
      progress({ phase: 'dual', fraction: Math.min(0.5, iteration / 200), bound: best.value });
      return pause();
    },
  });
  if (dual.infeasible) return finish('infeasible', undefined, -Infinity);
  kept.dual = rememberDual(relax, dual.points, work, options.dual);
  const upper = dual.best.value;
  const { ranking } = last && last.at === dual.best ? last : repairAt(dual.best);
  progress({ phase: 'repair', fraction: 0.55, objective: incumbent?.objective, bound: upper });
  // The start plan (a sweep's previous level) is looked at only when the plans repaired here do
  // not already prove optimality: checking it costs three passes over the customers.
  if (!incumbent || relativeGap(incumbent.objective, upper) > OPTIMAL_GAP) offerChoice(options.start, true);
  return solveByCores(highs, relax, ranking, upper, options, {
    remaining,
    progress,
    finish,
    offer: offerChoice,
    incumbent: () => incumbent,
  });
}

interface CoreLoopContext {
  remaining: () => number;
  progress: ProgressListener;
  finish: (
    status: SolveOutcome['status'],
    incumbent: Incumbent | undefined,
    bound: number,
    message?: string,
  ) => SolveOutcome;
  offer: (choice: Int16Array | undefined) => void;
  incumbent: () => Incumbent | undefined;
}

/** Heuristic cores (tight thresholds) improve LB until the exact core is small enough to prove. */
async function solveByCores(
  highs: Highs,
  relax: Relaxation,
  ranking: Ranking,
  upper: number,
  options: DecompositionOptions,
  context: CoreLoopContext,
): Promise<SolveOutcome> {
  const { remaining, progress, finish, offer, incumbent } = context;
  const exactCoreLimit = options.exactCoreLimit ?? 50;
  let coreSize = options.firstCoreSize ?? 100;
  const maxCore = options.maxCoreCustomers ?? MAX_CORE_CUSTOMERS;
  for (;;) {
    const known = incumbent();
    if (known && relativeGap(known.objective, upper) <= OPTIMAL_GAP) return finish('optimal', known, upper);
    const target = known
      ? known.objective + GAP_SHARE * OPTIMAL_GAP * Math.max(1, Math.abs(known.objective))
      : relax.worstPlan;
    const exactThreshold = upper - target + 1e-9 * Math.max(1, Math.abs(upper));
    exactGaps(relax, ranking, exactThreshold);
    const exactCore = selectCore(ranking, exactThreshold);
    const heuristic =
      exactCore.length > exactCoreLimit && coreSize < exactCore.length && coreSize <= maxCore && remaining() > 0;
    if (!heuristic && exactCore.length > maxCore) {
      if (!known)
        return finish(
          'error',
          undefined,
          upper,
          `no plan found in time; the undecided part of the model (${exactCore.length} customers) is too large to solve whole`,
        );
      return finish('feasible', known, upper);
    }
    const sized = heuristic ? thresholdForSize(ranking, Math.min(coreSize, maxCore)) : exactThreshold;
    if (heuristic) exactGaps(relax, ranking, sized);
    const core = known ? coreHolding(ranking, sized, known.choice) : heuristic ? selectCore(ranking, sized) : exactCore;
    progress({
      phase: heuristic ? 'core-search' : 'core',
      fraction: heuristic ? 0.7 : 0.85,
      objective: known?.objective,
      bound: upper,
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    const timeLimit = heuristic ? Math.min(remaining() / 3, 30) : remaining();
    const absoluteGap = 0.5 * OPTIMAL_GAP * Math.max(1, Math.abs(known?.objective ?? upper));
    const result = solveCore(highs, relax, ranking, core, {
      timeLimitSeconds: timeLimit,
      absoluteGap,
      start: known?.choice,
    });
    offer(result.choice);
    if (heuristic) {
      coreSize *= 4;
      continue;
    }
    const best = incumbent();
    const coreBound = result.core.status === 'infeasible' ? -Infinity : result.core.bound + result.fixedValue;
    const bound = Math.min(upper, Math.max(known ? target : -Infinity, coreBound));
    progress({ phase: 'core', fraction: 1, objective: best?.objective, bound });
    if (!best) {
      if (result.core.status === 'infeasible') return finish('infeasible', undefined, -Infinity);
      return finish(
        'error',
        undefined,
        upper,
        result.core.message ?? 'the time limit passed before any plan was found',
      );
    }
    return finish('feasible', best, Math.max(bound, best.objective));
  }
}
