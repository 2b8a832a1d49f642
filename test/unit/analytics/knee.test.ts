import { describe, expect, it } from 'vitest';
import { findKnee } from '../../../src/analytics/knee.ts';

describe('findKnee', () => {
  it('finds the bend of a concave curve at the point farthest from the chord', () => {
    // Prepare: steep to x=300, then flat
    const points = [150, 200, 250, 300, 400, 600, 1000].map((x) => ({ x, y: x <= 300 ? 10 * x : 3000 + (x - 300) }));

    // Act
    const knee = findKnee(points);

    // Assess
    expect(knee?.value).toBe(300);
    expect(knee?.slope_before).toBeCloseTo(10, 9);
    expect(knee?.slope_after).toBeCloseTo(1, 9);
  });

  it('finds no knee on a straight line, a flat line or fewer than three points', () => {
    expect(findKnee([1, 2, 3, 4].map((x) => ({ x, y: 5 * x })))).toBeNull();
    expect(findKnee([1, 2, 3, 4].map((x) => ({ x, y: 7 })))).toBeNull();
    expect(
      findKnee([
        { x: 1, y: 1 },
        { x: 2, y: 5 },
      ]),
    ).toBeNull();
  });

  it('finds where a falling curve starts to fall fast (a floor that gets expensive)', () => {
    const points = [0.5, 0.6, 0.7, 0.8, 0.9].map((x) => ({ x, y: x <= 0.7 ? 1000 - 10 * x : 993 - 2000 * (x - 0.7) }));
    expect(findKnee(points)?.value).toBe(0.7);
  });
});
