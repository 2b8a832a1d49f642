import type { InfeasibilityExplanation } from '../domain/plan.ts';
import type { Policy, PolicyKey } from '../domain/policy.ts';
import type { Problem } from './problem.ts';
import { solveProblem, type SolveOptions } from './solve.ts';
import { describeSetting, formatSettingDollars } from '../domain/policy-words.ts';

type Solve = (
  problem: Problem,
  options: SolveOptions,
) => Promise<{ status: string; objective: number; seconds?: number }>;

/** The same problem with the cheapest plan as objective, and only the rows `keep` allows. */
function minimumCostProblem(problem: Problem, keep: (rule: PolicyKey) => boolean): Problem {
  const value = new Float64Array(problem.value.length);
  for (let at = 0; at < value.length; at++) {
    value[at] = Number.isNaN(problem.value[at]) ? Number.NaN : -problem.actions[at % problem.K].cost;
  }
  return { ...problem, value, rows: problem.rows.filter((row) => keep(row.rule)) };
}

/** Floors that ask for more customers than could take any action at all. */
function unreachableFloors(problem: Problem): string[] {
  const reasons: string[] = [];
  for (const row of problem.rows) {
    if (row.sense !== '>=' || row.limit <= 0) continue;
    let reachable = 0;
    for (let i = 0; i < problem.n; i++) {
      if (row.members && !row.members[i]) continue;
      for (let k = 0; k < problem.K; k++) {
        if (row.actionCoef[k] > 0 && !Number.isNaN(problem.value[i * problem.K + k])) {
          reachable++;
          break;
        }
      }
    }
    if (reachable < row.limit) {
      reasons.push(
        `${row.label} needs ${row.limit} customers treated but only ${reachable} are eligible for any action (${row.rule})`,
      );
    }
  }
  return reasons;
}

/**
 * Explains an infeasible policy: which rules conflict and the least change that would make
 * it feasible. First the least budget with every other rule kept (an exact minimum-cost solve);
 * when no budget suffices, which rule, dropped alone, lets the rest hold. All of it shares
 * `options.timeLimitSeconds` (the least-budget solve half of it, each later solve an even share of what is left, counted from the
 * solves' own reported seconds); rules not tried in time are named as such.
 */
export async function explainInfeasibility(
  problem: Problem,
  policy: Policy,
  options: SolveOptions = {},
  solve: Solve = solveProblem,
): Promise<InfeasibilityExplanation> {
  const reasons = unreachableFloors(problem);
  const floors = [...new Set(problem.rows.filter((r) => r.sense === '>=' && r.limit > 0).map((r) => r.rule))];
  const allowance = options.timeLimitSeconds ?? 60;
  let spent = 0;
  const solveWithin = async (candidate: Problem, solvesLeft: number) => {
    const result = await solve(candidate, {
      ...options,
      timeLimitSeconds: Math.max(0.05, (allowance - spent) / solvesLeft),
    });
    spent += result.seconds ?? 0;
    return result;
  };

  const rules = [...new Set(problem.rows.map((r) => r.rule))].filter((rule) => rule !== 'budget');
  // The least budget is the most useful answer: its solve gets half the time.
  const cheapest = await solveWithin(
    minimumCostProblem(problem, (rule) => rule !== 'budget'),
    2,
  );
  if (cheapest.status === 'optimal' || cheapest.status === 'feasible') {
    const leastBudget = Math.round(-cheapest.objective * 100) / 100;
    const settings = floors.map((key) => describeSetting(policy, key)).join(', ');
    reasons.push(
      `at ${settings || 'this policy'} the plan needs at least $${formatSettingDollars(leastBudget)}; the budget is $${formatSettingDollars(policy.budget)}`,
    );
    return { conflicting_rules: ['budget', ...floors], reasons, least_budget: leastBudget };
  }

  const culprits: PolicyKey[] = [];
  let triedAll = true;
  for (const [tried, dropped] of rules.entries()) {
    if (spent >= allowance) {
      triedAll = false;
      reasons.push(
        `the time limit ran out after trying ${tried} of ${rules.length} rules; not tried: ${rules.slice(tried).join(', ')}`,
      );
      break;
    }
    const attempt = await solveWithin(
      minimumCostProblem(problem, (rule) => rule !== 'budget' && rule !== dropped),
      rules.length - tried,
    );
    if (attempt.status === 'optimal' || attempt.status === 'feasible') {
      culprits.push(dropped);
      reasons.push(
        `without ${describeSetting(policy, dropped)} the other rules can hold (given enough budget, $${formatSettingDollars(Math.round(-attempt.objective * 100) / 100)})`,
      );
    }
  }
  if (culprits.length === 0 && triedAll)
    reasons.push(
      'no single rule, relaxed alone, makes the policy feasible; relax the coverage floors or raise the caps',
    );
  return { conflicting_rules: culprits.length > 0 ? culprits : rules, reasons };
}
