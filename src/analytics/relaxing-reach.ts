import type { LinkingRow } from '../solver/linking-rows.ts';
import type { Problem } from '../solver/problem.ts';

/** Customers grouped by the set of actions they are eligible for: each one's group, and each group's actions. */
interface Eligibility {
  group: Uint32Array;
  actions: number[][];
}

/** Most actions whose sets are told apart by a bit mask; with more, each customer is its own group. */
const MASK_ACTIONS = 30;

const eligibilityOf = new WeakMap<Problem, Eligibility>();

/** The eligibility groups of a problem's customers, found once per problem. */
function eligibility(problem: Problem): Eligibility {
  const known = eligibilityOf.get(problem);
  if (known) return known;
  const { n, K, value } = problem;
  const group = new Uint32Array(n);
  const actions: number[][] = [];
  const byMask = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const eligible: number[] = [];
    let mask = 0;
    for (let k = 0; k < K; k++)
      if (!Number.isNaN(value[i * K + k])) {
        eligible.push(k);
        mask |= 1 << k;
      }
    let at = K <= MASK_ACTIONS ? byMask.get(mask) : undefined;
    if (at === undefined) {
      at = actions.push(eligible) - 1;
      if (K <= MASK_ACTIONS) byMask.set(mask, at);
    }
    group[i] = at;
  }
  const found = { group, actions };
  eligibilityOf.set(problem, found);
  return found;
}

/**
 * The largest limit a `≤` row could ever use, as distance past its limit (every member customer
 * at its costliest eligible action); a floor's limit itself. Customers eligible for the same
 * actions are summed together, so each row costs one look at the customers.
 */
export function relaxingReach(problem: Problem, row: LinkingRow): number {
  if (row.sense === '>=') return row.limit;
  const { group, actions } = eligibility(problem);
  const most = Float64Array.from(actions, (eligible) =>
    eligible.reduce((best, k) => Math.max(best, row.actionCoef[k]), 0),
  );
  const { members } = row;
  let total = 0;
  for (let i = 0; i < problem.n; i++) if (!members || members[i] !== 0) total += most[group[i]];
  return Math.max(0, Math.ceil(total) - row.limit);
}
