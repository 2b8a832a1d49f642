import type { DualPoint, Workspace } from './evaluation.ts';
import { rankChoices } from './ranking.ts';
import type { Repaired } from './repair-at-point.ts';
import { DecompositionRun } from './run.ts';
import type { ScoredChoice } from './scored-plan.ts';

/** A dual point whose repair already ran in this solve (a sweep level's count-search root), and the best plan right after it. */
export interface RepairedAt {
  lambda: Float64Array;
  plan: ScoredChoice | undefined;
}

/**
 * Whether a repair at `at` would repeat `done`: the same λ, no known plan to try, and no better
 * plan found since. The repair and improvement would offer the same plans again; the cores,
 * which prove the level, start from the same best plan either way.
 */
export function repeatsRepair(
  run: DecompositionRun,
  done: RepairedAt | undefined,
  at: DualPoint,
  known: ScoredChoice | undefined,
): boolean {
  if (!done || known || run.incumbent !== done.plan || at.lambda.length !== done.lambda.length) return false;
  return at.lambda.every((x, r) => x === done.lambda[r]);
}

/** A check's repair at its recalled best point, before the dual search, and the best plan right after it. */
export interface RecalledRepair {
  repaired: Repaired;
  plan: ScoredChoice | undefined;
}

/**
 * The recalled point's repair, where the dual search ended at that very point and no better plan
 * has come since: a repair there again, from the same start and with no recovery (a check's),
 * would offer the same plans. Undefined otherwise.
 */
export function repeatedRecall(
  run: DecompositionRun,
  done: RecalledRepair | undefined,
  at: DualPoint,
): Repaired | undefined {
  return done && at === done.repaired.at && run.incumbent === done.plan ? done.repaired : undefined;
}

/** The ranking at `at` that the cores need, without a repair (see {@link repeatsRepair}). */
export function rankOnly(run: DecompositionRun, work: Workspace, at: DualPoint): Repaired {
  const ranking = rankChoices(run.relax, at.lambda, work);
  const closed = run.incumbent !== undefined && DecompositionRun.closes(run.incumbent.objective, at.value);
  return { at, ranking, closed };
}
