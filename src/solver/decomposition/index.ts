/**
 * The large-instance method's public entry (see README.md beside this file): the rest of `src`
 * imports the decomposition from here only.
 */
export { solveDecomposition, CERTIFY_MIN_PAIRS, type DecompositionOptions } from './solve-decomposition.ts';
export { solveByCounts, COUNT_SEARCH_METHOD } from './core/count-solve.ts';
export { MAX_CORE_TYPES } from './core/search-cores.ts';
export type { SettledAt } from './core/move-proof.ts';
export { createStartScore, type StartScore } from './start-score.ts';
export { createLimitDual, type LimitDual, type LimitDualSolution } from './dual/limit-dual.ts';
export type { DualMemory } from './dual/dual-memory.ts';
export { DECOMPOSITION_METHOD } from './run.ts';
export { yielder, YIELD_AFTER_MS } from './yielder.ts';
export { buildRelaxation, tightenToGrid, type Relaxation } from './lagrangian.ts';
export { createPointMaster, type PointMaster, type SubgradientPoint } from './dual/point-master.ts';
