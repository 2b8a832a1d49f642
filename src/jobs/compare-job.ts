import type { KnownBlock } from '@slack/types';
import { compareScenarios, type ScenarioComparison } from '../analytics/compare.ts';
import { formatMoney } from '../analytics/format.ts';
import { compareBlocks } from '../slack/blocks/analytics-blocks.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import { newPlanId } from '../storage/run-ids.ts';
import { context, fitMessage, section, type SlackMessage } from '../slack/blocks/block-kit.ts';
import { escapeMrkdwn } from '../slack/blocks/format.ts';
import type { CompareJob } from './job-records.ts';
import { loadHistoryFor, loadPlanningInputs, type PlanningInputs } from './plan-inputs.ts';
import { stillWorkingNotifier, withStillWorkingNotice, type PlanJobDeps } from './plan-job.ts';

/** `A (budget=150)`: a scenario's label, its words escaped for mrkdwn (they are typed by a user). */
export function scenarioLabel(letter: 'A' | 'B', words: readonly string[]): string {
  return `${letter} (${words.length > 0 ? escapeMrkdwn(words.join(' ')) : 'Slack defaults'})`;
}

function noPlanLine(label: string, outcome: PlanOutcome): string | undefined {
  if (outcome.status === 'optimal' || outcome.status === 'feasible') return undefined;
  const why = outcome.infeasibility;
  if (!why) return `:x: ${label} has no plan (${outcome.status}).`;
  const budget =
    why.least_budget !== undefined ? `; it needs a budget of at least ${formatMoney(Math.ceil(why.least_budget))}` : '';
  return `:no_entry: ${label} has no plan: the rules ${why.conflicting_rules.map((r) => `\`${r}\``).join(', ')} cannot all hold${budget}.`;
}

/** The comparison message: both scenarios' KPIs, the differences (B - A), how the action mix moved. */
export function renderCompareMessage(
  cmp: ScenarioComparison,
  outcomes: [PlanOutcome, PlanOutcome],
  inputs: PlanningInputs,
): SlackMessage {
  const blocks: KnownBlock[] = compareBlocks(cmp);
  const missing = [noPlanLine(cmp.a.label, outcomes[0]), noPlanLine(cmp.b.label, outcomes[1])].filter(
    (line): line is string => line !== undefined,
  );
  if (missing.length > 0) blocks.splice(2, 0, section(missing.join('\n')));
  const moved = cmp.customers_moved === null ? '' : ` · ${cmp.customers_moved} customers change action`;
  blocks.push(
    context([
      `${escapeMrkdwn(inputs.inputKey)} · catalog \`${escapeMrkdwn(inputs.catalog.version)}\`${moved} · what-if only: nothing is recorded for approval; run \`/retention key=value\` to make a plan`,
    ]),
  );
  const net = cmp.kpis.find((d) => d.kpi === 'net_value');
  const verdict =
    net?.difference === null || net?.difference === undefined
      ? 'one scenario has no plan'
      : `B ${net.difference >= 0 ? 'adds' : 'loses'} ${formatMoney(Math.abs(net.difference))} of net value against A`;
  return fitMessage(`Scenario comparison: ${verdict}`, blocks);
}

/**
 * The worker's half of `/retention compare A | B`: plans both scenarios on the same
 * predictions, catalog and contact history (each with half the solve limit) and posts the
 * comparison in the channel. Nothing is recorded: a comparison is a what-if.
 */
export async function runCompareJob(deps: PlanJobDeps, job: CompareJob): Promise<{ status: string }> {
  const now = deps.clock();
  const inputs = await loadPlanningInputs(deps.store, {
    files: job.predictions,
    now,
    timeZone: deps.timeZone,
    catalog: deps.catalog,
  });
  const [a, b] = job.scenarios;
  const loaded = await loadHistoryFor(deps.store, inputs, [a.policy, b.policy]);
  const seed = (deps.newPlanId ?? newPlanId)(now);
  const plan = (policy: CompareJob['scenarios'][number]['policy']) =>
    deps.planWeek({
      predictions: inputs.predictions,
      catalog: inputs.catalog.catalog,
      policy,
      timeLimitSeconds: Math.max(1, deps.timeLimitSeconds / 2),
      planId: seed,
      history: loaded.history,
    });
  const outcomes = await withStillWorkingNotice(
    deps.stillWorkingAfterMs,
    stillWorkingNotifier(deps, job),
    async () => [await plan(a.policy), await plan(b.policy)] as [PlanOutcome, PlanOutcome],
  );
  const comparison = compareScenarios(outcomes[0], outcomes[1], [
    scenarioLabel('A', a.words),
    scenarioLabel('B', b.words),
  ]);
  const message = renderCompareMessage(comparison, outcomes, inputs);
  await deps.outbox.respond(job.response_url, { ...message, response_type: 'in_channel', replace_original: false });
  return {
    status: outcomes.every((o) => o.status === 'optimal' || o.status === 'feasible')
      ? 'compared'
      : 'compared_without_plan',
  };
}
