/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** One assigned customer of a sent plan, joined with what became of them. */
export interface JoinedOutcome {
  plan_id: string;
  action_id: number;
  group: 'treatment' | 'holdout';
  churned: boolean;
}

export interface Arm {
  customers: number;
  churned: number;
  /** churned / customers (0 for an empty arm). */
  churn_rate: number;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** The measured effect of one action: holdout against treatment. */
export interface UpliftMeasurement {
  action_id: number;
  treatment: Arm;
  holdout: Arm;
  /** Plans that contributed customers to both arms. */
  plans: number;
  /**
   * Absolute churn reduction: holdout churn rate minus treatment churn rate, with Newcombe's
   * hybrid score interval (method 10: Wilson intervals of each rate, combined). Undefined when
   * an arm is empty.
   */
  reduction?: Interval;
  /**
   * Relative uplift, the catalog's unit: reduction / holdout churn rate = 1 - risk ratio, with the
   * log risk-ratio (Katz) interval; 0.5 is added to each cell when a count is 0 (Haldane).
   * Undefined when an arm is empty or nobody in the holdout churned.
   */
  relative?: Interval;
}

/** Wilson score interval of a proportion x/n. */
export function wilsonInterval(x: number, n: number, z = Z95): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Difference of two independent proportions x1/n1 - x2/n2 with Newcombe's hybrid score
 * interval (Newcombe 1998, method 10). Chosen over the Wald interval because it keeps close to
 * nominal coverage for small arms and rates near 0, which churn rates often are.
 */
export function differenceInterval(x1: number, n1: number, x2: number, n2: number, z = Z95): Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  const d = p1 - p2;
  return {
    estimate: d,
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

/** 1 - (xt/nt)/(xh/nh) with the log risk-ratio interval; undefined when nobody in the holdout churned. */
export function relativeReductionInterval(
  xt: number,
  nt: number,
  xh: number,
  nh: number,
  z = Z95,
): Interval | undefined {
  if (xh === 0 || nt === 0 || nh === 0) return undefined;
  const ratio = xt / nt / (xh / nh);
  const zero = xt === 0 || xt === nt || xh === nh;
  const [ct, mt, ch, mh] = zero ? [xt + 0.5, nt + 1, xh + 0.5, nh + 1] : [xt, nt, xh, nh];
  const se = Math.sqrt(1 / ct - 1 / mt + 1 / ch - 1 / mh);
  const centre = zero ? ct / mt / (ch / mh) : ratio;
  const estimate = 1 - ratio;
  return {
    estimate,
    low: Math.min(estimate, 1 - centre * Math.exp(z * se)),
    high: Math.min(1, Math.max(estimate, 1 - centre * Math.exp(-z * se))),
  };
}

function arm(customers: number, churned: number): Arm {
  return { customers, churned, churn_rate: customers > 0 ? churned / customers : 0 };
}

/**
 * Measures each action's effect from joined outcomes, pooling every plan that has both arms for
 * that action. Pure. Pooling is sound because the holdout is drawn at the same share within every
 * (action, segment) stratum of a plan; plans with different holdout shares weigh their arms
 * differently, so keep the share steady between the plans being measured.
 *
 * @returns one measurement per action id present, in id order.
 */
export function measureUplift(rows: Iterable<JoinedOutcome>, options: { z?: number } = {}): UpliftMeasurement[] {
  const z = options.z ?? Z95;
  const cells = new Map<
    number,
    { nt: number; xt: number; nh: number; xh: number; plansT: Set<string>; plansH: Set<string> }
  >();
  for (const row of rows) {
    let cell = cells.get(row.action_id);
    if (!cell) cells.set(row.action_id, (cell = { nt: 0, xt: 0, nh: 0, xh: 0, plansT: new Set(), plansH: new Set() }));
    if (row.group === 'treatment') {
      cell.nt++;
      if (row.churned) cell.xt++;
      cell.plansT.add(row.plan_id);
    } else {
      cell.nh++;
      if (row.churned) cell.xh++;
      cell.plansH.add(row.plan_id);
    }
  }
  return [...cells]
    .sort(([a], [b]) => a - b)
    .map(([action_id, c]) => {
      const both = c.nt > 0 && c.nh > 0;
      const relative = both ? relativeReductionInterval(c.xt, c.nt, c.xh, c.nh, z) : undefined;
      return {
        action_id,
        treatment: arm(c.nt, c.xt),
        holdout: arm(c.nh, c.xh),
        plans: [...c.plansT].filter((id) => c.plansH.has(id)).length,
        ...(both ? { reduction: differenceInterval(c.xh, c.nh, c.xt, c.nt, z) } : {}),
        ...(relative ? { relative } : {}),
      };
    });
}
