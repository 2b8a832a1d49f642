import { describe, expect, it } from 'vitest';
import { validDistance } from '../../../src/analytics/marginal-range.ts';
import { piecewiseLp, row } from '../../support/piecewise-lp.ts';

const TOLERANCE = 0.05;

describe('validDistance', () => {
  it('stops re-solves early under the floor line of the target slope and ends where it ends without', async () => {
    // Prepare: a floor of 6,000 customers, 4.5 per customer for 5.5 more, 3.9 to 17, 0.8 after
    const floor = row('min_segment_coverage', '>=', 6000);
    const full = piecewiseLp(floor, [0, 5.5, 17], [4.5, 3.9, 0.8], false);
    const early = piecewiseLp(floor, [0, 5.5, 17], [4.5, 3.9, 0.8], false);
    const range = { first: 4.5, known: 1, reach: 6000, tolerance: TOLERANCE };

    // Act: the plan's objective, 0.3 under the LP at the limit, as the floor
    const without = await validDistance(full, floor, 0, range);
    const withFloor = await validDistance(early, floor, 0, { ...range, floor: -0.3 });

    // Assess
    expect(early.early).toBeGreaterThan(0);
    expect(full.early).toBe(0);
    expect(withFloor).toBe(without);
    expect(withFloor).toBe(5);
  });

  it('does not solve through a far try that stopped early, once a nearer piece holds', async () => {
    // Prepare: a floor of 6,000 customers, 4.5 per customer for 40 more, 3.9 after (under 95% of 4.5)
    const floor = row('min_segment_coverage', '>=', 6000);
    const lp = piecewiseLp(floor, [0, 40], [4.5, 3.9], false);

    // Act: the plan's objective, 0.3 under the LP at the limit, as the floor
    const distance = await validDistance(lp, floor, 0, {
      first: 4.5,
      known: 1,
      reach: 6000,
      tolerance: TOLERANCE,
      floor: -0.3,
    });

    // Assess: the first try (300, 5% of the limit) stops early and is never solved again; the answer still holds
    expect(lp.distances[0]).toBe(300);
    expect(lp.early).toBe(1);
    expect(lp.distances.filter((d) => d === 300)).toHaveLength(1);
    expect(distance).toBeLessThanOrEqual(40);
    expect(distance).toBeGreaterThanOrEqual(36);
  });

  it('finds one breakpoint exactly from re-solves without ranging (the Lagrangian), within its five re-solves', async () => {
    // Prepare: $10 per dollar up to $37.4 more, $5 after
    const budget = row('budget', '<=', 1000);
    const lp = piecewiseLp(budget, [0, 37.4], [10, 5], false);

    // Act
    const distance = await validDistance(lp, budget, 0, { first: 10, known: 1, reach: 1e6, tolerance: TOLERANCE });

    // Assess
    expect(distance).toBeGreaterThan(36.4);
    expect(distance).toBeLessThanOrEqual(37.4);
    expect(lp.solves).toBeLessThanOrEqual(5);
  });

  it('lands on whole customers for a floor, at the breakpoint', async () => {
    // Prepare: each customer fewer on the floor is worth 4, from the 23rd on 1
    const floor = row('min_segment_coverage', '>=', 600);
    const lp = piecewiseLp(floor, [0, 22], [4, 1], false);

    // Act
    const distance = await validDistance(lp, floor, 0, { first: 4, known: 1, reach: 600, tolerance: TOLERANCE });

    // Assess
    expect(distance).toBe(22);
  });

  it('follows a slope that falls by small steps to where it passes the tolerance, never beyond', async () => {
    // Prepare: the slope falls 1% every 3 units (many small pieces): 2 * 0.99^6 < 95% of 2 from 18 on
    const cap = row('email_cap', '<=', 3000);
    const starts = Array.from({ length: 200 }, (_, j) => 3 * j);
    const lp = piecewiseLp(
      cap,
      starts,
      starts.map((_, j) => 2 * 0.99 ** j),
      false,
    );

    // Act
    const distance = await validDistance(lp, cap, 0, { first: 2, known: 1, reach: 1e5, tolerance: TOLERANCE });

    // Assess: never past 18, and close to it
    expect(distance).toBeLessThanOrEqual(18);
    expect(distance).toBeGreaterThanOrEqual(12);
  });

  it('takes the ends of pieces from the ranging when the LP has it, in one or two re-solves', async () => {
    // Prepare
    const budget = row('budget', '<=', 1000);
    const lp = piecewiseLp(budget, [0, 120, 300], [10, 9.8, 3], true);

    // Act: the first piece is known to hold to 120 (the ranging of the plan's own LP)
    const distance = await validDistance(lp, budget, 0, { first: 10, known: 120, reach: 1e6, tolerance: TOLERANCE });

    // Assess: 9.8 is within 5% of 10, 3 is not
    expect(distance).toBe(300);
    expect(lp.solves).toBeLessThanOrEqual(2);
  });

  it('ends near where a slope curving away from its line passes the tolerance, not at its first piece', async () => {
    // Prepare: a near-smooth slope (pieces of one dollar), 10·e^(−d/400000), as a week of many
    // customers gives; it falls below 95% of 10 at d = 400000·ln(1/0.95), about 20,517
    const budget = row('budget', '<=', 600_000);
    const starts = Array.from({ length: 60_000 }, (_, j) => j);
    const lp = piecewiseLp(
      budget,
      starts,
      starts.map((d) => 10 * Math.exp(-d / 400_000)),
      false,
    );
    const end = 400_000 * Math.log(1 / 0.95);

    // Act
    const distance = await validDistance(lp, budget, 0, { first: 10, known: 1, reach: 1e6, tolerance: TOLERANCE });

    // Assess: within 5% of the end, never past it, in five re-solves (each try used to land just past it)
    expect(distance).toBeLessThanOrEqual(end + 1);
    expect(distance).toBeGreaterThan(0.95 * end);
    expect(lp.solves).toBeLessThanOrEqual(5);
  });

  it('aims where the falling slope, extrapolated from the first try, meets the target, not four times further', async () => {
    // Prepare: 10 per dollar falling by 1/1,000 each dollar (pieces of one dollar): the dollar from 500 is the last worth 95% of 10
    const budget = row('budget', '<=', 6_000);
    const starts = Array.from({ length: 2_000 }, (_, j) => j);
    const lp = piecewiseLp(
      budget,
      starts,
      starts.map((d) => 10 - d / 1_000),
      false,
    );

    // Act: the first try, at 5% of the limit (300), holds
    const distance = await validDistance(lp, budget, 0, { first: 10, known: 1, reach: 1e6, tolerance: TOLERANCE });

    // Assess: on the last dollar that holds, with no re-solve far past it (a try at 4 × 300 moves the dual far)
    expect(distance).toBeGreaterThanOrEqual(500);
    expect(distance).toBeLessThanOrEqual(501);
    expect(lp.furthest).toBeLessThan(510);
    expect(lp.solves).toBeLessThanOrEqual(4);
  });

  it('meets the line of the first slope where a piece that holds still has it', async () => {
    // Prepare: 4 per customer fewer on the floor up to 52.4, then 3.6 (under 95% of 4)
    const floor = row('min_segment_coverage', '>=', 8700);
    const lp = piecewiseLp(floor, [0, 52.4], [4, 3.6], false);

    // Act: the first try (435) fails, the next (20) holds at the first slope
    const distance = await validDistance(lp, floor, 0, { first: 4, known: 1, reach: 8700, tolerance: TOLERANCE });

    // Assess: the breakpoint's whole customers, where the two pieces' lines meet (interpolating slopes stayed at 20)
    expect(distance).toBe(52);
    expect(lp.solves).toBeLessThanOrEqual(4);
  });

  it('stops at reach when the slope never falls', async () => {
    const cap = row('push_cap', '<=', 100);
    const lp = piecewiseLp(cap, [0], [1], false);
    expect(await validDistance(lp, cap, 0, { first: 1, known: 1, reach: 250, tolerance: TOLERANCE })).toBe(250);
  });
});
