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

/** The member rows' arrays, in row order: what a set of classes belongs to. */
function memberArrays(rows: readonly LinkingRow[]): Uint8Array[] {
  return rows.flatMap((row) => (row.members ? [row.members] : []));
}

/**
 * Records the classes of the customers of `rows` found by whoever built the rows (in one pass,
 * numbered in order of first appearance), so that {@link membershipClasses} returns them
 * without its scan of every member row.
 */
export function rememberMembership(rows: readonly LinkingRow[], membership: Membership): void {
  const members = memberArrays(rows);
  if (members.length > 0) known.set(members[0], { members, membership });
}

/**
 * The classes of `n` customers by their membership of `rows` (each member row splits the
 * classes so far in two), numbered in order of first appearance: one scan of each member row's
 * array, once per set of member rows (problems whose rows share their members arrays share it).
 */
export function membershipClasses(n: number, rows: readonly LinkingRow[]): Membership {
  const members = memberArrays(rows);
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
  const numbering = new ClassNumbering(classOf, count);
  for (let i = 0; i < n; i++) numbering.add(i, classOf[i]);
  const membership = numbering.finish();
  if (members.length > 0) known.set(members[0], { members, membership });
  return membership;
}

/** Numbers customers' classes, given by keys in [0, keys), in order of first appearance. */
export class ClassNumbering {
  private readonly number: Int32Array;
  private readonly first: number[] = [];

  /** `classOf` receives each customer's class (it may hold the keys: each is read before it is written). */
  constructor(
    private readonly classOf: Uint32Array,
    keys: number,
  ) {
    this.number = new Int32Array(keys).fill(-1);
  }

  /** Puts customer i, whose key is `key`, in its class. */
  add(i: number, key: number): void {
    let c = this.number[key];
    if (c < 0) {
      c = this.first.length;
      this.number[key] = c;
      this.first.push(i);
    }
    this.classOf[i] = c;
  }

  finish(): Membership {
    return { classOf: this.classOf, count: this.first.length, firstOfClass: Int32Array.from(this.first) };
  }
}
