import { describeFailure } from '../../domain/errors.ts';
import { SLACK_BASE_POLICY, type Policy, type PolicyKey } from '../../domain/policy.ts';
import { parsePolicyWords } from '../../domain/policy-words.ts';
import type { AppLogger } from '../../observability/app-logger.ts';
import type { ObjectStore } from '../../storage/object-store.ts';
import type { SlackMessage } from '../blocks/block-kit.ts';
import { renderFailure } from '../blocks/messages.ts';
import { buildPolicyModal } from '../blocks/policy-modal.ts';
import { withinDeadline } from '../deadline.ts';
import type { SlackOutbox } from '../outbox/outbox.ts';
import { readFormDefaults, type FormDefaults } from './form-defaults.ts';
import { encodeFormOrigin, knowsChannel, type FormOrigin } from './form-origin.ts';

/**
 * How long the store may take before the form opens with the defaults: the trigger id dies
 * 3 s after the click, and views.open itself needs a few hundred milliseconds of that.
 */
export const FORM_READ_DEADLINE_MS = 1500;

export interface FormDeps {
  store: ObjectStore;
  outbox: SlackOutbox;
  logger: AppLogger;
  predictionsPrefix?: string;
  /** {@link FORM_READ_DEADLINE_MS} by default. */
  formReadDeadlineMs?: number;
}

export interface OpenFormRequest {
  /** The interaction's trigger id (valid 3 s). */
  triggerId: string;
  origin: FormOrigin;
  /** The plan message the form was opened from, and the policy words that made its plan. */
  fromPlan?: { planId: string; words: readonly string[] };
  /** Preselects a sweep of this key. */
  sweepKey?: PolicyKey;
}

const FALLBACK: FormDefaults = {
  policy: { ...SLACK_BASE_POLICY },
  source: 'the Slack defaults (10% holdout)',
  segments: { names: [], complete: false, from: 'the predictions' },
};

function fromPlan(request: OpenFormRequest): { policy: Policy; source: string } | undefined {
  if (!request.fromPlan) return undefined;
  try {
    return {
      policy: parsePolicyWords(request.fromPlan.words, SLACK_BASE_POLICY),
      source: `the policy of plan ${request.fromPlan.planId}`,
    };
  } catch {
    return undefined;
  }
}

/**
 * Opens the policy form with `views.open`, inside the interaction's acknowledgement (its
 * trigger id lives 3 s): prefilled with the policy of the plan message it came from, else the
 * last approved policy, else the defaults, with the segments of the latest predictions. A slow
 * store opens it with the defaults and says so. Returns a short failure for the requester when
 * Slack refused to open it, else undefined.
 */
export async function openPolicyForm(deps: FormDeps, request: OpenFormRequest): Promise<SlackMessage | undefined> {
  const read = withinDeadline(
    readFormDefaults(deps.store, deps.predictionsPrefix),
    deps.formReadDeadlineMs ?? FORM_READ_DEADLINE_MS,
  ).catch((error: unknown) => {
    deps.logger.error('form defaults could not be read', { error: String(error) });
    return undefined;
  });
  const defaults = await read;
  const notes = defaults ? [] : ['The store did not answer in time: the fields show the Slack defaults.'];
  const start = fromPlan(request) ?? defaults ?? FALLBACK;
  const view = buildPolicyModal({
    policy: start.policy,
    source: start.source,
    segments: (defaults ?? FALLBACK).segments,
    askChannel: !knowsChannel(request.origin),
    privateMetadata: encodeFormOrigin(request.origin),
    ...(request.sweepKey ? { sweepKey: request.sweepKey } : {}),
    notes,
  });
  try {
    await deps.outbox.openView(request.triggerId, view);
    return undefined;
  } catch (error) {
    const failure = describeFailure(error);
    deps.logger.error('policy form not opened', { code: failure.code, error: String(error) });
    return renderFailure(failure.code, `${failure.message}. Type \`/retention budget=200\` instead, or try again`, {
      what: 'Opening the form',
    });
  }
}
