import type { KnownBlock } from '@slack/types';
import * as z from 'zod';
import type { Action } from '../../domain/catalog.ts';
import { PlannerError } from '../../domain/errors.ts';
import {
  actions,
  button,
  context,
  fitMessage,
  header,
  joinLinesWithin,
  section,
  type SlackMessage,
} from './block-kit.ts';
import { escapeMrkdwn, formatCount, formatDollars, formatShare, mentionUser } from './format.ts';
import type { HistoryEntry } from '../../learning/audit-history.ts';
import type { AcceptedCatalogRecord } from '../../learning/catalog-store.ts';
import type { CatalogProposal } from '../../learning/calibrate.ts';
import { describeMove, type SecondApproverVerdict } from '../../approvals/governance.ts';
import type { StoredMeasurement } from '../../learning/measure.ts';
import type { Interval, UpliftMeasurement } from '../../learning/uplift.ts';

/** The action id of the "Accept catalog" button; its value is {@link CalibrateButtonValue} as JSON. */
export const CALIBRATE_ACCEPT_ACTION = 'calibrate_accept';

const buttonValueSchema = z.object({ version: z.string().regex(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/) }).strict();
export type CalibrateButtonValue = z.infer<typeof buttonValueSchema>;

/** Reads the accept button's value back; BAD_INPUT when it is not one this app wrote. */
export function parseCalibrateButtonValue(value: string): CalibrateButtonValue {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (cause) {
    throw new PlannerError('BAD_INPUT', 'the catalog button carries no readable value', { cause });
  }
  const parsed = buttonValueSchema.safeParse(json);
  if (!parsed.success)
    throw new PlannerError('BAD_INPUT', 'the catalog button carries no catalog version', { cause: parsed.error });
  return parsed.data;
}

const range = (i: Interval): string =>
  `${formatShare(i.estimate)} (95% CI ${formatShare(i.low)} to ${formatShare(i.high)})`;
const nameOf = (catalog: readonly Action[], id: number): string =>
  escapeMrkdwn(catalog.find((a) => a.id === id)?.name ?? `Action ${id}`);

function measurementLine(m: UpliftMeasurement, catalog: readonly Action[]): string {
  const current = catalog.find((a) => a.id === m.action_id)?.uplift;
  const head = `*${nameOf(catalog, m.action_id)}*: ${formatCount(m.treatment.customers)} treated (churn ${formatShare(m.treatment.churn_rate)}), ${formatCount(m.holdout.customers)} held out (churn ${formatShare(m.holdout.churn_rate)})`;
  const reduction = m.reduction ? `churn reduction ${range(m.reduction)} points` : 'no holdout or no treatment yet';
  const relative = m.relative
    ? `relative uplift ${range(m.relative)}${current !== undefined ? `; catalog says ${formatShare(current)}` : ''}`
    : 'relative uplift: n/a';
  return `${head}\n${reduction}; ${relative}`;
}

/** `/retention uplift`: the measured effect of each action against its holdout. */
export function renderUpliftReport(
  result: Pick<StoredMeasurement, 'measurements' | 'plans' | 'plansWithoutHoldout' | 'unobserved'>,
  catalog: readonly Action[],
): SlackMessage {
  const text =
    result.measurements.length === 0
      ? 'No measured uplift yet: no approved plan with a holdout is 30 days old with outcomes.'
      : `Measured uplift for ${result.measurements.length} actions from ${result.plans.length} plans`;
  const blocks: KnownBlock[] = [header('Measured uplift (holdout vs treatment)'), section(escapeMrkdwn(text))];
  for (const m of result.measurements) blocks.push(section(measurementLine(m, catalog)));
  blocks.push(
    context([
      `Plans measured: ${result.plans.length}; without a holdout: ${result.plansWithoutHoldout.length}; customers not yet observed 30 days on: ${formatCount(result.unobserved)}. Intervals: Newcombe (Wilson) for the reduction, log risk ratio for the relative uplift.`,
    ]),
  );
  return fitMessage(text, blocks);
}

/** `/retention calibrate`: the proposed catalog and an Accept button (the click must go through the approver check). */
export function renderCalibrationProposal(proposal: CatalogProposal): SlackMessage {
  const text =
    proposal.changes.length === 0
      ? `No catalog change is supported by the evidence yet (current: ${proposal.based_on})`
      : `Proposed catalog ${proposal.version}: ${proposal.changes.length} uplift change${proposal.changes.length === 1 ? '' : 's'}`;
  const changeLines = proposal.changes.map(
    (c) =>
      `• *${escapeMrkdwn(c.action_name)}*: ${formatShare(c.from)} → ${formatShare(c.to)} (${escapeMrkdwn(c.why)}; n = ${formatCount(c.measurement.treatment.customers)} / ${formatCount(c.measurement.holdout.customers)})`,
  );
  const skipLines = proposal.skipped.map((s) => `• ${escapeMrkdwn(s.action_name)}: kept, ${escapeMrkdwn(s.why)}`);
  const blocks: KnownBlock[] = [header('Catalog calibration'), section(escapeMrkdwn(text))];
  if (changeLines.length > 0) blocks.push(section(joinLinesWithin(['*Changes*', ...changeLines])));
  if (skipLines.length > 0) blocks.push(section(joinLinesWithin(['*Unchanged*', ...skipLines])));
  blocks.push(
    context([
      `Based on catalog ${escapeMrkdwn(proposal.based_on)}. Rule: at least 200 customers in each arm, and a 95% interval within ±50% of the estimate or excluding the current value.`,
    ]),
  );
  if (proposal.changes.length > 0) {
    const value = JSON.stringify({ version: proposal.version } satisfies CalibrateButtonValue);
    blocks.push(
      actions('calibrate', [
        button({
          text: `Accept catalog ${proposal.version}`,
          actionId: CALIBRATE_ACCEPT_ACTION,
          value,
          style: 'primary',
          confirm: {
            title: { type: 'plain_text', text: 'Accept this catalog?' },
            text: { type: 'mrkdwn', text: 'Every plan from now on uses these uplifts.' },
            confirm: { type: 'plain_text', text: 'Accept' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        }),
      ]),
    );
  }
  return fitMessage(text, blocks);
}

/** The message that replaces the proposal once accepted (or tells who accepted it first). */
export function renderCatalogAccepted(record: AcceptedCatalogRecord, won: boolean): SlackMessage {
  const text = `${won ? ':white_check_mark: Accepted' : 'Already accepted'}: catalog ${record.version} by ${mentionUser(record.accepted_by)} (${record.changes.length} change${record.changes.length === 1 ? '' : 's'})`;
  return fitMessage(text, [
    header('Catalog accepted'),
    section(text),
    context([`Plans from now on record catalog_version ${record.version}.`]),
  ]);
}

/** `/retention history`: recent runs, who asked and who approved, with the policy and KPIs. */
export function renderHistory(entries: readonly HistoryEntry[]): SlackMessage {
  const text =
    entries.length === 0 ? 'No plans yet.' : `The last ${entries.length} plan${entries.length === 1 ? '' : 's'}`;
  const blocks: KnownBlock[] = [header('Plan history'), section(text)];
  for (const entry of entries.slice(0, 45)) {
    const k = entry.kpis;
    const approval = entry.approval
      ? `approved by ${mentionUser(entry.approval.approved_by)}${entry.approval.second_approver ? ` and ${mentionUser(entry.approval.second_approver)}` : ''} at ${entry.approval.approved_at.slice(0, 16).replace('T', ' ')} UTC`
      : 'not approved';
    const policy = ['budget', 'holdout', 'cooldown_weeks']
      .filter((key) => entry.policy[key as keyof typeof entry.policy] !== undefined)
      .map((key) => `${key}=${String(entry.policy[key as keyof typeof entry.policy])}`)
      .join(' ');
    const kpis =
      k.customers_treated === null
        ? ''
        : `, ${formatCount(k.customers_treated ?? 0)} treated, ${formatDollars(k.total_spend ?? 0)} spent, net ${formatDollars(k.net_value ?? 0)}`;
    blocks.push(
      section(
        `\`${entry.plan_id}\` ${entry.status}${kpis}\nasked by ${mentionUser(entry.requested_by)} at ${entry.requested_at.slice(0, 16).replace('T', ' ')} UTC; ${approval}\n${escapeMrkdwn(policy)}${entry.catalog_version ? ` · catalog ${escapeMrkdwn(entry.catalog_version)}` : ''}`,
      ),
    );
  }
  return fitMessage(text, blocks);
}

/** The Approve button's text when a second approver is needed, e.g. `Approve (2nd approver: budget +33%)`; undefined when not. */
export function secondApproverButtonText(verdict: SecondApproverVerdict): string | undefined {
  if (!verdict.required) return undefined;
  return `Approve (2nd approver: ${verdict.moved.map((m) => describeMove(m).split(' (')[0]).join(', ')})`;
}

/** A sentence for the plan message saying which keys moved and by how much since the last approved plan. */
export function secondApproverNote(verdict: SecondApproverVerdict): string | undefined {
  if (!verdict.required) return undefined;
  return `:warning: This policy moves ${verdict.moved.map(describeMove).join(', ')} more than 20% from the last approved plan: it needs a second approver.`;
}
