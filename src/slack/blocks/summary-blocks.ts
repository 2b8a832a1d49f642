import type { KnownBlock } from '@slack/types';
import type { PlanOutcome } from '../../domain/plan.ts';
import type { RunRecord } from '../../storage/run-record.ts';
import { context, fitMessage, section, type SlackMessage } from './block-kit.ts';
import { formatChange, formatCount, formatDollars, formatPercent } from './format.ts';
import { SLACK_BASE_POLICY } from '../../domain/policy.ts';
import { policyWords } from '../../domain/policy-words.ts';
import { planToolsBlock } from './plan-files-blocks.ts';
import { approveButton, planBodyBlocks, renderInfeasibleMessage, type PlanMessageContext } from './plan-blocks.ts';

/** Where the summary's policy came from, said in the message. */
export type PolicySource = { kind: 'default' } | { kind: 'approved'; planId: string };

/** Week-over-week lines: treated, spend, retained CLV, net value and ROI against the previous run. */
export function describeChange(outcome: PlanOutcome, previous: RunRecord | undefined): string {
  if (!previous) return '*Change against last week*: no earlier plan to compare with';
  const before = previous.kpis;
  const now = outcome.kpis;
  const dollars = (x: number) => formatDollars(x);
  const line = (label: string, value: string, delta: string) => `• ${label}: ${value} (${delta})`;
  const diff = (a: number | null | undefined, b: number) => b - (a ?? 0);
  return [
    `*Change against last week* (plan \`${previous.plan_id}\`, ${previous.status})`,
    line(
      'Customers treated',
      formatCount(now.customers_treated),
      formatChange(diff(before.customers_treated, now.customers_treated), formatCount),
    ),
    line('Spend', dollars(now.total_spend), formatChange(diff(before.total_spend, now.total_spend), dollars)),
    line(
      'Expected retained CLV',
      dollars(now.expected_retained_clv),
      formatChange(diff(before.expected_retained_clv, now.expected_retained_clv), dollars),
    ),
    line('Net value', dollars(now.net_value), formatChange(diff(before.net_value, now.net_value), dollars)),
    line(
      'ROI',
      formatPercent(now.roi_pct),
      formatChange(diff(before.roi_pct, now.roi_pct), (x) => `${formatPercent(x)} points`),
    ),
  ].join('\n');
}

/**
 * The Monday summary: the week's plan (KPIs, binding rules, action mix), the change against
 * last week's plan, which policy was used, and Approve & send (updated later with chat.update).
 */
export function renderSummaryMessage(
  outcome: PlanOutcome,
  ctx: Omit<PlanMessageContext, 'origin' | 'title'>,
  input: { weekOf: string; previous: RunRecord | undefined; policySource: PolicySource },
): SlackMessage {
  const title = `Monday retention plan, week of ${input.weekOf}`;
  const source =
    input.policySource.kind === 'default'
      ? 'Policy: the defaults, with a 10% holdout (no plan has been approved yet)'
      : `Policy: the last approved one (plan \`${input.policySource.planId}\`)`;
  if (outcome.status === 'infeasible') {
    const message = renderInfeasibleMessage(outcome, ctx);
    return fitMessage(`${title}: ${message.text}`, [...message.blocks, context([source])]);
  }
  const body = planBodyBlocks(outcome, { ...ctx, origin: 'chat', title });
  const blocks: KnownBlock[] = [
    ...body.slice(0, -1),
    section(describeChange(outcome, input.previous)),
    context([source]),
    ...body.slice(-1),
    planToolsBlock(ctx.planId, policyWords(outcome.policy, SLACK_BASE_POLICY)),
    approveButton(ctx.planId, 'chat', outcome.kpis.customers_treated - outcome.kpis.holdout_customers, {
      required: ctx.approvals?.required ?? 1,
      given: 0,
    }),
  ];
  const k = outcome.kpis;
  return fitMessage(
    `${title}: ${formatCount(k.customers_treated)} customers, net value ${formatDollars(k.net_value)}`,
    blocks,
  );
}
