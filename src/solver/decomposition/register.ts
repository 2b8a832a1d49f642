import { registerStructuredSolver } from '../solve.ts';
import { solveDecomposition } from './index.ts';

/**
 * Customer-action pairs from which the decomposition beats the whole-model MIP. Below it
 * the Lagrangian bound rarely closes the gap on its own (few customers, integrality gap
 * large relative to the objective) and the core is most of the model; above it the
 * whole-model MIP slows down sharply while the decomposition stays in seconds
 * (bench/RESULTS.md: 5,000 customers x 7 actions already favour the decomposition).
 */
export const DECOMPOSITION_MIN_PAIRS = 20_000;

/** Makes `solveProblem` use {@link solveDecomposition} for problems of at least `minPairs` pairs. */
export function registerDecomposition(minPairs = DECOMPOSITION_MIN_PAIRS): void {
  registerStructuredSolver(solveDecomposition, minPairs);
}

registerDecomposition();
