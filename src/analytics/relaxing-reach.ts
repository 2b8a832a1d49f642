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
/** Up to this many actions, a customer's group is found in a table of every eligibility key. */
const TABLE_BITS = 16;

const eligibilityOf = new WeakMap<Problem, Eligibility>();

/** Customer i's eligible actions as bits from action `first` on, at most {@link WORD_BITS} of them. */
function eligibleBits(value: Float64Array, i: number, K: number, first: number): number {
  let bits = 0;
  const last = Math.min(K, first + WORD_BITS);
  for (let k = first; k < last; k++) if (!Number.isNaN(value[i * K + k])) bits |= 1 << (k - first);
  return bits;
}

/** A key of customer i's eligible actions: a number up to 60 actions, else the words joined. */
function eligibilityKey(value: Float64Array, i: number, K: number): number | string {
  if (K <= WORD_BITS) return eligibleBits(value, i, K, 0);
  if (K <= 2 * WORD_BITS) return eligibleBits(value, i, K, 0) + eligibleBits(value, i, K, WORD_BITS) * 2 ** WORD_BITS;
  const words: number[] = [];
  for (let first = 0; first < K; first += WORD_BITS) words.push(eligibleBits(value, i, K, first));
  return words.join(',');
}

/**
 * The eligibility groups of a problem's customers, found once per problem: with few actions
 * each key indexes a table, else a map (a lookup per customer costs more than reading its values).
 */
export function eligibility(problem: Problem): Eligibility {
  const known = eligibilityOf.get(problem);
  if (known) return known;
  const { n, K, value } = problem;
  const group = new Uint32Array(n);
  const actions: number[][] = [];
  const sizes: number[] = [];
  const table = K <= TABLE_BITS ? new Int32Array(1 << K).fill(-1) : undefined;
  const byKey = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const key = eligibilityKey(value, i, K);
    let at = table ? table[key as number] : (byKey.get(key) ?? -1);
    if (at < 0) {
      const eligible: number[] = [];
      for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) eligible.push(k);
      at = actions.push(eligible) - 1;
      sizes.push(0);
      if (table) table[key as number] = at;
      else byKey.set(key, at);
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
