import * as z from 'zod';
import { answerRetentionCommand, type CommandDeps } from '../answer-command.ts';
import { POST_TO_BLOCK_ID } from '../blocks/policy-modal.ts';
import type { SlackOutbox } from '../outbox/outbox.ts';
import { decodeFormOrigin } from './form-origin.ts';
import { formStateSchema, readPolicyForm } from './read-policy-form.ts';

/** The fields of Slack's `view_submission` payload the policy form reads. */
export const viewSubmissionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string().max(3000).optional(),
    state: z.object({ values: formStateSchema }),
  }),
  /** Given when the form had a conversation select with `response_url_enabled`. */
  response_urls: z
    .array(z.object({ channel_id: z.string().min(1), response_url: z.url({ protocol: /^https?$/ }) }).loose())
    .optional(),
});

export type ViewSubmission = z.infer<typeof viewSubmissionSchema>;

/** What the submission's acknowledgement says: field errors (the modal stays open), or nothing (it closes). */
export type FormAnswer = { response_action: 'errors'; errors: Record<string, string> } | undefined;

export interface SubmitDeps extends CommandDeps {
  outbox: SlackOutbox;
}

/**
 * A policy form submission, within Slack's 3 seconds: bad values come back as field errors
 * and nothing runs; a good policy starts the same job as `/retention` would (a plan, or a
 * sweep) for the channel the form was opened from (or chosen in it), and the requester hears
 * "Planning for N customers…" there, privately. The plan follows from the worker.
 */
export async function submitPolicyForm(deps: SubmitDeps, submission: ViewSubmission): Promise<FormAnswer> {
  const reading = readPolicyForm(submission.view.state.values, { guardrails: deps.guardrails });
  if (!reading.ok) return { response_action: 'errors', errors: reading.errors };
  const origin = decodeFormOrigin(submission.view.private_metadata);
  const chosen = submission.response_urls?.[0];
  const channelId = origin.channel_id ?? chosen?.channel_id ?? reading.channelId;
  const responseUrl = origin.response_url ?? chosen?.response_url;
  if (!channelId || !responseUrl)
    return { response_action: 'errors', errors: { [POST_TO_BLOCK_ID]: 'Choose the channel to post the plan in.' } };
  const payload = { text: '', user_id: submission.user.id, channel_id: channelId, response_url: responseUrl };
  const note = await answerRetentionCommand(deps, payload, reading.command);
  await deps.outbox
    .respond(responseUrl, { ...note, response_type: 'ephemeral', replace_original: false })
    .catch((error: unknown) => deps.logger.error('form acknowledgement not posted', { error: String(error) }));
  return undefined;
}
