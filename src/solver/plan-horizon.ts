import type { HorizonReport, HorizonWeek, Kpis, PlanOutcome } from '../domain/plan.ts';
import { countHoldout, defaultHoldout, describeSolution, historyWarnings, warningsFor } from './describe-plan.ts';
import { getHighs } from './highs-runtime.ts';
import { selectHoldout } from './holdout.ts';
import {
  buildHorizonModel,
  planMyopic,
  solveHorizon,
  walkSequence,
  weekProblem,
  type HorizonModel,
  type MyopicPlan,
} from './horizon/index.ts';
import { computeKpis, reportConstraints } from './kpis.ts';
import type { SolveOutcome } from './outcome.ts';
import type { PlanWeekInput } from './plan-week.ts';
import type { Predictions } from '../domain/predictions.ts';
import { buildProblem } from './problem.ts';

/** Share of the time limit the myopic baseline may take (its W weekly solves together). */
const MYOPIC_SHARE = 0.25;

function sumKpis(weeks: readonly HorizonWeek[], customers: number, limit: number, treated: number): Kpis {
  const total = (key: keyof Kpis) => weeks.reduce((sum, week) => sum + (week.kpis[key] ?? 0), 0);
  const spend = total('total_spend');
  const retained = total('expected_retained_clv');
  const net = retained - spend;
  return {
    customers,
    customers_treated: treated,
    total_spend: spend,
    expected_retained_clv: retained,
    net_value: net,
    roi_pct: spend > 0 ? (100 * net) / spend : 0,
    expected_churn_reduction: total('expected_churn_reduction'),
    budget_utilization_pct: limit > 0 ? (100 * spend) / limit : 0,
    holdout_customers: total('holdout_customers'),
  };
}

/** Every week of a horizon plan reported in the weekly model's words, each given the weeks before it. */
function describeWeeks(
  model: HorizonModel,
  input: PlanWeekInput,
  choices: Int16Array,
  draw: ((choice: Int16Array) => Uint8Array) | undefined,
): HorizonWeek[] {
  const { n, K } = model;
  return Array.from({ length: model.weeks }, (_, t) => {
    const { problem, remaining } = weekProblem(model, input.predictions, choices, t);
    const choice = choices.slice(t * n, (t + 1) * n);
    const seed = t === 0 ? input.planId : input.planId && `${input.planId}#week${t + 1}`;
    const holdout =
      t === 0 || !draw
        ? (draw?.(choice) ?? new Uint8Array(n))
        : selectHoldout({
            ids: input.predictions.ids,
            segmentOf: input.predictions.segmentOf,
            choice,
            share: input.policy.holdout,
            seed: seed ?? `${input.predictions.source}#week${t + 1}`,
          });
    const reduction = new Float64Array(n);
    const uplift = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (choice[i] < 0) continue;
      reduction[i] = problem.reduction.at(i * K + choice[i]) ?? Number.NaN;
      const atRisk = input.predictions.p[i] * remaining[i];
      uplift[i] = atRisk > 0 ? reduction[i] / atRisk : 0;
    }
    return {
      week: t + 1,
      kpis: computeKpis(problem, input.predictions, choice, holdout, problem.rows[0]?.limit ?? input.policy.budget),
      constraints: reportConstraints(problem, choice),
      choice,
      holdout,
      reduction,
      uplift,
    };
  });
}

/**
 * Plans `policy.weeks` weeks (issue 20): the horizon model solved to proven optimality (or its
 * gap), the myopic baseline planned week by week and valued in the same model, and every week
 * reported. The outcome is week 1, the week approved and sent, in the weekly model's words; the
 * weeks after it, the totals and the value of planning ahead are in `horizon`.
 */
export async function planHorizon(input: PlanWeekInput): Promise<PlanOutcome> {
  const { predictions, catalog, policy } = input;
  const limit = input.timeLimitSeconds ?? 60;
  const model = buildHorizonModel(predictions, catalog, policy, input.history);
  const myopic = await planMyopic(model, predictions, { timeLimitSeconds: MYOPIC_SHARE * limit });
  const solved = await solveHorizon(await getHighs(), model, {
    timeLimitSeconds: (1 - MYOPIC_SHARE) * limit,
    onProgress: input.onProgress,
    start: myopic.choices,
  });
  const warnings = [...warningsFor(predictions, catalog, policy), ...historyWarnings(input)];
  if (!input.history)
    warnings.push('No contact history was given: the contact rules over the weeks see only this plan’s own contacts.');
  warnings.push(
    `Only week 1 is sent when approved; weeks 2 to ${policy.weeks} are the intended continuation, re-planned each Monday from fresh predictions.`,
  );
  if (solved.message) warnings.push(solved.message);
  const choices = solved.choices ?? new Int16Array(policy.weeks * model.n).fill(-1);
  const draw = defaultHoldout(input, warnings);
  const weeks = solved.choices ? describeWeeks(model, input, choices, draw) : [];
  const first = weekProblem(model, predictions, choices, 0).problem;
  const exclusions = input.history
    ? buildProblem(predictions, catalog, policy, input.history).historyExclusions
    : undefined;
  const week1: SolveOutcome = {
    status: solved.status,
    choice: solved.choices ? choices.slice(0, model.n) : undefined,
    objective: solved.objective,
    bound: solved.bound,
    gap: solved.gap,
    seconds: solved.seconds,
    method: solved.method,
  };
  const holdout = weeks[0]?.holdout ?? new Uint8Array(model.n);
  const described = describeSolution({ problem: first, predictions, catalog, policy }, week1, holdout, warnings);
  const choice = week1.choice ?? new Int16Array(model.n).fill(-1);
  return {
    ...described,
    action_mix: countHoldout(described.action_mix, model.actions, choice, holdout),
    ...(solved.status === 'infeasible'
      ? {
          infeasibility: {
            conflicting_rules: ['weeks', 'cooldown_weeks', 'min_segment_coverage', 'min_high_risk', 'min_premium'],
            reasons: [
              `no plan keeps every rule in each of the ${policy.weeks} weeks together with the contact rules between them; try fewer weeks, a shorter cooldown_weeks or lower coverage floors`,
            ],
          },
        }
      : {}),
    ...(input.planId !== undefined ? { plan_id: input.planId } : {}),
    ...(exclusions ? { history_exclusions: exclusions } : {}),
    ...(solved.choices ? { horizon: reportHorizon(model, predictions, weeks, solved, myopic) } : {}),
  };
}

function reportHorizon(
  model: HorizonModel,
  predictions: Predictions,
  weeks: HorizonWeek[],
  solved: { objective: number; bound: number; gap: number },
  myopic: MyopicPlan,
): HorizonReport {
  const contacted = new Uint8Array(model.n);
  for (const week of weeks) week.choice.forEach((k, i) => (contacted[i] |= k >= 0 ? 1 : 0));
  const treated = contacted.reduce((sum, x) => sum + x, 0);
  const { policy } = model;
  const kpis = sumKpis(weeks, model.n, policy.horizon_budget ?? policy.budget * policy.weeks, treated);
  const myopicNet = myopic.choices ? netValue(model, predictions, myopic.choices) : null;
  return {
    weeks,
    kpis,
    contacts: weeks.reduce((sum, week) => sum + week.kpis.customers_treated, 0),
    objective: solved.objective,
    bound: solved.bound,
    gap: solved.gap,
    myopic_objective: myopic.choices ? myopic.objective : null,
    myopic_net_value: myopicNet,
    value_of_planning_ahead: myopic.choices ? Math.max(0, solved.objective - myopic.objective) : null,
    ...(myopic.failedWeek !== undefined
      ? {
          myopic_note: `planned week by week, week ${myopic.failedWeek} has no plan that keeps every rule: planning ahead is what makes the weeks feasible`,
        }
      : {}),
  };
}

/** Net value (retained CLV less spend) of a plan over the weeks, whatever the objective. */
function netValue(model: HorizonModel, predictions: Predictions, choices: Int16Array): number {
  let net = 0;
  for (let i = 0; i < model.n; i++) {
    let cost = 0;
    const q = walkSequence(model, i, choices, (_, k) => {
      if (k >= 0) cost += model.actions[k].cost;
    });
    net += predictions.p[i] * predictions.v[i] * (1 - q) - cost;
  }
  return net;
}
