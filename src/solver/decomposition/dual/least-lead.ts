/**
 * An option's leads over the others within one of the line screen's sure intervals: each a line
 * in the score, `rise · s + level`, whose least at a customer's score bounds its gap from below.
 */

/**
 * Drops the leads (`rise · s + level`, the first `count`) that another is at or below at both
 * ends of [low, high], so on all of it: their least stays the same there. Returns how many remain
 * (`count` is at most 31: one bit marks each dropped lead).
 */
export function keepLeast(rise: Float64Array, level: Float64Array, count: number, low: number, high: number): number {
  let dropped = 0;
  for (let o = 0; o < count; o++) {
    const atLow = rise[o] * low + level[o];
    const atHigh = rise[o] * high + level[o];
    for (let p = 0; p < count; p++) {
      const lowP = rise[p] * low + level[p];
      const highP = rise[p] * high + level[p];
      if (p !== o && lowP <= atLow && highP <= atHigh && (lowP < atLow || highP < atHigh || p < o)) {
        dropped |= 1 << o;
        break;
      }
    }
  }
  let kept = 0;
  for (let o = 0; o < count; o++) {
    if (dropped & (1 << o)) continue;
    rise[kept] = rise[o];
    level[kept++] = level[o];
  }
  return kept;
}
