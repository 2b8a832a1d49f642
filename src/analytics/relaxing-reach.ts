import type { LinkingRow } from '../solver/linking-rows.ts';
import type { Problem } from '../solver/problem.ts';

/** Customers grouped by the set of actions they are eligible for: each one's group, each group's actions and size. */
interface Eligibility {
  group: Uint32Array;
  actions: number[][];
  size: Float64Array;
}

/** Actions per word of an eligibility key: bit operations stay within 31 bits. */
const WORD_BITS = 30;

const eligibilityOf = new WeakMap<Problem, Eligibility>();

/** A key of one customer's eligible actions: a number up to 60 actions, else the words joined. */
function eligibilityKey(words: Int32Array): number | string {
  if (words.length === 1) return words[0];
  if (words.length === 2) return words[0] + words[1] * 2 ** WORD_BITS;
  return words.join(',');
}

/** The eligibility groups of a problem's customers, found once per problem. */
export function eligibility(problem: Problem): Eligibility {
  const known = eligibilityOf.get(problem);
  if (known) return known;
  const { n, K, value } = problem;
  const group = new Uint32Array(n);
  const actions: number[][] = [];
  const sizes: number[] = [];
  const byKey = new Map<number | string, number>();
  const words = new Int32Array(Math.max(1, Math.ceil(K / WORD_BITS)));
  for (let i = 0; i < n; i++) {
    words.fill(0);
    for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) words[(k / WORD_BITS) | 0] |= 1 << (k % WORD_BITS);
    const key = eligibilityKey(words);
    let at = byKey.get(key);
    if (at === undefined) {
      const eligible: number[] = [];
      for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) eligible.push(k);
      at = actions.push(eligible) - 1;
      sizes.push(0);
      byKey.set(key, at);
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
