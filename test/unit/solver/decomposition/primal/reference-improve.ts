import type { Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rowSlackTolerance } from '../../../../../src/solver/decomposition/scored-plan.ts';

/** Class c's coefficient of action k (-1: none) on row r. */
export const coefOf = (relax: Relaxation, c: number, k: number, r: number) =>
  k < 0 ? 0 : relax.rowCoef[(c * relax.R + r) * relax.K + k];

/** Every row's use by `choice`, customer by customer. */
export function usageOf(relax: Relaxation, choice: Int16Array): number[] {
  const usage = new Array<number>(relax.R).fill(0);
  choice.forEach((k, i) => {
    for (let r = 0; r < relax.R; r++) usage[r] += coefOf(relax, relax.classOf[i], k, r);
  });
  return usage;
}

/** The improvement as specified: each customer's best fitting gain, then the largest gain that still fits, until none does (only `movable` customers move). */
export function referenceImprove(
  relax: Relaxation,
  start: Int16Array,
  movable: (i: number) => boolean = () => true,
): Int16Array {
  const { n, K, R, classOf, sign, limit } = relax;
  const value = relax.problem.value;
  const choice = Int16Array.from(start);
  const usage = usageOf(relax, choice);
  const fits = (i: number, to: number) =>
    usage.every((used, r) => {
      const after = used + coefOf(relax, classOf[i], to, r) - coefOf(relax, classOf[i], choice[i], r);
      return sign[r] > 0
        ? after <= limit[r] + rowSlackTolerance(limit[r])
        : after >= limit[r] - rowSlackTolerance(limit[r]);
    });
  const at = (i: number, k: number) => (k < 0 ? 0 : value[i * K + k]);
  const moves: { i: number; to: number; gain: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (!movable(i)) continue;
    let best: { i: number; to: number; gain: number } | undefined;
    for (let to = -1; to < K; to++)
      if (at(i, to) - at(i, choice[i]) > (best?.gain ?? 0) && fits(i, to))
        best = { i, to, gain: at(i, to) - at(i, choice[i]) };
    if (best) moves.push(best);
  }
  for (;;) {
    const next = moves.filter((m) => choice[m.i] !== m.to && fits(m.i, m.to)).sort((a, b) => b.gain - a.gain)[0];
    if (!next) return choice;
    for (let r = 0; r < R; r++)
      usage[r] += coefOf(relax, classOf[next.i], next.to, r) - coefOf(relax, classOf[next.i], choice[next.i], r);
    choice[next.i] = next.to;
  }
}
