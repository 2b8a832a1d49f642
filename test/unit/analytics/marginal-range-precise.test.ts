import { describe, expect, it } from 'vitest';
import type { LpRelaxation, LpSolution } from '../../../src/analytics/lp-relaxation.ts';
import { validDistance } from '../../../src/analytics/marginal-range.ts';
import type { LinkingRow } from '../../../src/solver/linking-rows.ts';

const cap: LinkingRow = {
  name: 'email_cap',
  label: 'email_cap',
  rule: 'email_cap',
  sense: '<=',
  limit: 1000,
  actionCoef: new Float64Array(1),
  members: null,
};

/** The LP value `distance` units past the cap: 1 a unit for the first 10, then 0.5. */
const valueAt = (d: number) => Math.min(d, 10) + 0.5 * Math.max(0, d - 10);
const slopeAt = (d: number) => (d < 10 ? 1 : 0.5);

/**
 * A Lagrangian-like LP (no ranging) at the cap's limit as set. With `blur`, a re-solve whose
 * value lies within `blur` of the first slope's line stops at its start and reports that slope,
 * as a re-solve does when a slope's fall moves the value less than its tolerance.
 */
function lpOf(blur: number): LpRelaxation & { distances: number[] } {
  let limit = cap.limit;
  const distances: number[] = [];
  return {
    distances,
    setLimit: (_r, value) => {
      limit = value;
    },
    solve(): LpSolution {
      const d = limit - cap.limit;
      distances.push(d);
      const slope = d - valueAt(d) < blur ? 1 : slopeAt(d);
      return {
        status: 'optimal',
        objective: valueAt(d),
        rows: [{ perUnitRaise: slope, from: limit, to: limit, activity: 0 }],
      };
    },
    dispose() {},
  };
}

describe('validDistance below its re-solves’ resolution', () => {
  const range = { first: 1, known: 1, reach: 1000, tolerance: 0.05 };

  it('overstates the range when blurred re-solves decide every try', async () => {
    expect(await validDistance(lpOf(6), cap, 0, range)).toBeGreaterThan(10);
  });

  it('asks the precise LP where the slope’s fall moves the value less than the resolution', async () => {
    const precise = lpOf(0);
    const distance = await validDistance(lpOf(6), cap, 0, { ...range, precise: { lp: precise, resolution: 6 } });
    expect(distance).toBe(10);
    // Tries past 120 units (0.05 × 120 = 6) stay with the blurred LP; the others went to the precise one.
    expect(precise.distances.length).toBeGreaterThan(0);
    expect(precise.distances.every((d) => 0.05 * d < 6)).toBe(true);
  });
});
