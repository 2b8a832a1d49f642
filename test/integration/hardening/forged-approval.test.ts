import { afterEach, describe, expect, it } from 'vitest';
import { recordJob, newJobId } from '../../../src/jobs/job-records.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { APPROVER, CHANNEL, NO_ANALYTICS, replayedPlanWeek, startHardeningBed, type HardeningBed } from './bed.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

let bed: HardeningBed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/** A bed with one recorded, approvable plan; returns its id. */
async function bedWithPlan(): Promise<{ testbed: HardeningBed; planId: string }> {
  const root = await tempDirForTest('hardening-forged-');
  const testbed = (bed = await startHardeningBed({
    store: createLocalStore(root),
    dispatch: 'queue',
    planWeek: await replayedPlanWeek(),
    worker: { analytics: NO_ANALYTICS },
  }));
  await testbed.command('plan');
  expect((await testbed.worker.runJob(testbed.queue.queued[0])).status).toBe('optimal');
  const [run] = (await testbed.store.list('plans/')).filter((object) => object.key.endsWith('/run.json'));
  return { testbed, planId: run.key.split('/')[1] };
}

/** Writes an approve job straight into the store, as an attacker with write access (or a stray invoke) would. */
async function forgeApproveJob(testbed: HardeningBed, planId: string, approvedBy: string): Promise<string> {
  const jobId = newJobId(new Date());
  await recordJob(testbed.store, {
    kind: 'approve',
    job_id: jobId,
    plan_id: planId,
    approved_by: approvedBy,
    approved_at: new Date().toISOString(),
    via: 'response_url',
    channel_id: CHANNEL,
    response_url: testbed.responseUrl(),
  });
  return jobId;
}

describe('approver rights are checked again in the worker', () => {
  it.each([
    ['a user who is not an approver', 'UMALLORY'],
    ['a real approver who never clicked (no approval record)', APPROVER],
  ])('an approve job forged for %s, sent straight to the worker, does nothing', async (_name, user) => {
    // Prepare
    const { testbed, planId } = await bedWithPlan();
    const callsBefore = testbed.slack.calls.length;
    const jobId = await forgeApproveJob(testbed, planId, user);

    // Act
    const outcome = await testbed.worker.runJob(jobId);

    // Assess
    expect(outcome).toMatchObject({ status: 'refused', error: { code: 'FORBIDDEN' } });
    expect(await testbed.store.list('exports/')).toEqual([]);
    expect(
      (await testbed.store.list(`plans/${planId}/`))
        .map((object) => object.key)
        .filter((key) => key.endsWith('approval.json')),
    ).toEqual([]);
    expect(testbed.slack.calls.slice(callsBefore)).toEqual([]);
  });

  it('the real click by an approver still exports (the control case)', async () => {
    // Prepare
    const { testbed, planId } = await bedWithPlan();

    // Act
    await testbed.click(planId);
    const outcome = await testbed.worker.runJob(testbed.queue.queued.at(-1)!);

    // Assess
    expect(outcome.status).toBe('approved');
    expect(await testbed.store.list('exports/')).toHaveLength(1);
  });
});
