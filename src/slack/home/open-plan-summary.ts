import { readApproval } from '../../approvals/approval-record.ts';
import { describeFailure } from '../../domain/errors.ts';
import { policySchema, SLACK_BASE_POLICY } from '../../domain/policy.ts';
import { policyWords } from '../../domain/policy-words.ts';
import { readPlanAttachments } from '../../storage/plan-attachments.ts';
import { readRun } from '../../storage/run-record.ts';
import { section } from '../blocks/block-kit.ts';
import { escapeMrkdwn } from '../blocks/format.ts';
import { buildPlanSummaryModal } from '../blocks/plan-summary-modal.ts';
import { withinDeadline } from '../deadline.ts';
import { FORM_READ_DEADLINE_MS, type FormDeps } from '../form/open-policy-form.ts';

async function readSummary(deps: FormDeps, planId: string) {
  const [run, approval, attachments] = await Promise.all([
    readRun(deps.store, planId),
    readApproval(deps.store, planId).catch(() => undefined),
    readPlanAttachments(deps.store, planId).catch(() => undefined),
  ]);
  const policy = policySchema.safeParse({ ...SLACK_BASE_POLICY, ...run.policy });
  const words = policy.success ? policyWords(policy.data, SLACK_BASE_POLICY) : [];
  return buildPlanSummaryModal({
    run,
    ...(approval ? { approval } : {}),
    ...(attachments ? { attachments } : {}),
    words,
  });
}

/**
 * The Home tab's "Open": the recorded plan as a read-only modal, opened inside the click's
 * acknowledgement. A plan that cannot be read in time, or at all, opens a modal that says so.
 */
export async function openPlanSummary(deps: FormDeps, input: { triggerId: string; planId: string }): Promise<void> {
  let view;
  try {
    view = await withinDeadline(readSummary(deps, input.planId), deps.formReadDeadlineMs ?? FORM_READ_DEADLINE_MS);
  } catch (error) {
    const failure = describeFailure(error);
    deps.logger.error('plan summary not read', { plan_id: input.planId, code: failure.code });
    view = undefined;
  }
  const fallback = {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: 'Retention plan' },
    close: { type: 'plain_text' as const, text: 'Close' },
    blocks: [section(`:warning: Plan \`${escapeMrkdwn(input.planId)}\` could not be read just now; try again.`)],
  };
  await deps.outbox
    .openView(input.triggerId, view ?? fallback)
    .catch((error: unknown) => deps.logger.error('plan summary not opened', { error: String(error) }));
}
