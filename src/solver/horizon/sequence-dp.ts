import type { SequenceGraph } from './sequence-graph.ts';

/**
 * The dynamic program over one sequence graph. A sequence leaves a share Q of the churn risk
 * (the product of its weeks' factors) and costs H (its weeks' penalised costs), so for a
 * customer with weight w (p·v) it is worth w·(1 − Q) − H. From a node, only the completions
 * on the lower convex hull of their (Q, H) points can be best for some prefix (a prefix with
 * remaining risk q and weight w minimises w·q·Q + H), so each node keeps just those: the labels.
 * Node 0's labels are every sequence that is best for some w, in order of Q ascending.
 */
export interface SequenceHulls {
  /** Labels of node x at labelStart[x] .. labelEnd[x]. */
  labelStart: Int32Array;
  labelEnd: Int32Array;
  q: Float64Array;
  h: Float64Array;
  /** The edge a label takes out of its node and the label it continues with (-1 at the end). */
  edge: Int32Array;
  next: Int32Array;
}

/** Growable label storage reused from one solve to the next. */
export class LabelStore {
  q = new Float64Array(256);
  h = new Float64Array(256);
  edge = new Int32Array(256);
  next = new Int32Array(256);
  size = 0;

  push(q: number, h: number, edge: number, next: number): void {
    if (this.size === this.q.length) this.grow();
    this.q[this.size] = q;
    this.h[this.size] = h;
    this.edge[this.size] = edge;
    this.next[this.size] = next;
    this.size++;
  }

  private grow(): void {
    const copy = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(2 * a.length);
      b.set(a);
      return b;
    };
    this.q = copy(this.q, (n) => new Float64Array(n));
    this.h = copy(this.h, (n) => new Float64Array(n));
    this.edge = copy(this.edge, (n) => new Int32Array(n));
    this.next = copy(this.next, (n) => new Int32Array(n));
  }
}

/**
 * Solves the graph backwards under per-week penalties `penalty[t * (K + 1) + k]` (the cost
 * counted in the objective plus the multipliers' price of action k in week t; at k = K the
 * price of resting because of the plan's own contacts, paid on the none edge of a resting node). Pure but for `store`,
 * whose arrays the result views (valid until the store's next use).
 */
export function solveSequenceHulls(
  graph: SequenceGraph,
  penalty: Float64Array,
  K: number,
  store: LabelStore = new LabelStore(),
): SequenceHulls {
  const nodes = graph.weekStart[graph.weeks + 1];
  const labelStart = new Int32Array(nodes);
  const labelEnd = new Int32Array(nodes);
  store.size = 0;
  const end = nodes - 1;
  store.push(1, 0, -1, -1);
  labelEnd[end] = 1;
  const candQ: number[] = [];
  const candH: number[] = [];
  const candEdge: number[] = [];
  const candNext: number[] = [];
  const order: number[] = [];
  let week = graph.weeks - 1;
  for (let x = end - 1; x >= 0; x--) {
    while (x < graph.weekStart[week]) week--;
    candQ.length = candH.length = candEdge.length = candNext.length = order.length = 0;
    for (let e = graph.edgeStart[x]; e < graph.edgeStart[x + 1]; e++) {
      const y = graph.edgeTo[e];
      const f = graph.edgeFactor[e];
      const a = graph.edgeAction[e];
      const p = a >= 0 ? penalty[week * (K + 1) + a] : graph.nodeRests[x] ? penalty[week * (K + 1) + K] : 0;
      for (let l = labelStart[y]; l < labelEnd[y]; l++) {
        order.push(candQ.length);
        candQ.push(f * store.q[l]);
        candH.push(store.h[l] + p);
        candEdge.push(e);
        candNext.push(l);
      }
    }
    order.sort((i, j) => candQ[i] - candQ[j] || candH[i] - candH[j]);
    labelStart[x] = store.size;
    for (const c of order) {
      const q = candQ[c];
      const h = candH[c];
      let top = store.size - labelStart[x];
      // A larger Q is worth keeping only with a smaller H, and only while the chain stays convex.
      if (top > 0 && h >= store.h[store.size - 1]) continue;
      while (top >= 2) {
        const b = store.size - 1;
        const a = b - 1;
        if ((store.h[b] - store.h[a]) * (q - store.q[b]) < (h - store.h[b]) * (store.q[b] - store.q[a])) break;
        store.size--;
        top--;
      }
      store.push(q, h, candEdge[c], candNext[c]);
    }
    labelEnd[x] = store.size;
  }
  return { labelStart, labelEnd, q: store.q, h: store.h, edge: store.edge, next: store.next };
}

/**
 * The w below which label j + 1 of the root beats label j (labels in Q ascending order):
 * label j is the best choice for weights above it, down to the next cut. Ties go to j + 1,
 * the sequence that treats less.
 */
export function rootCut(hulls: SequenceHulls, j: number): number {
  const a = hulls.labelStart[0] + j;
  return (hulls.h[a] - hulls.h[a + 1]) / (hulls.q[a + 1] - hulls.q[a]);
}

/** The actions of the sequence that starts with label `label` (week-major, -1 = none), into `out`. */
export function readSequence(graph: SequenceGraph, hulls: SequenceHulls, label: number, out: Int16Array): Int16Array {
  let l = label;
  for (let t = 0; t < graph.weeks; t++) {
    out[t] = graph.edgeAction[hulls.edge[l]];
    l = hulls.next[l];
  }
  return out;
}
