import type { LinkingRow } from './linking-rows.ts';

/**
 * Customers grouped by the member rows they belong to (segment, high risk, premium): every
 * row sees a customer only through this class and the action. A week's classes are few (twice
 * the segments at most, plus one), so a plan's use of every row is counted per (class, action)
 * in one pass over the customers instead of one pass per member row.
 */
export interface Membership {
  /** Each customer's class. */
  classOf: Uint32Array;
  count: number;
  /** A customer of each class (its memberships stand for all of them). */
  firstOfClass: Int32Array;
}

/** The classes of the last member rows seen, by the first member row's array: a sweep's levels share their rows' members. */
const known = new WeakMap<Uint8Array, { members: Uint8Array[]; membership: Membership }>();

/**
 * The classes of `n` customers by their membership of `rows` (each member row splits the
 * classes so far in two), numbered in order of first appearance: one scan of each member row's
 * array, once per set of member rows (problems whose rows share their members arrays share it).
 */
export function membershipClasses(n: number, rows: readonly LinkingRow[]): Membership {
  const members = rows.flatMap((row) => (row.members ? [row.members] : []));
  const cached = members.length > 0 ? known.get(members[0]) : undefined;
  if (cached && cached.members.length === members.length && cached.members.every((m, r) => m === members[r]))
    return cached.membership;
  const classOf = new Uint32Array(n);
  let count = n === 0 ? 0 : 1;
  // A member row moves its members to a class of their own (one per class they were in); the
  // others keep theirs, so a row with few members costs a scan of its array and no more.
  for (const of of members) {
    const split = new Int32Array(count).fill(-1);
    for (let i = 0; i < n; i++) {
      if (!of[i]) continue;
      const c = classOf[i];
      if (split[c] < 0) split[c] = count++;
      classOf[i] = split[c];
    }
  }
  // Renumbered in order of first appearance: classes emptied by the splits are dropped.
  const number = new Int32Array(count).fill(-1);
  count = 0;
  const first: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = classOf[i];
    if (number[c] < 0) {
      number[c] = count++;
      first.push(i);
    }
    classOf[i] = number[c];
  }
  const firstOfClass = Int32Array.from(first);
  const membership = { classOf, count, firstOfClass };
  if (members.length > 0) known.set(members[0], { members, membership });
  return membership;
}
