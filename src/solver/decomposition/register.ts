import { registerStructuredSolver } from '../solve.ts';
import { solveDecomposition } from './index.ts';

/**
 * Customer-action pairs from which the decomposition is used. Below it (a few dozen
 * customers) both methods take milliseconds and the core is most of the model anyway; from
 * a few hundred customers on the whole-model MIP slows down sharply (5,000 customers x 7
 * actions: not proven in 120 s) while the decomposition stays under seconds (bench/RESULTS.md).
 */
export const DECOMPOSITION_MIN_PAIRS = 2_000;

/** Makes `solveProblem` use {@link solveDecomposition} for problems of at least `minPairs` pairs. */
export function registerDecomposition(minPairs = DECOMPOSITION_MIN_PAIRS): void {
  registerStructuredSolver(solveDecomposition, minPairs);
}

registerDecomposition();
