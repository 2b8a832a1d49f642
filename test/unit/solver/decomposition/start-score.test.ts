import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { buildProblem, type Problem } from '../../../../src/solver/problem.ts';
import { solveProblem } from '../../../../src/solver/solve.ts';
import {
  buildRelaxation,
  relimitRelaxation,
  type Relaxation,
} from '../../../../src/solver/decomposition/lagrangian.ts';
import { testRun } from '../../../support/test-run.ts';
import { createStartScore, scoreStart } from '../../../../src/solver/decomposition/start-score.ts';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';

const runOn = (relax: Relaxation) => testRun(relax, { seconds: 30 });

function withBudget(problem: Problem, limit: number): Problem {
  return { ...problem, rows: problem.rows.map((row) => (row.rule === 'budget' ? { ...row, limit } : row)) };
}

describe('a start plan scored once for the checks at other limits', () => {
  it('gives what scoring it afresh gives, at limits it keeps and at limits it breaks', async () => {
    // Prepare: a plan of the sample's size, and the relaxation re-limited as a check's re-solve is.
    const problem = buildProblem(generatePredictions(250, 3), DEFAULT_CATALOG, scaledPolicy(250));
    // The count search sums a plan's objective customer by customer, as the score does.
    const plan = await solveProblem(problem, { method: 'counts', timeLimitSeconds: 30 });
    const choice = plan.choice as Int16Array;
    const relax = buildRelaxation(problem);
    const budget = problem.rows.find((row) => row.rule === 'budget')?.limit as number;
    const kept = createStartScore();

    // Act: the first check scores and keeps it; the next two, at a raised and a lowered budget, read it.
    const first = scoreStart(runOn(relax), choice, kept);
    const keptPlan = kept.plan;
    const raised = runOn(relimitRelaxation(relax, withBudget(problem, budget + 50)));
    const lowered = runOn(relimitRelaxation(relax, withBudget(problem, 0)));
    const atRaised = scoreStart(raised, choice, kept);
    const atLowered = scoreStart(lowered, choice, kept);

    // Assess: the same answers as scoring afresh, from the one kept score.
    expect(first).toEqual(runOn(relax).scoreForeign(choice));
    expect(atRaised).toEqual(raised.scoreForeign(choice));
    expect(atRaised?.objective).toBe(plan.objective);
    expect(atLowered).toBeUndefined();
    expect(lowered.scoreForeign(choice)).toBeUndefined();
    expect(kept.plan).toBe(keptPlan);
  });
});
