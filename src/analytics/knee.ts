/** Where returns diminish on a swept curve. */
export interface Knee {
  /** The swept key's value at the knee. */
  value: number;
  net_value: number;
  /** Average net value per unit of the key from the first level to the knee, and from the knee to the last. */
  slope_before: number;
  slope_after: number;
  /** Distance to the chord in the unit square (0..1): how pronounced the bend is. */
  distance: number;
}

/** Bends flatter than this (in the unit square) are not called a knee. */
export const KNEE_MIN_DISTANCE = 0.05;

/**
 * The knee of a curve (points in increasing x): scale x and y to [0, 1] between the first and
 * the last point, and take the point farthest from the chord joining them (the Kneedle
 * rule). No knee with fewer than 3 points, a flat curve, or a bend under
 * {@link KNEE_MIN_DISTANCE}: then returns do not visibly diminish in the swept range.
 */
export function findKnee(points: readonly { x: number; y: number }[]): Knee | null {
  if (points.length < 3) return null;
  const first = points[0];
  const last = points[points.length - 1];
  const dx = last.x - first.x;
  const dy = last.y - first.y;
  if (dx <= 0 || Math.abs(dy) <= 1e-9 * Math.max(1, Math.abs(last.y))) return null;
  let best = -1;
  let bestDistance = 0;
  for (let j = 1; j < points.length - 1; j++) {
    const distance = Math.abs((points[j].y - first.y) / dy - (points[j].x - first.x) / dx);
    if (distance > bestDistance) {
      bestDistance = distance;
      best = j;
    }
  }
  if (best < 0 || bestDistance < KNEE_MIN_DISTANCE) return null;
  const knee = points[best];
  return {
    value: knee.x,
    net_value: knee.y,
    slope_before: (knee.y - first.y) / (knee.x - first.x),
    slope_after: (last.y - knee.y) / (last.x - knee.x),
    distance: bestDistance,
  };
}
