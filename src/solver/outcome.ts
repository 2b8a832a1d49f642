import type { DualMemory } from './decomposition/index.ts';

/** What any solve method returns. `choice[i]` indexes the problem's actions, -1 = no action. */
export interface SolveOutcome {
  status: 'optimal' | 'feasible' | 'infeasible' | 'error';
  choice: Int16Array | undefined;
  /** Objective of `choice` (0 without a plan). */
  objective: number;
  /** Proven upper bound on any plan's objective (the same units). */
  bound: number;
  /** Relative gap (bound - objective) / max(1, |objective|); 0 when proven optimal. */
  gap: number;
  seconds: number;
  method: string;
  /** Why the solve ended without a plan, for `error`. */
  message?: string;
  /** The decomposition's dual, for a warm start of the next related solve (a sweep's next level). */
  dual?: DualMemory;
}

/** Relative gap used everywhere: SPEC 4 calls a plan optimal at or below 1e-6. */
export const OPTIMAL_GAP = 1e-6;

export function relativeGap(objective: number, bound: number): number {
  if (!Number.isFinite(bound)) return Number.POSITIVE_INFINITY;
  return Math.max(0, bound - objective) / Math.max(1, Math.abs(objective));
}

/** Progress reports during long solves: a fraction in [0, 1] and what is happening. */
export type ProgressListener = (event: { phase: string; fraction: number; objective?: number; bound?: number }) => void;
