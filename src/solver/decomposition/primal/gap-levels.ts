import { sampledThresholdForSize, type Ranking } from '../ranking.ts';

/** Each level of gap holds about this many times the customers of the one before. */
const LEVEL_GROWTH = 2;

/**
 * Gaps over `nearGap` (which bounds about `first` customers) that bound about
 * {@link LEVEL_GROWTH} times as many customers each, up to a quarter of them: the levels a
 * repair looks at, nearest first, before it takes the moves of every customer.
 */
export function gapLevels(ranking: Ranking, nearGap: number, first: number): number[] {
  const n = ranking.gap.length;
  const gaps: number[] = [];
  let last = nearGap;
  for (let size = first * LEVEL_GROWTH; size <= n / 4; size *= LEVEL_GROWTH) {
    const g = sampledThresholdForSize(ranking, size);
    if (g > last) gaps.push(g);
    last = Math.max(last, g);
  }
  return gaps;
}
