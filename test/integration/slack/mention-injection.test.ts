import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlanChart } from '../../../src/analytics/plan-chart-svg.ts';
import { compareScenarios } from '../../../src/analytics/compare.ts';
import { runSweep } from '../../../src/analytics/sweep.ts';
import { parseSweepSpec } from '../../../src/analytics/sweep-spec.ts';
import type { Action } from '../../../src/domain/catalog.ts';
import type { PlanOutcome } from '../../../src/domain/plan.ts';
import { SLACK_BASE_POLICY, type Policy } from '../../../src/domain/policy.ts';
import { policyWords } from '../../../src/domain/policy-words.ts';
import { readPredictions } from '../../../src/io/read-predictions.ts';
import { renderCompareMessage, scenarioLabel } from '../../../src/jobs/compare-job.ts';
import type { PlanningInputs } from '../../../src/jobs/plan-inputs.ts';
import { renderSweepMessage } from '../../../src/jobs/sweep-job.ts';
import { listHistory } from '../../../src/learning/audit-history.ts';
import { proposeCatalog } from '../../../src/learning/calibrate.ts';
import { summariseMeasurement, writeLatestMeasurement } from '../../../src/learning/measurement-record.ts';
import type { UpliftMeasurement } from '../../../src/learning/uplift.ts';
import { buildHomeView } from '../../../src/slack/blocks/home-view.ts';
import {
  renderCalibrationProposal,
  renderHistory,
  renderUpliftReport,
} from '../../../src/slack/blocks/learning-blocks.ts';
import { renderAlreadyApproved, renderApproved, renderFailure } from '../../../src/slack/blocks/messages.ts';
import { renderPlanMessage, type PlanMessageContext } from '../../../src/slack/blocks/plan-blocks.ts';
import { buildPlanSummaryModal } from '../../../src/slack/blocks/plan-summary-modal.ts';
import { buildPolicyModal } from '../../../src/slack/blocks/policy-modal.ts';
import { renderSummaryMessage } from '../../../src/slack/blocks/summary-blocks.ts';
import { readHomeSnapshot } from '../../../src/slack/home/read-home.ts';
import { markApprovalProgress } from '../../../src/slack/pending-approval.ts';
import { renderStatus } from '../../../src/slack/status.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { readRun, writeRun } from '../../../src/storage/run-record.ts';
import { startSlackTestbed, type SlackTestbed } from '../../support/fake-slack.ts';

/**
 * Issue 21, item 4: text from the data or from a user (segment names, customer ids, action
 * names, policy words, file names) must never ping a channel. Each reaches every message kind
 * here; no mrkdwn the app renders may carry a live `<!here>`, `<!channel>`, `<!everyone>` or a
 * planted user mention, and the SVG chart escapes them as XML.
 */

const SEGMENT = '<!here> *seg*';
const ACTION = '<@U0EVIL> & <!everyone> mail';
const FILE = 'predictions/2026-11-16/<!here>.csv';
const LIVE = /<!(here|channel|everyone|subteam)|<@U0EVIL/;

const CATALOG: Action[] = [
  { id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 },
  { id: 1, name: ACTION, channel: 'email', cost: 2, uplift: 0.08 },
  { id: 6, name: 'Push <!channel>', channel: 'push', cost: 0.5, uplift: 0.03 },
];
const POLICY: Policy = { ...SLACK_BASE_POLICY, premium_segment: SEGMENT, budget: 30, email_cap: 20 };

let bed: SlackTestbed;
let outcome: PlanOutcome;
let ctx: PlanMessageContext;

/** Every mrkdwn text and fallback text in a message or view: what Slack would parse for mentions. */
function mrkdwn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) mrkdwn(item, found);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.text === 'string' && record.type !== 'plain_text') found.push(record.text);
    for (const [key, child] of Object.entries(record))
      if (key !== 'text' || typeof child !== 'string') mrkdwn(child, found);
  }
  return found;
}

const live = (message: unknown): string[] => mrkdwn(message).filter((text) => LIVE.test(text));

async function plan(policy: Policy): Promise<PlanOutcome> {
  const rows = Array.from(
    { length: 40 },
    (_, i) => `<!channel>${i},${0.3 + (i % 7) / 10},${i % 2 ? SEGMENT : 'Free'},${50 + i}`,
  );
  const csv = ['customer_id,churn_probability,subscription_type,clv', ...rows].join('\n');
  const predictions = await readPredictions(Readable.from([csv]), { source: FILE });
  return planWeek({ predictions, catalog: CATALOG, policy, planId: '20261116-083000-evil01' });
}

beforeAll(async () => {
  bed = await startSlackTestbed({ seed: false });
  await bed.store.put(FILE, 'customer_id,churn_probability,subscription_type\nC1,0.5,Free\n');
  outcome = await plan(POLICY);
  const input = { key: FILE, etag: '', sha256: 'a'.repeat(64) };
  await writeRun(bed.store, {
    planId: '20261116-083000-evil01',
    outcome,
    csv: 'customer_id\n',
    input,
    catalogHash: 'b'.repeat(64),
    requestedBy: 'UASKER1',
    requestedAt: new Date('2026-11-16T08:30:00Z'),
    version: 'test',
  });
  ctx = {
    planId: '20261116-083000-evil01',
    planCsvKey: 'plans/20261116-083000-evil01/plan.csv',
    attachments: { problems: ['<!channel> could not upload <!here>.csv'] },
    predictionsKey: FILE,
    requestedBy: 'UASKER1',
    origin: 'response_url',
  };
});
afterAll(async () => {
  await bed?.close();
});

describe('text from data and users never becomes a mention', () => {
  it('in the plan, infeasible, Monday summary and approval messages', async () => {
    // Prepare
    const infeasible = await plan({ ...POLICY, budget: 0, min_high_risk: 1 });
    const message = renderPlanMessage(outcome, ctx);
    const approval = {
      plan_id: ctx.planId,
      approved_by: 'UAPPROVER1',
      approved_at: '2026-11-16T09:00:00Z',
      job_id: 'j1',
    };
    const words = policyWords(POLICY, SLACK_BASE_POLICY);

    // Act
    const messages = [
      message,
      renderPlanMessage(infeasible, ctx),
      renderSummaryMessage(outcome, ctx, {
        weekOf: '2026-11-16',
        previous: undefined,
        policySource: { kind: 'default' },
      }),
      renderApproved({
        approval,
        sent: 3,
        exportKey: FILE,
        files: { attachments: ctx.attachments, planCsvKey: FILE, words },
      }),
      renderAlreadyApproved(approval),
      {
        blocks: markApprovalProgress(message.blocks as unknown as Record<string, unknown>[], {
          planId: ctx.planId,
          origin: 'response_url',
          treated: 3,
          required: 2,
          approvers: [{ plan_id: ctx.planId, approved_by: 'UAPPROVER1', approved_at: '2026-11-16T09:00:00Z' }],
        }),
      },
    ];

    // Assess
    expect(messages.flatMap(live)).toEqual([]);
    const text = mrkdwn(message).join('\n');
    for (const escaped of ['&lt;!here&gt; *seg*', '&lt;@U0EVIL&gt; &amp; &lt;!everyone&gt; mail', '&lt;!channel&gt;'])
      expect(text).toContain(escaped);
  });

  it('in sweeps, comparisons, uplift and calibration', async () => {
    // Prepare
    const spec = parseSweepSpec('budget=20..40:2');
    const sweep = await runSweep({ predictions: outcome.predictions, catalog: CATALOG, policy: POLICY, spec });
    const inputs = {
      inputKey: FILE,
      catalog: { catalog: CATALOG, version: 'default', hash: '' },
    } as unknown as PlanningInputs;
    const other = await plan({ ...POLICY, budget: 40 });
    const words = policyWords(POLICY, SLACK_BASE_POLICY);
    const labels: [string, string] = [scenarioLabel('A', words), scenarioLabel('B', ['premium_segment=<!channel>'])];
    const arm = (customers: number, churned: number) => ({ customers, churned, churn_rate: churned / customers });
    const measurement: UpliftMeasurement = {
      action_id: 1,
      treatment: arm(400, 40),
      holdout: arm(400, 80),
      plans: 2,
      reduction: { estimate: 0.1, low: 0.05, high: 0.15 },
      relative: { estimate: 0.5, low: 0.4, high: 0.6 },
    };
    const measured = { measurements: [measurement], plans: ['p1'], plansWithoutHoldout: [], unobserved: 0 };

    // Act
    const messages = [
      renderSweepMessage(
        sweep,
        { key: FILE, problem: '<!here> refused' },
        { sweepId: 's1', inputs, words, describe: (k) => k },
      ),
      renderCompareMessage(compareScenarios(outcome, other, labels), [outcome, other], inputs),
      renderUpliftReport(measured, CATALOG),
      renderCalibrationProposal(
        proposeCatalog({ catalog: CATALOG, version: 'default' }, [measurement], { date: '2026-11-16' }),
      ),
    ];

    // Assess
    expect(messages.flatMap(live)).toEqual([]);
  });

  it('in status, history, errors and the echo of a typed command', async () => {
    // Act
    const messages = [
      await renderStatus(bed.store, 'predictions/'),
      renderHistory(await listHistory(bed.store, 10)),
      renderFailure('BAD_INPUT', `${FILE}: row 2, column subscription_type: "<!channel>"`),
      JSON.parse((await bed.command('budget=<!channel>')).body) as unknown,
      JSON.parse((await bed.command('<!here> now')).body) as unknown,
    ];

    // Assess
    expect(messages.flatMap(live)).toEqual([]);
    expect(mrkdwn(messages[3]).join('\n')).toContain('&lt;!channel&gt;');
  });

  it('in the Home tab, the policy form, the plan summary and the chart', async () => {
    // Prepare
    const measurement = summariseMeasurement([], CATALOG, { asOf: '2026-11-16', plans: 1 });
    measurement.actions.push({
      action_id: 1,
      action_name: ACTION,
      catalog_uplift: 0.08,
      treated: 400,
      held_out: 400,
      relative: null,
    });
    await writeLatestMeasurement(bed.store, measurement);
    const run = await readRun(bed.store, '20261116-083000-evil01');

    // Act
    const views = [
      buildHomeView(await readHomeSnapshot(bed.store), { userId: 'UAPPROVER1', isApprover: true }),
      buildPolicyModal({
        policy: POLICY,
        source: `the policy of plan ${SEGMENT}`,
        segments: { names: [SEGMENT, 'Free'], complete: false, from: FILE },
        askChannel: true,
        privateMetadata: '{}',
        notes: ['<!channel> slow'],
      }),
      buildPlanSummaryModal({ run, words: policyWords(POLICY, SLACK_BASE_POLICY) }),
    ];
    const svg = buildPlanChart(outcome).svg;

    // Assess
    expect(views.flatMap(live)).toEqual([]);
    expect(svg).not.toMatch(LIVE);
    expect(svg).toContain('&#60;!here&#62; *seg*');
  });
});
