import type { Highs } from 'highs';
import { BoxStep } from './box-step.ts';
import { lowestPoint } from './dual-memory.ts';
import { openTop, restsOnTop } from './open-box.ts';
import { secantPoint } from './secant.ts';
import { rowScales } from './largest-coefficients.ts';
import { borrowMaster, ownMaster } from './shared-master.ts';
import type { Relaxation } from '../lagrangian.ts';
import { evaluateLagrangian, type DualPoint, type Workspace } from '../evaluation.ts';

export interface DualOptions {
  /** Milliseconds on `now`'s clock after which the search stops with what it has. */
  deadline: number;
  now: () => number;
  maxIterations?: number;
  /** Relative predicted decrease below which the box-step method has converged. */
  tolerance?: number;
  /**
   * Stop once the best L(λ) is proven within this share of the minimum: the cutting-plane
   * model, minimised over every λ ≥ 0 rather than the box, is a lower bound on min L. Default 0
   * (stop on `tolerance` only).
   */
  certify?: number;
  /**
   * Asked when the bound is certified (see `certify`), with the proven floor of L: true ends the
   * search, false has it go on to a ten times closer certificate (then to full convergence).
   * Default: always end. `points`: every point evaluated so far (the seeds too); `mix`: the
   * certificate's own primal (see `CuttingPlaneMaster.mix`), valid during the call only.
   */
  accept?: (
    best: DualPoint,
    floor: number,
    points: readonly DualPoint[],
    mix: () => Float64Array | undefined,
  ) => boolean;
  /** Stop as soon as L(λ) is at or below this value (a known plan is then close enough). */
  target?: number;
  /**
   * Multipliers to start from (e.g. a sample's optimum) with a box of `startWidthShare` of each.
   * With `cuts`, a guess at where the optimum moved (see `predictOptimum`): it is evaluated first,
   * and the better of it and the best seed is the first centre.
   */
  start?: Float64Array;
  /**
   * Points of this same L already evaluated (e.g. a previous solve's, moved to these limits):
   * they seed the cutting-plane model, and the best of them is the first centre.
   */
  cuts?: readonly DualPoint[];
  startWidthShare?: number;
  /**
   * Each row's start box at most this wide (e.g. a sample's dual's final box, see
   * {@link DualResult.width}): a start that close to its optimum needs no wider first step.
   */
  startWidthCap?: Float64Array;
  /** Drop a shared master's long-inactive cuts before the search (see `CuttingPlaneMaster.prune`). */
  pruneCuts?: boolean;
  /** Stop only where the model over every λ ≥ 0 proves `tolerance`: a narrow box's model alone stops short of the optimum. */
  provenStop?: boolean;
  /** A master of its own instead of the shared one: the result depends on `cuts` and `start` only, not on earlier searches. */
  apart?: boolean;
  /**
   * Multipliers at most these (a bound on one rule's slope, see `LimitDual.reach`): every box and
   * the open model stay within them, and only points within them are centres. A start is then
   * needed within them (the seeds' best, clamped).
   */
  ceiling?: Float64Array;
  /** Called after every evaluation, e.g. to report progress and yield to the event loop. */
  onIteration?: (best: DualPoint, iteration: number) => Promise<void> | void;
}

export interface DualResult {
  /** The evaluated point with the lowest L(λ): its value is the upper bound. */
  best: DualPoint;
  iterations: number;
  converged: boolean;
  /** True when L(λ) fell below the worst possible plan: no plan satisfies the rows. */
  infeasible: boolean;
  /** The seeds and every point evaluated here, for the next solve of the same L. */
  points: DualPoint[];
  /** The lowest L(λ) can be, as last proven by the cutting-plane model (-Infinity if never). */
  floor: number;
  /** Each row's box width at the end: how far the last steps could still reach. */
  width: Float64Array;
  /** Cuts the master held at the end (a shared master carries them to the next search). */
  cuts: number;
  /**
   * With a `ceiling`, once converged: the open model's reduced costs of the multipliers, each
   * (negated) how far its row's limit would have to move for the bound to stop holding.
   */
  reduced?: Float64Array;
}

/**
 * The certificate is tried once the box model predicts a decrease below this many times the
 * certified share: earlier, its extra master solve is mostly wasted.
 */
const CERTIFY_FROM = 10;

/**
 * Minimises L over λ ≥ 0 with a box-step (trust-region) cutting-plane method: each step
 * minimises the cutting-plane model within a box around the best point so far (the centre);
 * the box grows after good steps at its edge and shrinks after repeated poor ones.
 * Every evaluated L(λ) is a valid upper bound, so stopping early is always safe.
 */
export async function minimizeDual(
  highs: Highs,
  relax: Relaxation,
  work: Workspace,
  options: DualOptions,
): Promise<DualResult> {
  const { R } = relax;
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-10;
  const width = rowScales(relax);
  const maxWidth = Float64Array.from(width, (x) => x * 1e12);
  const { ceiling } = options;
  // The open model's box: λ ≥ 0 far past each row's scale, within the ceiling.
  const top = openTop(width, ceiling);
  const within = (point: DualPoint | undefined): point is DualPoint =>
    point !== undefined && (!ceiling || point.lambda.every((x, r) => x <= ceiling[r]));

  const seeds = options.cuts ?? [];
  const seeded = lowestPoint(seeds);
  // With seeds, a start is a guess at where the optimum moved: the better of the two is the centre.
  const first =
    options.start || !seeded
      ? evaluateLagrangian(relax, options.start ? Float64Array.from(options.start) : new Float64Array(R), work)
      : undefined;
  // From a seed and a guess, the point where L's slope along the line between them, interpolated, is zero.
  const towards = seeded && first ? secantPoint(seeded, first) : undefined;
  if (towards && ceiling) for (let r = 0; r < R; r++) towards[r] = Math.min(towards[r], ceiling[r]);
  const second = towards ? evaluateLagrangian(relax, towards, work) : undefined;
  let center = lowestPoint([seeded, first, second].filter(within)) as DualPoint;
  if (second && center === second && first) {
    // The secant's point lies near the optimum: the box starts as wide as the secant's last correction.
    for (let r = 0; r < R; r++)
      width[r] = width[r] > 0 ? Math.max(Math.abs(second.lambda[r] - first.lambda[r]), 1e-3 * width[r]) : 0;
  } else if (options.start || seeded) {
    const share = options.startWidthShare ?? 0.2;
    const cap = options.startWidthCap;
    for (let r = 0; r < R; r++)
      width[r] = width[r] > 0 ? Math.max(Math.min(share * center.lambda[r], cap?.[r] ?? Infinity), 1e-3 * width[r]) : 0;
  }
  let best = center;
  const evaluated = [first, second].filter((point): point is DualPoint => point !== undefined);
  let iterations = evaluated.length;
  const points = [...seeds, ...evaluated];
  await options.onIteration?.(best, iterations);
  const hopeless = (point: DualPoint) => point.value < relax.worstPlan - 1e-9 * Math.max(1, Math.abs(relax.worstPlan));
  if (R === 0 || hopeless(best))
    return {
      best,
      iterations,
      converged: true,
      infeasible: hopeless(best),
      points,
      floor: R === 0 ? best.value : -Infinity,
      width,
      cuts: 0,
    };

  const lease = options.apart ? ownMaster(highs, relax) : borrowMaster(highs, relax, options.pruneCuts);
  const { master } = lease;

  const lower = new Float64Array(R);
  const upper = new Float64Array(R);
  const nowhere = new Float64Array(R);
  let converged = false;
  const box = new BoxStep(width, maxWidth);
  let floor = -Infinity;
  let reduced: Float64Array | undefined;
  const result = (done: boolean, infeasible: boolean): DualResult => ({
    best,
    iterations,
    converged: done,
    infeasible,
    points,
    floor,
    width: box.width,
    cuts: master.cuts,
    ...(done && ceiling && reduced ? { reduced } : {}),
  });
  let predictedShare = Infinity;
  let certify = options.certify ?? 0;
  const secondsLeft = () => (options.deadline - options.now()) / 1000;
  // The box's own model over the open box (see `openTop`): its cuts are every point's (less
  // long-inactive ones it pruned, which only lowers the floor), and no second model is built.
  const openFloor = (): number => {
    const model = master.solve(nowhere, top, secondsLeft());
    const open = model && !restsOnTop(model.lambda, top, ceiling) ? model : undefined;
    if (open) floor = Math.max(floor, open.theta);
    reduced = open?.reduced;
    return floor;
  };
  const certified = (): boolean => {
    if (best.value - openFloor() > certify * Math.max(1, Math.abs(best.value))) return false;
    if (!options.accept || options.accept(best, floor, points, () => master.mix())) return true;
    certify = certify > (options.certify ?? 0) / 100 ? certify / 10 : 0;
    return false;
  };
  try {
    master.addCuts(points);
    while (iterations < maxIterations && options.now() < options.deadline) {
      if (options.target !== undefined && best.value <= options.target) break;
      // The certificate needs a model close to converged: before that its extra master solve
      // is wasted (and at a few thousand customers a master solve costs more than a pass).
      if (certify > 0 && predictedShare <= CERTIFY_FROM * certify && certified()) {
        converged = true;
        break;
      }
      box.around(center.lambda, lower, upper, undefined, ceiling);
      const step = master.solve(lower, upper, secondsLeft());
      if (!step) break;
      const predicted = center.value - step.theta;
      predictedShare = predicted / Math.max(1, Math.abs(center.value));
      if (predicted <= tolerance * Math.max(1, Math.abs(center.value))) {
        converged =
          !options.provenStop ||
          box.inside(center.lambda, step.lambda) ||
          best.value - openFloor() <= tolerance * Math.max(1, Math.abs(best.value));
        // Else the box's edge held the step back from a lower model value: a wider box reaches it.
        if (converged || !box.widen()) break;
        continue;
      }
      const point = evaluateLagrangian(relax, step.lambda, work);
      iterations++;
      points.push(point);
      master.addCut(point);
      if (point.value < best.value) best = point;
      if (box.judge(center.lambda, step.lambda, center.value - point.value, predicted)) center = point;
      await options.onIteration?.(best, iterations);
      if (hopeless(best)) return result(true, true);
    }
    // The bound's reduced cost is read off the model over the whole region, not the last box.
    if (converged && ceiling) openFloor();
  } finally {
    lease.release();
  }
  return result(converged, false);
}
