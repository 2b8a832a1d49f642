import { describe, expect, it } from 'vitest';
import { validDistance } from '../../../src/analytics/marginal-range.ts';
import { piecewiseLp, row } from '../../support/piecewise-lp.ts';

const TOLERANCE = 0.05;

describe('validDistance with the LP giving its own end (the Lagrangian bounded at the target slope)', () => {
  it('takes that end once one re-solve just inside it holds', async () => {
    // Prepare: $10 per dollar up to $37.4 more, $5 after; the end given exactly
    const budget = row('budget', '<=', 1000);
    const lp = piecewiseLp(budget, [0, 37.4], [10, 5], false);
    const asked: number[] = [];
    const end = async (slope: number) => (asked.push(slope), 37.4);

    // Act
    const distance = await validDistance(lp, budget, 0, { first: 10, known: 1, reach: 1e6, tolerance: TOLERANCE, end });

    // Assess: asked for 95% of the first slope; one re-solve, just inside the end
    expect(asked).toEqual([9.5]);
    expect(lp.solves).toBe(1);
    expect(distance).toBeLessThan(37.4);
    expect(distance).toBeGreaterThan(37.39);
  });

  it('lands on the whole customers inside the end for a floor, the last one when the end is on it', async () => {
    // Prepare: each customer fewer on the floor is worth 4, then 1: from 22.5 on, and (a second
    // week) from 22 on, where the LP's end, solved to its precision, can lie either side of 22
    const floor = row('min_segment_coverage', '>=', 600);
    const range = { first: 4, known: 1, reach: 600, tolerance: TOLERANCE };
    const half = piecewiseLp(floor, [0, 22.5], [4, 1], false);
    const ends = [22 * (1 - 1e-9), 22 * (1 + 1e-9)];
    const whole = ends.map(() => piecewiseLp(floor, [0, 22], [4, 1], false));

    // Act
    const atHalf = await validDistance(half, floor, 0, { ...range, end: async () => 22.5 });
    const atWhole: number[] = [];
    for (const [j, end] of ends.entries())
      atWhole.push(await validDistance(whole[j], floor, 0, { ...range, end: async () => end }));

    // Assess: one re-solve each, just inside the end; the 22nd customer is worth 4 in both weeks
    expect(atHalf).toBe(22);
    expect(atWhole).toEqual([22, 22]);
    for (const lp of [half, ...whole]) expect(lp.solves).toBe(1);
    expect(half.distances[0]).toBeLessThan(22.5);
    expect(half.distances[0]).toBeGreaterThan(22.49);
  });

  it('searches as before below an end that does not hold, and never answers past the true one', async () => {
    // Prepare: the end given 10% too far
    const budget = row('budget', '<=', 1000);
    const lp = piecewiseLp(budget, [0, 37.4], [10, 5], false);

    // Act
    const distance = await validDistance(lp, budget, 0, {
      first: 10,
      known: 1,
      reach: 1e6,
      tolerance: TOLERANCE,
      end: async () => 41.14,
    });

    // Assess: the first re-solve at the given end fails; the rest find the breakpoint within the five
    expect(lp.distances[0]).toBeCloseTo(41.14, 3);
    expect(distance).toBeLessThanOrEqual(37.4);
    expect(distance).toBeGreaterThan(30);
    expect(lp.solves).toBeLessThanOrEqual(4);
  });

  it('searches as without it where the LP gives no end, or none past the known one', async () => {
    // Prepare: a slope falling 1% every 3 units
    const cap = row('email_cap', '<=', 3000);
    const starts = Array.from({ length: 200 }, (_, j) => 3 * j);
    const slopes = starts.map((_, j) => 2 * 0.99 ** j);
    const range = { first: 2, known: 1, reach: 1e5, tolerance: TOLERANCE };

    // Act
    const without = await validDistance(piecewiseLp(cap, starts, slopes, false), cap, 0, range);
    const none = await validDistance(piecewiseLp(cap, starts, slopes, false), cap, 0, {
      ...range,
      end: async () => undefined,
    });
    const short = piecewiseLp(cap, starts, slopes, false);
    const behind = await validDistance(short, cap, 0, { ...range, end: async () => 0.5 });

    // Assess: the same answers; the end's ask counts against the five re-solves
    expect(none).toBe(without);
    expect(behind).toBeLessThanOrEqual(18);
    expect(behind).toBeGreaterThanOrEqual(12);
    expect(short.solves).toBeLessThanOrEqual(4);
  });
});
