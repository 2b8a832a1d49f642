/** One kind of item: each unit uses `weight[r]` of row r (integers); m units are worth `worth[m]` (`worth[0]` = 0). */
export interface FrontierItem {
  weight: readonly number[];
  worth: Float64Array;
}

export interface FrontierAnswer {
  /** The most Σ_j worth_j[m_j] over the plans that keep every row. */
  value: number;
  /** Units of each item in a plan worth `value`. */
  counts: Int32Array;
}

/**
 * The best plan of a multiple-choice knapsack with at most two rows: m_j units of item j
 * (0 ≤ m_j < worth_j.length), Σ_j weight_j[r] · m_j ≤ cap[r] for every row, Σ_j worth_j[m_j]
 * largest. The partial plans after each item are kept as a frontier: one that uses no more
 * of every row and is worth at least as much as another leaves the other out (rows only
 * bound from above), and so does one that cannot keep a row or beat `floor` whatever the
 * items left add. Exact, whatever the worths (they need not be concave). Returns null when
 * no plan keeping the rows is worth more than `floor`, undefined when a frontier passes
 * `maxStates` partial plans or `maxWork` are weighed in all (the caller's other method answers).
 */
export function solveFrontier(
  items: readonly FrontierItem[],
  cap: readonly number[],
  floor: number,
  maxStates: number,
  maxWork: number,
): FrontierAnswer | null | undefined {
  const rows = cap.length;
  if (rows > 2) return undefined;
  const J = items.length;
  // After item j: the least the items past it can add to each row, and the most they can add in worth.
  const leastAfter = Array.from({ length: J + 1 }, () => [0, 0]);
  const mostAfter = new Float64Array(J + 1);
  for (let j = J - 1; j >= 0; j--) {
    const { weight, worth } = items[j];
    for (let r = 0; r < rows; r++)
      leastAfter[j][r] = leastAfter[j + 1][r] + Math.min(0, weight[r]) * (worth.length - 1);
    mostAfter[j] = mostAfter[j + 1] + Math.max(...worth);
  }
  let use0 = Float64Array.of(0);
  let use1 = Float64Array.of(0);
  let value = Float64Array.of(0);
  // Per item, each kept partial plan's parent in the previous frontier and its units of the item.
  const parents: Int32Array[] = [];
  const units: Int32Array[] = [];
  let work = 0;
  for (let j = 0; j < J; j++) {
    const { weight, worth } = items[j];
    const w0 = rows > 0 ? weight[0] : 0;
    const w1 = rows > 1 ? weight[1] : 0;
    const room0 = (rows > 0 ? cap[0] : 0) - leastAfter[j + 1][0];
    const room1 = (rows > 1 ? cap[1] : 0) - leastAfter[j + 1][1];
    const cand = new Candidates(value.length * worth.length);
    for (let s = 0; s < value.length; s++) {
      for (let m = 0; m < worth.length; m++) {
        const u0 = use0[s] + w0 * m;
        const u1 = use1[s] + w1 * m;
        // Past a row's room, more units of an item that does not lower the row stay past it.
        if (u0 > room0 || u1 > room1) {
          if ((u0 > room0 && w0 >= 0) || (u1 > room1 && w1 >= 0)) break;
          continue;
        }
        const v = value[s] + worth[m];
        if (v + mostAfter[j + 1] > floor) cand.add(u0, u1, v, s, m);
      }
      work += worth.length;
      if (work > maxWork) return undefined;
    }
    const kept = keepFrontier(cand);
    if (kept.length > maxStates) return undefined;
    if (kept.length === 0) return null;
    use0 = Float64Array.from(kept, (q) => cand.u0[q]);
    use1 = Float64Array.from(kept, (q) => cand.u1[q]);
    value = Float64Array.from(kept, (q) => cand.v[q]);
    parents.push(Int32Array.from(kept, (q) => cand.parent[q]));
    units.push(Int32Array.from(kept, (q) => cand.m[q]));
  }
  let best = 0;
  for (let s = 1; s < value.length; s++) if (value[s] > value[best]) best = s;
  const counts = new Int32Array(J);
  for (let j = J - 1, s = best; j >= 0; j--) {
    counts[j] = units[j][s];
    s = parents[j][s];
  }
  return { value: value[best], counts };
}

/** Partial plans made by adding units of one item, in typed arrays that grow as needed. */
class Candidates {
  count = 0;
  u0: Float64Array;
  u1: Float64Array;
  v: Float64Array;
  parent: Int32Array;
  m: Int32Array;

  constructor(room: number) {
    const size = Math.max(16, Math.min(room, 1 << 16));
    this.u0 = new Float64Array(size);
    this.u1 = new Float64Array(size);
    this.v = new Float64Array(size);
    this.parent = new Int32Array(size);
    this.m = new Int32Array(size);
  }

  add(u0: number, u1: number, v: number, parent: number, m: number): void {
    if (this.count === this.v.length) this.grow();
    const at = this.count++;
    this.u0[at] = u0;
    this.u1[at] = u1;
    this.v[at] = v;
    this.parent[at] = parent;
    this.m[at] = m;
  }

  private grow(): void {
    const twice = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(2 * a.length);
      b.set(a);
      return b;
    };
    this.u0 = twice(this.u0);
    this.u1 = twice(this.u1);
    this.v = twice(this.v);
    this.parent = twice(this.parent);
    this.m = twice(this.m);
  }
}

/** Indices of the partial plans no other uses less of both rows and is worth more than. */
function keepFrontier(cand: Candidates): number[] {
  const { count, u0, u1, v } = cand;
  if (count === 0) return [];
  let min0 = Infinity;
  let min1 = Infinity;
  let max0 = -Infinity;
  let max1 = -Infinity;
  for (let q = 0; q < count; q++) {
    min0 = Math.min(min0, u0[q]);
    max0 = Math.max(max0, u0[q]);
    min1 = Math.min(min1, u1[q]);
    max1 = Math.max(max1, u1[q]);
  }
  const span0 = max0 - min0 + 1;
  const span1 = max1 - min1 + 1;
  const order = byUse(cand, min0, min1, span0, span1);
  // Best worth so far at each use of row 1 and below (a prefix maximum over the sorted uses, as a Fenwick tree).
  const levels = span1 <= 4 * count + 16 ? undefined : [...new Set(u1.subarray(0, count))].sort((a, b) => a - b);
  const levelOf = levels && new Map(levels.map((x, q) => [x, q + 1]));
  const tree = new Float64Array((levels?.length ?? span1) + 1).fill(-Infinity);
  const kept: number[] = [];
  for (const q of order) {
    const level = levelOf ? (levelOf.get(u1[q]) as number) : u1[q] - min1 + 1;
    let seen = -Infinity;
    for (let at = level; at > 0; at -= at & -at) seen = Math.max(seen, tree[at]);
    if (seen >= v[q]) continue;
    kept.push(q);
    for (let at = level; at < tree.length; at += at & -at) tree[at] = Math.max(tree[at], v[q]);
  }
  return kept;
}

/**
 * The candidates' indices by use of row 0, then of row 1, then (for equal uses) most worth
 * first. Uses are whole numbers: when their ranges and the count fit a double exactly, one
 * native sort of `(use 0, use 1, index)` packed into a number, else a sort by comparison.
 */
function byUse(cand: Candidates, min0: number, min1: number, span0: number, span1: number): Iterable<number> {
  const { count, u0, u1, v } = cand;
  if (span0 * span1 * count < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(count);
    for (let q = 0; q < count; q++) keys[q] = ((u0[q] - min0) * span1 + (u1[q] - min1)) * count + q;
    keys.sort();
    const order = Int32Array.from(keys, (key) => key % count);
    // Within one use, most worth first: a later twin then never enters the frontier.
    for (let a = 0; a < count;) {
      let b = a + 1;
      while (b < count && u0[order[b]] === u0[order[a]] && u1[order[b]] === u1[order[a]]) b++;
      if (b - a > 1) order.subarray(a, b).sort((x, y) => v[y] - v[x]);
      a = b;
    }
    return order;
  }
  return Int32Array.from({ length: count }, (_, q) => q).sort((a, b) => u0[a] - u0[b] || u1[a] - u1[b] || v[b] - v[a]);
}
