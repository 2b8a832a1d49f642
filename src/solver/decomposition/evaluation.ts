import { classPenalties, countUsage, type Relaxation } from './lagrangian.ts';
import { plainPass } from './dual/plain-pass.ts';
import { createScreen } from './dual/screen.ts';
import type { Screen } from './dual/screen-contract.ts';
import { createTypedScreen } from './dual/typed-screen.ts';
import { createRentedScreen } from './dual/rented-screen.ts';
import {
  classOfPiece,
  gatherCounts,
  piecesPerClass,
  screenByPieces,
  splitClasses,
  spreadPenalty,
  type Pieces,
} from './dual/pieces.ts';

/** L(λ), a subgradient, and the relaxed choice, also per piece of a class (what the disaggregated cuts need, see pieces.ts). */
export interface DualPoint {
  lambda: Float64Array;
  /** L(λ): an upper bound on the objective of every plan. */
  value: number;
  /** ∂L/∂λ_r = sign_r · (limit_r − usage_r) of the relaxed choice. */
  subgradient: Float64Array;
  /** Row usage of the relaxed choice. */
  usage: Float64Array;
  /** Customers per (piece, action) in the relaxed choice, at `p * K + k` (a piece is a class when classes are not split). */
  classCounts: Float64Array;
  /** Σ of the relaxed choice's values over each piece's customers (not reduced). */
  classValue: Float64Array;
}

/**
 * Customers from which evaluations are screened (see screen.ts); below, a plain pass costs no
 * more than keeping the screen's reference.
 */
export const SCREEN_MIN_CUSTOMERS = 10_000;

/** Buffers reused across evaluations: no allocation per customer or per call at scale. */
export interface Workspace {
  penalty: Float64Array;
  /** Customers per (piece, action) of the last pass. */
  counts: Float64Array;
  /** Each piece's share of the last pass's Σ best reduced value. */
  classTotals: Float64Array;
  /** The classes' pieces when they are split (see pieces.ts), with the pieces' penalties. */
  pieces?: Pieces & { penalty: Float64Array };
  /** Screened evaluation, for inputs of at least {@link SCREEN_MIN_CUSTOMERS} customers. */
  screen?: Screen;
  /** Customers evaluated action by action, over all evaluations so far. */
  evaluated: number;
  /** Values read by all evaluations so far (see `PassResult.reads`). */
  reads: number;
}

/**
 * Buffers for `relax`'s evaluations; screened from {@link SCREEN_MIN_CUSTOMERS} customers unless
 * `screen` says otherwise: by types where the customers form few (typed-screen.ts) unless
 * `byTypes` is false, else by margins from a reference (screen.ts), which turn into lines where
 * the values lie on them once the margins have cost the lines' set-up (rented-screen.ts), or at
 * once with `linesAtOnce`, unless `byLines` is false.
 */
export function createWorkspace(
  relax: Relaxation,
  options: { screen?: boolean; byTypes?: boolean; byLines?: boolean; linesAtOnce?: boolean } = {},
): Workspace {
  const screened = options.screen ?? relax.n >= SCREEN_MIN_CUSTOMERS;
  const { n, K, C, classOf, valueScale } = relax;
  const split = piecesPerClass(relax) > 1 ? splitClasses(relax) : undefined;
  const P = split?.count ?? C;
  const value = relax.problem.value;
  const input = { n, K, C: P, classOf: split?.pieceOf ?? classOf, value, valueScale };
  const screen =
    screened &&
    ((options.byTypes !== false && createTypedScreen(input)) ||
      (options.byLines !== false ? createRentedScreen(input, options.linesAtOnce) : createScreen(input)));
  return {
    penalty: new Float64Array(C * K),
    counts: new Float64Array(P * K),
    classTotals: new Float64Array(P),
    ...(split ? { pieces: { ...split, penalty: new Float64Array(P * K) } } : {}),
    ...(screen ? { screen: split ? screenByPieces(screen, split, C, K) : screen } : {}),
    evaluated: 0,
    reads: 0,
  };
}

/**
 * Every customer's best action at class penalties `penalty` (C·K, value − penalty; none wins
 * ties): returns Σ best reduced value, with the choices' counts per piece in `work.counts` and
 * each piece's share in `work.classTotals`. One pass over the n·K values, or, with a screen, over the
 * customers whose choice may have changed since the last full pass.
 */
export function passAt(relax: Relaxation, penalty: Float64Array, work: Workspace): number {
  if (work.screen) {
    const pass = work.screen.pass(penalty, work.counts, work.classTotals);
    work.evaluated += pass.evaluated;
    work.reads += pass.reads;
    return pass.total;
  }
  work.evaluated += relax.n;
  work.reads += relax.n * relax.K;
  const { pieces } = work;
  if (!pieces) return plainPass({ ...relax, value: relax.problem.value }, penalty, work.counts, work.classTotals);
  const input = { ...relax, C: pieces.count, classOf: pieces.pieceOf, value: relax.problem.value };
  return plainPass(input, spreadPenalty(penalty, pieces, relax.K, pieces.penalty), work.counts, work.classTotals);
}

/** Evaluates the Lagrangian at λ ≥ 0 (see {@link passAt}). */
export function evaluateLagrangian(relax: Relaxation, lambda: Float64Array, work: Workspace): DualPoint {
  const { C, K, R, sign, limit } = relax;
  const penalty = classPenalties(relax, lambda, work.penalty);
  let total = passAt(relax, penalty, work);
  const classCounts = Float64Array.from(work.counts);
  const classValue = Float64Array.from(work.classTotals);
  const perClass = work.pieces?.perClass ?? 1;
  for (let p = 0; p < C * perClass; p++) {
    const base = classOfPiece(p, perClass) * K;
    for (let k = 0; k < K; k++) classValue[p] += penalty[base + k] * classCounts[p * K + k];
  }
  const usage = countUsage(
    relax,
    work.pieces ? gatherCounts(classCounts, work.pieces, K, new Float64Array(C * K)) : classCounts,
  );
  const subgradient = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    total += lambda[r] * sign[r] * limit[r];
    subgradient[r] = sign[r] * (limit[r] - usage[r]);
  }
  return { lambda: Float64Array.from(lambda), value: total, subgradient, usage, classCounts, classValue };
}
