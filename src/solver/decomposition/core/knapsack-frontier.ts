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
    const cand: { u0: number[]; u1: number[]; v: number[]; parent: number[]; m: number[] } = {
      u0: [],
      u1: [],
      v: [],
      parent: [],
      m: [],
    };
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
        if (!(v + mostAfter[j + 1] > floor)) continue;
        cand.u0.push(u0);
        cand.u1.push(u1);
        cand.v.push(v);
        cand.parent.push(s);
        cand.m.push(m);
      }
      work += worth.length;
      if (work > maxWork) return undefined;
    }
    const kept = keepFrontier(cand.u0, cand.u1, cand.v);
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

/** Indices of the partial plans no other uses less of both rows and is worth more than (ties keep one). */
function keepFrontier(u0: number[], u1: number[], v: number[]): number[] {
  const order = Array.from(v, (_, q) => q).sort((a, b) => u0[a] - u0[b] || u1[a] - u1[b] || v[b] - v[a]);
  // Best worth so far at each use of row 1 and below (a prefix maximum over the sorted uses, as a Fenwick tree).
  const levels = [...new Set(u1)].sort((a, b) => a - b);
  const levelOf = new Map(levels.map((x, q) => [x, q + 1]));
  const tree = new Float64Array(levels.length + 1).fill(-Infinity);
  const kept: number[] = [];
  for (const q of order) {
    const level = levelOf.get(u1[q]) as number;
    let seen = -Infinity;
    for (let at = level; at > 0; at -= at & -at) seen = Math.max(seen, tree[at]);
    if (seen >= v[q]) continue;
    kept.push(q);
    for (let at = level; at < tree.length; at += at & -at) tree[at] = Math.max(tree[at], v[q]);
  }
  return kept;
}
