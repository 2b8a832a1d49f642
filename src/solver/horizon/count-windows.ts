import type { Candidates } from './candidates.ts';
import type { LevelWindow } from './count-model.ts';

/** Customers on each side of the guess a level's window holds at first, by default. */
export const WINDOW = 8;

/** Per type and level of the candidates, the window of its cumulative count (none where the count is fixed). */
export type Windows = (LevelWindow | undefined)[][];

/** Each free level's first window: `width` customers around the relaxed choice's count, within the level's range. */
export function firstWindows(candidates: Candidates, width = WINDOW): Windows {
  return candidates.types.map((options) =>
    Array.from(options.levelQ, (_, l) =>
      options.lo[l] === options.hi[l]
        ? undefined
        : {
            from: Math.max(options.lo[l], options.guess[l] - width),
            to: Math.min(options.hi[l], options.guess[l] + width),
          },
    ),
  );
}

/** Cumulative counts per level of one type's option counts. */
function levelCounts(levels: Int32Array, L: number, counts: ArrayLike<number>): Float64Array {
  const cumulative = new Float64Array(L);
  for (let o = 0; o < counts.length; o++) cumulative[levels[o]] += counts[o];
  for (let l = 1; l < L; l++) cumulative[l] += cumulative[l - 1];
  return cumulative;
}

/**
 * Widens every window that `counts` leaves (a level's count outside it is valued by a tangent,
 * an overestimate); false when none is left, so the model valued the counts exactly.
 */
export function widen(candidates: Candidates, windows: Windows, counts: readonly ArrayLike<number>[]): boolean {
  let widened = false;
  candidates.types.forEach((options, j) => {
    const cumulative = levelCounts(options.level, options.levelQ.length, counts[j]);
    windows[j].forEach((window, l) => {
      if (!window) return;
      const m = cumulative[l];
      if (m >= window.from - 1e-9 && m <= window.to + 1e-9) return;
      const width = 2 * Math.max(WINDOW, window.to - window.from);
      window.from = Math.max(options.lo[l], Math.min(window.from, Math.floor(m) - width));
      window.to = Math.min(options.hi[l], Math.max(window.to, Math.ceil(m) + width));
      widened = true;
    });
  });
  return widened;
}
