import type { Highs } from 'highs';
import { BoxStep } from '../dual/box-step.ts';
import { createMaster, type ClassChoice, type CuttingPlaneMaster } from '../dual/master.ts';
import { passAt, type Workspace } from '../evaluation.ts';
import { classPenalties, type Relaxation } from '../lagrangian.ts';

/** Node dual iterations at most before a node is branched (or left open) with the bound it has. */
const NODE_ITERATIONS = 40;
/** A count this close to a whole number counts as whole. */
const WHOLE = 1e-5;

/** Bounds on the customers of each class taking each action, at `c * K + k`. */
export interface CountBox {
  lower: Float64Array;
  upper: Float64Array;
}

/** The Lagrangian bound of one node: L minimised over λ and the prices of the node's count bounds. */
export interface NodeBound {
  /** The lowest L found: no plan in the node is worth more. */
  value: number;
  /** What the cutting-plane model proves L cannot fall below (-Infinity when unproven). */
  floor: number;
  /** The node's fractional plan in counts (the model's), and the multipliers and prices of `value`. */
  counts: Float64Array;
  multipliers: Float64Array;
  prices: Float64Array;
}

/**
 * The dual of the problem restricted to a box of counts, over the multipliers λ of the linking
 * rows and prices μ⁺, μ⁻ of the box's bounds (see `createMaster`'s count prices): a box-step
 * cutting-plane method as the main dual's, whose cuts, per class, stay valid in every box. So
 * the nodes of a branch-and-bound on counts share one cut pool and start from their parent's point.
 */
export class CountDual {
  readonly master: CuttingPlaneMaster;
  /** Customers of each class eligible for each action: the natural upper bound of a count. */
  readonly capacity: Float64Array;
  /** Customers of each class eligible for some action: at most that many of them are treated. */
  readonly classSize: Float64Array;

  private readonly F: number;
  /** A multiplier's first box: a quarter of the largest value per unit of its row's largest coefficient. */
  private readonly baseWidth: Float64Array;

  constructor(
    highs: Highs,
    readonly relax: Relaxation,
    readonly work: Workspace,
    seeds: readonly ClassChoice[],
  ) {
    const { R, C, K } = relax;
    this.F = R + 2 * C * K;
    this.baseWidth = new Float64Array(this.F).fill(relax.valueScale / 4);
    for (let r = 0; r < R; r++) {
      let coef = 0;
      for (let c = 0; c < C; c++)
        for (let k = 0; k < K; k++) coef = Math.max(coef, Math.abs(relax.rowCoef[(c * R + r) * K + k]));
      this.baseWidth[r] = coef > 0 ? relax.valueScale / coef / 4 : 0;
    }
    this.master = createMaster(highs, relax, { countPrices: true });
    const extremes = extremeChoices(relax);
    this.capacity = extremes.capacity;
    this.classSize = extremes.classSize;
    this.master.addCuts([...seeds, ...extremes.choices]);
  }

  /** The starting multipliers of the root: λ, and no count prices. */
  rootPoint(lambda: Float64Array): Float64Array {
    const x = new Float64Array(this.F);
    x.set(lambda);
    return x;
  }

  /** Minimises L over the node `box`, from `start`; stops early once L is at or below `pruneAt`. */
  /** The multipliers' bounds in `box`: a count's price is free only where the box bounds it. */
  private columnBounds(box: CountBox): { colLower: Float64Array; colUpper: Float64Array } {
    const { F } = this;
    const { R } = this.relax;
    const CK = (F - R) / 2;
    this.master.setCountBounds(box.lower, box.upper);
    const colLower = new Float64Array(F);
    const colUpper = new Float64Array(F).fill(Infinity);
    for (let j = 0; j < CK; j++) {
      if (!(box.upper[j] < this.capacity[j])) colUpper[R + j] = 0;
      if (!(box.lower[j] > 0)) colUpper[R + CK + j] = 0;
    }
    return { colLower, colUpper };
  }

  /** What the cuts so far prove about `box` without a pass: L there is at least this (a lower estimate of its bound). */
  modelFloor(box: CountBox): number {
    const { colLower, colUpper } = this.columnBounds(box);
    return this.master.solve(colLower, colUpper)?.theta ?? -Infinity;
  }

  bound(box: CountBox, start: Float64Array, pruneAt: number, tolerance: number): NodeBound {
    const { F } = this;
    const { colLower, colUpper } = this.columnBounds(box);
    const width = Float64Array.from(start, (x, j) =>
      colUpper[j] > 0 ? (x > 0 ? Math.max(0.2 * x, 1e-3 * this.baseWidth[j]) : this.baseWidth[j]) : 0,
    );
    let centre = this.evaluate(
      Float64Array.from(start, (x, j) => Math.min(x, colUpper[j])),
      box,
    );
    let best = centre;
    let floor = -Infinity;
    const trust = new BoxStep(width);
    const lower = new Float64Array(F);
    const upper = new Float64Array(F);
    for (let iteration = 0; iteration < NODE_ITERATIONS && best.value > pruneAt; iteration++) {
      trust.around(centre.x, lower, upper, colLower, colUpper);
      const step = this.master.solve(lower, upper);
      if (!step) break;
      const predicted = centre.value - step.theta;
      if (predicted <= tolerance) {
        const whole = this.master.solve(colLower, colUpper);
        if (whole) floor = Math.max(floor, whole.theta);
        if (best.value - floor <= tolerance) break;
        for (let j = 0; j < F; j++) width[j] *= 4;
        continue;
      }
      const point = this.evaluate(step.lambda, box);
      if (point.value < best.value) best = point;
      if (trust.judge(centre.x, step.lambda, centre.value - point.value, predicted)) centre = point;
    }
    const whole = this.master.solve(colLower, colUpper);
    if (whole) floor = Math.max(floor, whole.theta);
    return {
      value: best.value,
      floor,
      counts: this.master.modelCounts(),
      multipliers: best.x,
      prices: best.prices,
    };
  }

  /** L at multipliers `x` over `box`: one pass over the customers at the prices x sets; its cuts join the pool. */
  private evaluate(x: Float64Array, box: CountBox): { x: Float64Array; value: number; prices: Float64Array } {
    const { R, C, K, sign, limit } = this.relax;
    const CK = C * K;
    const prices = classPenalties(this.relax, x.subarray(0, R));
    for (let j = 0; j < CK; j++) prices[j] += x[R + j] - x[R + CK + j];
    let value = passAt(this.relax, prices, this.work);
    const classCounts = Float64Array.from(this.work.counts);
    const classValue = Float64Array.from(this.work.classTotals);
    for (let j = 0; j < CK; j++) classValue[Math.floor(j / K)] += prices[j] * classCounts[j];
    this.master.addCut({ classCounts, classValue });
    for (let r = 0; r < R; r++) value += x[r] * sign[r] * limit[r];
    for (let j = 0; j < CK; j++) value += x[R + j] * box.upper[j] - x[R + CK + j] * box.lower[j];
    return { x: Float64Array.from(x), value, prices };
  }

  dispose(): void {
    this.master.dispose();
  }
}

/**
 * Per class, the choice of nobody and, per action, of every customer eligible for it: cuts that
 * keep the model bounded in every direction a count's price can take.
 */
function extremeChoices(relax: Relaxation): {
  capacity: Float64Array;
  classSize: Float64Array;
  choices: ClassChoice[];
} {
  const { n, C, K, classOf } = relax;
  const value = relax.problem.value;
  const capacity = new Float64Array(C * K);
  const classSize = new Float64Array(C);
  const total = new Float64Array(C * K);
  for (let i = 0; i < n; i++) {
    const base = classOf[i] * K;
    let eligible = false;
    for (let k = 0; k < K; k++) {
      const v = value[i * K + k];
      if (Number.isNaN(v)) continue;
      eligible = true;
      capacity[base + k]++;
      total[base + k] += v;
    }
    if (eligible) classSize[classOf[i]]++;
  }
  const choices: ClassChoice[] = [{ classCounts: new Float64Array(C * K), classValue: new Float64Array(C) }];
  for (let k = 0; k < K; k++) {
    const classCounts = new Float64Array(C * K);
    const classValue = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      classCounts[c * K + k] = capacity[c * K + k];
      classValue[c] = total[c * K + k];
    }
    choices.push({ classCounts, classValue });
  }
  return { capacity, classSize, choices };
}

/** The count to branch on: the most fractional of `counts` (-1 when every count is whole). */
export function fractionalCount(counts: Float64Array): number {
  let pick = -1;
  let most = WHOLE;
  for (let j = 0; j < counts.length; j++) {
    const fraction = Math.abs(counts[j] - Math.round(counts[j]));
    if (fraction > most) {
      most = fraction;
      pick = j;
    }
  }
  return pick;
}
