import type { Action } from '../../src/domain/catalog.ts';
import { checkPlan } from './check-plan.ts';
import type { Instance } from './random-instance.ts';

/**
 * The optimum by enumeration of every assignment ((actions + 1) ^ customers of them), each
 * judged by the independent checker. `undefined` when no assignment meets the policy.
 */
export function bruteForceOptimum({ predictions, catalog, policy }: Instance): number | undefined {
  const n = predictions.ids.length;
  const options: Action[] = catalog.filter((a) => a.id !== 0);
  const digits = new Array<number>(n).fill(0);
  let best: number | undefined;
  for (;;) {
    const assigned = new Map<number, number>();
    digits.forEach((d, i) => {
      if (d > 0) assigned.set(i, options[d - 1].id);
    });
    const checked = checkPlan(predictions, catalog, policy, assigned);
    if (checked.violations.length === 0 && (best === undefined || checked.objective > best)) best = checked.objective;
    let i = 0;
    while (i < n && digits[i] === options.length) digits[i++] = 0;
    if (i === n) return best;
    digits[i]++;
  }
}
