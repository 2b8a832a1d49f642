import type { DecompositionRun } from './run.ts';
import { keepsRows, type ScoredChoice } from './scored-plan.ts';

/**
 * A start plan's score kept across solves of one problem at other limits (a marginal value's
 * checks, all from the same plan): its objective and row usage depend on the values and the
 * rows' coefficients only, so one pass over the customers serves every check.
 */
export interface StartScore {
  choice?: Int16Array;
  rowCoef?: Float64Array;
  value?: Float64Array;
  plan?: ScoredChoice;
}

/** An empty {@link StartScore}, filled by the first solve that scores its start. */
export function createStartScore(): StartScore {
  return {};
}

/**
 * `run.scoreForeign(choice)`, read from `kept` when it holds that choice scored on the same
 * values and coefficients (only whether it keeps these limits is tested again); else scored
 * and kept. A start that fails the eligibility test is scored afresh every time.
 */
export function scoreStart(run: DecompositionRun, choice: Int16Array, kept?: StartScore): ScoredChoice | undefined {
  const { relax } = run;
  const value = relax.problem.value;
  const same = kept?.plan && kept.choice === choice && kept.rowCoef === relax.rowCoef && kept.value === value;
  if (!kept || !same) {
    const plan = run.scoreForeign(choice);
    if (kept && plan) Object.assign(kept, { choice, rowCoef: relax.rowCoef, value, plan });
    return plan;
  }
  const plan = kept.plan as ScoredChoice;
  return keepsRows(relax, plan.usage)
    ? { choice, objective: plan.objective, usage: Float64Array.from(plan.usage) }
    : undefined;
}
