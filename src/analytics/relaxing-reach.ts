import type { LinkingRow } from '../solver/linking-rows.ts';
import type { Problem } from '../solver/problem.ts';

/** Customers grouped by the set of actions they are eligible for: each one's group, each group's actions and size. */
interface Eligibility {
  group: Uint32Array;
  actions: number[][];
  size: Float64Array;
}

/** Most actions whose sets are told apart by a bit mask; with more, each customer is its own group. */
const MASK_ACTIONS = 30;

const eligibilityOf = new WeakMap<Problem, Eligibility>();

/** The actions customer i is eligible for (value not NaN). */
function eligibleActions(problem: Problem, i: number): number[] {
  const eligible: number[] = [];
  for (let k = 0; k < problem.K; k++) if (!Number.isNaN(problem.value[i * problem.K + k])) eligible.push(k);
  return eligible;
}

/** The eligibility groups of a problem's customers, found once per problem; a group's action list is built once. */
function eligibility(problem: Problem): Eligibility {
  const known = eligibilityOf.get(problem);
  if (known) return known;
  const { n, K, value } = problem;
  const group = new Uint32Array(n);
  const actions: number[][] = [];
  const sizes: number[] = [];
  const byMask = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    let at: number | undefined;
    if (K <= MASK_ACTIONS) {
      let mask = 0;
      for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) mask |= 1 << k;
      at = byMask.get(mask);
      if (at === undefined) byMask.set(mask, (at = actions.length));
    }
    if (at === undefined || at === actions.length) {
      at = actions.push(eligibleActions(problem, i)) - 1;
      sizes.push(0);
    }
    sizes[at]++;
    group[i] = at;
  }
  const found = { group, actions, size: Float64Array.from(sizes) };
  eligibilityOf.set(problem, found);
  return found;
}

/**
 * The largest limit a `≤` row could ever use, as distance past its limit (every member customer
 * at its costliest eligible action); a floor's limit itself. Customers eligible for the same
 * actions are summed together: a row of every customer costs a look at the groups, a row of
 * members one look at the customers.
 */
export function relaxingReach(problem: Problem, row: LinkingRow): number {
  if (row.sense === '>=') return row.limit;
  const { group, actions, size } = eligibility(problem);
  const most = Float64Array.from(actions, (eligible) =>
    eligible.reduce((best, k) => Math.max(best, row.actionCoef[k]), 0),
  );
  const { members } = row;
  let total = 0;
  if (!members) for (let g = 0; g < actions.length; g++) total += size[g] * most[g];
  else for (let i = 0; i < problem.n; i++) if (members[i] !== 0) total += most[group[i]];
  return Math.max(0, Math.ceil(total) - row.limit);
}
