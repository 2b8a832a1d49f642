import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { renderPlanCsv } from '../../../src/io/plan-csv.ts';
import { checkBlockLimits } from '../../../src/slack/blocks/block-kit.ts';
import { SLACK_BASE_POLICY } from '../../../src/domain/policy.ts';
import { catalogHash, listRuns, writeRun } from '../../../src/storage/run-record.ts';
import { sampleOutcome } from '../../fixtures/storage/outcome.ts';
import {
  APPROVER,
  blockText,
  callsTo,
  OTHER_APPROVER,
  startSlackTestbed,
  type SlackTestbed,
} from '../../support/fake-slack.ts';
import { describeOnMotoS3, type StartBed } from '../../support/moto-testbed.ts';

const APPROVED_BEFORE = '20261109-083000-aaa111';
const BIG_MOVE = '20261116-083000-bbb222';

let bed: SlackTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/**
 * Records a plan made in Slack (10% holdout; C1 treated, C2 held out) with the given budget;
 * approved by `approvedBy` when given, needing `required` approvers.
 */
async function recordPlan(
  testbed: SlackTestbed,
  planId: string,
  options: { budget: number; approvedBy?: string; required?: number },
): Promise<void> {
  const outcome = sampleOutcome({
    policy: { ...SLACK_BASE_POLICY, budget: options.budget },
    kpis: { ...sampleOutcome().kpis, holdout_customers: 1 },
  });
  outcome.assignment!.holdout[1] = 1;
  await writeRun(testbed.store, {
    planId,
    outcome,
    csv: renderPlanCsv(outcome),
    input: { key: 'predictions/2026-11-16/predictions.csv', etag: 'e', sha256: 'a'.repeat(64) },
    catalogHash: catalogHash(DEFAULT_CATALOG),
    requestedBy: 'UASKER1',
    requestedAt: new Date('2026-11-09T08:30:00Z'),
    version: 'test',
    ...(options.required ? { approvals: { required: options.required, reasons: ['budget +67% ($150 → $250)'] } } : {}),
  });
  if (options.approvedBy) {
    const approval = {
      plan_id: planId,
      approved_by: options.approvedBy,
      approved_at: '2026-11-09T09:00:00.000Z',
      job_id: 'job-approved-before',
    };
    await testbed.store.put(`plans/${planId}/approval.json`, JSON.stringify(approval));
  }
}

async function exportKeys(testbed: SlackTestbed): Promise<string[]> {
  return (await testbed.store.list('exports/')).map((object) => object.key);
}

const webhooks = (testbed: SlackTestbed) => testbed.slack.calls.filter((call) => call.kind === 'webhook');

async function readApprovalJson(testbed: SlackTestbed, planId: string): Promise<Record<string, string>> {
  return JSON.parse(await text((await testbed.store.get(`plans/${planId}/approval.json`)).body)) as Record<
    string,
    string
  >;
}

/** Every case of the second approver, on the store `startBed` gives the testbed. */
function secondApproverCases(startBed: StartBed): void {
  it('asks for two approvers when the budget moves more than 20%, and exports only on the second distinct one', async () => {
    // Prepare: the last approved plan had budget=$150
    bed = await startBed({ webhook: true });
    await recordPlan(bed, APPROVED_BEFORE, { budget: 150, approvedBy: APPROVER });
    const ack = await bed.command('budget=250');
    await bed.dispatcher.idle();
    const [planPost] = callsTo(bed.slack, ack.responseUrl);
    const [run] = await listRuns(bed.store, 1);

    // Act: the first approver clicks twice, then the second approver once
    const first = await bed.click(run.plan_id, { user: APPROVER, blocks: planPost.body.blocks as unknown[] });
    await bed.dispatcher.idle();
    const homesAfterOne = bed.slack.calls.filter((call) => call.target === 'views.publish').slice(-2);
    const firstAgain = await bed.click(run.plan_id, { user: APPROVER });
    await bed.dispatcher.idle();
    const exportsAfterOne = await exportKeys(bed);
    const second = await bed.click(run.plan_id, { user: OTHER_APPROVER });
    await bed.dispatcher.idle();

    // Assess: the plan message
    const planText = blockText(planPost.body);
    expect(planText).toContain(
      '*Two approvers needed*: this policy moves budget +67% ($150 → $250), more than 20% from the last approved plan',
    );
    expect(planText).toContain('Approve (1 of 2)');
    expect(planText).not.toContain('Approve & send\n');
    expect(run.approvals_required).toBe(2);
    // the first approval is recorded and shown, nothing is sent
    const [progress, firstAnswer] = callsTo(bed.slack, first.responseUrl);
    expect(progress.body.replace_original).toBe(true);
    expect(blockText(progress.body)).toContain(`Approved 1 of 2 by <@${APPROVER}>`);
    expect(blockText(progress.body)).toContain('Approve (2 of 2)');
    expect(checkBlockLimits(progress.body)).toEqual([]);
    expect(firstAnswer.body.response_type).toBe('ephemeral');
    expect(String(firstAnswer.body.text)).toContain('is recorded (1 of 2)');
    expect(String(callsTo(bed.slack, firstAgain.responseUrl)[0].body.text)).toContain('You already approved plan');
    expect(exportsAfterOne).toEqual([]);
    // both approvers' Home tabs show the first approval at once
    expect(homesAfterOne.map((call) => call.body.user_id).sort()).toEqual([APPROVER, OTHER_APPROVER].sort());
    for (const home of homesAfterOne)
      expect(blockText(home.body.view as { blocks: unknown[] })).toContain(`(1 of 2, by <@${APPROVER}>)`);
    // the second, distinct approver sends it, once
    expect(await exportKeys(bed)).toEqual([`exports/2026-11-16/${run.plan_id}.csv`]);
    expect(webhooks(bed)).toHaveLength(1);
    expect(webhooks(bed)[0].body).toMatchObject({ approved_by: APPROVER, second_approver: OTHER_APPROVER });
    expect(await readApprovalJson(bed, run.plan_id)).toMatchObject({
      approved_by: APPROVER,
      second_approver: OTHER_APPROVER,
    });
    const [done] = callsTo(bed.slack, second.responseUrl);
    expect(blockText(done.body)).toMatch(
      new RegExp(`Approved by <@${APPROVER}> and <@${OTHER_APPROVER}> at .*: \\d+ actions sent`),
    );
  });

  it('keeps one approver from finishing alone, even with concurrent double clicks', async () => {
    // Prepare
    bed = await startBed({ webhook: true });
    await recordPlan(bed, BIG_MOVE, { budget: 250, required: 2 });

    // Act
    const clicks = await Promise.all([
      bed.click(BIG_MOVE, { user: APPROVER }),
      bed.click(BIG_MOVE, { user: APPROVER }),
      bed.click(BIG_MOVE, { user: APPROVER }),
    ]);
    await bed.dispatcher.idle();

    // Assess
    expect(await exportKeys(bed)).toEqual([]);
    expect(await bed.store.list(`plans/${BIG_MOVE}/approval.json`)).toEqual([]);
    expect((await bed.store.list(`plans/${BIG_MOVE}/approvals/`)).map((o) => o.key)).toEqual([
      `plans/${BIG_MOVE}/approvals/${APPROVER}.json`,
    ]);
    const answers = clicks.map((click) => String(callsTo(bed!.slack, click.responseUrl).at(-1)?.body.text));
    expect(answers.filter((answer) => answer.includes('is recorded (1 of 2)'))).toHaveLength(1);
    expect(answers.filter((answer) => answer.includes('You already approved'))).toHaveLength(2);
  });

  it('exports exactly once when both approvers click at the same time', async () => {
    // Prepare
    bed = await startBed({ webhook: true });
    await recordPlan(bed, BIG_MOVE, { budget: 250, required: 2 });

    // Act
    await Promise.all([
      bed.click(BIG_MOVE, { user: APPROVER }),
      bed.click(BIG_MOVE, { user: OTHER_APPROVER }),
      bed.click(BIG_MOVE, { user: OTHER_APPROVER }),
    ]);
    await bed.dispatcher.idle();

    // Assess
    expect(await exportKeys(bed)).toEqual([`exports/2026-11-16/${BIG_MOVE}.csv`]);
    expect(webhooks(bed)).toHaveLength(1);
    const approval = await readApprovalJson(bed, BIG_MOVE);
    expect([approval.approved_by, approval.second_approver].sort()).toEqual([APPROVER, OTHER_APPROVER].sort());
    const exported = await text((await bed.store.get(`exports/2026-11-16/${BIG_MOVE}.csv`)).body);
    expect(exported).not.toContain('holdout');
  });

  it('refuses a non-approver without recording anything', async () => {
    // Prepare
    bed = await startBed();
    await recordPlan(bed, BIG_MOVE, { budget: 250, required: 2 });

    // Act
    const click = await bed.click(BIG_MOVE, { user: 'UINTRUDER' });
    await bed.dispatcher.idle();

    // Assess
    expect(String(callsTo(bed.slack, click.responseUrl)[0].body.text)).toContain('Only the configured approvers');
    expect(await bed.store.list(`plans/${BIG_MOVE}/approvals/`)).toEqual([]);
  });

  it('needs one approver when the policy stays within 20% of the last approved one', async () => {
    // Prepare
    bed = await startBed();
    await recordPlan(bed, APPROVED_BEFORE, { budget: 150, approvedBy: APPROVER });
    const ack = await bed.command('budget=175');
    await bed.dispatcher.idle();
    const [run] = await listRuns(bed.store, 1);

    // Act
    await bed.click(run.plan_id, { user: OTHER_APPROVER });
    await bed.dispatcher.idle();

    // Assess
    const planText = blockText(callsTo(bed.slack, ack.responseUrl)[0].body);
    expect(planText).toContain('Approve & send');
    expect(planText).not.toContain('Two approvers needed');
    expect(run.approvals_required).toBe(1);
    expect(await exportKeys(bed)).toEqual([`exports/2026-11-16/${run.plan_id}.csv`]);
  });
}

describe('the second approver (local folder)', () => secondApproverCases(startSlackTestbed));
describeOnMotoS3('the second approver on S3 (moto_server)', ({ startBed }) => secondApproverCases(startBed));
