import type { LpRelaxation } from '../../src/analytics/lp-relaxation.ts';
import type { LinkingRow } from '../../src/solver/linking-rows.ts';

/** A row of one rule, its limit at `limit`, relaxed upwards (`<=`) or downwards (a floor). */
export function row(rule: LinkingRow['rule'], sense: LinkingRow['sense'], limit: number): LinkingRow {
  return { name: rule, label: rule, rule, sense, limit, actionCoef: new Float64Array(1), members: null };
}

/**
 * An LP whose value is concave and piecewise linear in the relaxing distance d from the row's
 * limit: `slopes[j]` per unit from `starts[j]` on. With `ranging`, each solve reports the
 * piece it lies on (as the simplex does); without, only its own limit (as the Lagrangian).
 * Counts its solves, keeps the furthest distance solved at and every distance solved at, in order.
 */
export function piecewiseLp(of: LinkingRow, starts: number[], slopes: number[], ranging: boolean) {
  const dir = of.sense === '<=' ? 1 : -1;
  let limit = of.limit;
  const lp: LpRelaxation & { solves: number; early: number; furthest: number; distances: number[] } = {
    solves: 0,
    early: 0,
    furthest: 0,
    distances: [],
    setLimit: (_r, value) => {
      limit = value;
    },
    solve(below?: number) {
      lp.solves++;
      const d = dir * (limit - of.limit);
      lp.furthest = Math.max(lp.furthest, d);
      lp.distances.push(d);
      let value = 0;
      let piece = 0;
      for (let j = 0; j < slopes.length; j++) {
        const end = starts[j + 1] ?? Infinity;
        value += slopes[j] * Math.max(0, Math.min(d, end) - starts[j]);
        if (d >= starts[j]) piece = j;
      }
      const ends = [starts[piece], starts[piece + 1] ?? 1e12].map((x) => of.limit + dir * x);
      const [from, to] = ranging ? [Math.min(...ends), Math.max(...ends)] : [limit, limit];
      if (below !== undefined && value <= below) {
        // Stopped early, as the Lagrangian does: an upper bound for value, and a slope that is not the LP's.
        lp.early++;
        return {
          status: 'optimal',
          objective: below,
          rows: [{ perUnitRaise: dir * slopes[0], from, to, activity: limit }],
          below: true,
        };
      }
      return {
        status: 'optimal',
        objective: value,
        rows: [{ perUnitRaise: dir * slopes[piece], from, to, activity: limit }],
      };
    },
    dispose() {},
  };
  return lp;
}
