import { keptPerStructure, type Relaxation } from '../lagrangian.ts';
import type { Screen } from './screen-contract.ts';

/**
 * The dual's cuts are per piece of a class: class c's customers split into `perClass` pieces
 * by their best value (pieces `c * perClass` to `c * perClass + perClass − 1`, see
 * {@link splitClasses}). Each piece's best reduced value is bounded by
 * its own cut, so one pass gives `count` cuts instead of C: where the rows far outnumber the
 * classes (a share cap per action, one segment), the cutting-plane model needs far fewer passes.
 */
export interface Pieces {
  perClass: number;
  /** C · perClass. */
  count: number;
  /** Each customer's piece. */
  pieceOf: Uint32Array;
}

/** Customers from which classes are split (below, a pass costs less than the master's larger solves). */
export const PIECES_MIN_CUSTOMERS = 10_000;
/** Most pieces per class. */
const MAX_PER_CLASS = 16;

/**
 * Pieces per class for `relax`: enough that a pass gives about half as many cuts as there are
 * rows (1, no split, where the classes already give that many). A function of the relaxation's
 * shape only, so a re-limited copy (a sweep's level) keeps the master's pieces.
 */
export function piecesPerClass(relax: Pick<Relaxation, 'n' | 'R' | 'C'>): number {
  const { n, R, C } = relax;
  if (n < PIECES_MIN_CUSTOMERS || C === 0) return 1;
  return Math.min(MAX_PER_CLASS, Math.ceil(R / (2 * C)));
}

/** Customers of the sample that places the bands' edges, at most (every s-th customer). */
const EDGE_SAMPLE = 20_000;

/**
 * Each customer's piece (see {@link Pieces}): the band of its class by its best value over its
 * eligible actions (0 when none is positive), bands cut at the class's quantiles. Customers of
 * one band compete for the same few actions at every λ, so each piece's cut prices those few
 * and the pieces' cuts differ: the model gains far more per pass than from like-shaped pieces.
 * Found once per class structure: every workspace of its re-limited copies (a range search's
 * solves apart, a sweep's levels) shares it.
 */
export const splitClasses = keptPerStructure((relax: Relaxation): Pieces => {
  const perClass = piecesPerClass(relax);
  const { n, C, K, classOf } = relax;
  const value = relax.problem.value;
  const top = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let most = 0;
    // NaN (ineligible) never passes the test.
    for (let k = i * K; k < i * K + K; k++) if (value[k] > most) most = value[k];
    top[i] = most;
  }
  const edges = bandEdges(top, classOf, C, perClass);
  const pieceOf = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = classOf[i];
    const from = c * (perClass - 1);
    let band = 0;
    while (band < perClass - 1 && top[i] >= edges[from + band]) band++;
    pieceOf[i] = c * perClass + band;
  }
  return { perClass, count: C * perClass, pieceOf };
});

/** Per class, the `perClass − 1` values at its quantiles of `top` (by a sample), at `c * (perClass − 1) + j`. */
function bandEdges(top: Float64Array, classOf: Uint32Array, C: number, perClass: number): Float64Array {
  const stride = Math.max(1, Math.floor(top.length / EDGE_SAMPLE));
  const samples: number[][] = Array.from({ length: C }, () => []);
  for (let i = 0; i < top.length; i += stride) samples[classOf[i]].push(top[i]);
  const edges = new Float64Array(C * (perClass - 1)).fill(Infinity);
  samples.forEach((sample, c) => {
    sample.sort((a, b) => a - b);
    for (let j = 1; j < perClass && sample.length > 0; j++)
      edges[c * (perClass - 1) + j - 1] = sample[Math.floor((j * sample.length) / perClass)];
  });
  return edges;
}

/** The class piece `p` belongs to: pieces `c * perClass` to `c * perClass + perClass − 1` are class c's. */
export function classOfPiece(p: number, perClass: number): number {
  return Math.floor(p / perClass);
}

/** Class penalties (C·K) copied to every piece of the class (count·K, into `out`). */
export function spreadPenalty(penalty: Float64Array, pieces: Pieces, K: number, out: Float64Array): Float64Array {
  const { perClass, count } = pieces;
  for (let p = 0; p < count; p++) {
    const base = classOfPiece(p, perClass) * K;
    out.set(penalty.subarray(base, base + K), p * K);
  }
  return out;
}

/** Customers per (piece, action) summed into customers per (class, action), into `out` (C·K, overwritten). */
export function gatherCounts(
  pieceCounts: Float64Array,
  pieces: Pick<Pieces, 'perClass' | 'count'>,
  K: number,
  out: Float64Array,
): Float64Array {
  const { perClass, count } = pieces;
  out.fill(0);
  for (let p = 0; p < count; p++) {
    const base = classOfPiece(p, perClass) * K;
    for (let k = 0; k < K; k++) out[base + k] += pieceCounts[p * K + k];
  }
  return out;
}

/**
 * A screen over the pieces (`inner`, built with `pieceOf` as its classes) seen through class
 * penalties: `pass` gives counts and totals per piece (the cuts'), `rank` counts per class (the
 * ranking's, as an unsplit screen's).
 */
export function screenByPieces(inner: Screen, pieces: Pieces, C: number, K: number): Screen {
  const spread = new Float64Array(pieces.count * K);
  const counts = new Float64Array(pieces.count * K);
  return {
    pass: (penalty, pieceCounts, pieceTotals) =>
      inner.pass(spreadPenalty(penalty, pieces, K, spread), pieceCounts, pieceTotals),
    rank(penalty, best, gap, bounded, classCounts) {
      const objective = inner.rank(spreadPenalty(penalty, pieces, K, spread), best, gap, bounded, counts);
      if (objective !== undefined) gatherCounts(counts, pieces, K, classCounts.subarray(0, C * K));
      return objective;
    },
  };
}
