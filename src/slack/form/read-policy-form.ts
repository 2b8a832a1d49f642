import * as z from 'zod';
import { parseSweepSpec, type SweepSpec } from '../../analytics/sweep-spec.ts';
import { checkGuardrails, type Guardrails } from '../../approvals/governance.ts';
import { isPlannerError } from '../../domain/errors.ts';
import { POLICY_KEYS, SLACK_BASE_POLICY, type PolicyKey } from '../../domain/policy.ts';
import { parsePolicyWords, policyWords } from '../../domain/policy-words.ts';
import {
  FORM_VALUE_ACTION_ID,
  POST_TO_BLOCK_ID,
  policyBlockId,
  RANGE_BLOCK_ID,
  RUN_BLOCK_ID,
  RUN_ONE_PLAN,
  SWEEPABLE_KEYS,
} from '../blocks/policy-modal.ts';
import type { RetentionCommand } from '../command-grammar.ts';

/** One input's state as Slack sends it back: typed text, a chosen option or a chosen conversation. */
const stateValueSchema = z
  .object({
    value: z.string().max(3000).nullable().optional(),
    selected_option: z
      .object({ value: z.string().max(200) })
      .nullable()
      .optional(),
    selected_conversation: z.string().nullable().optional(),
  })
  .loose();

/** `view.state.values` of the policy form: block id → action id → state. */
export const formStateSchema = z.record(z.string(), z.record(z.string(), stateValueSchema));
export type FormState = z.infer<typeof formStateSchema>;

/** A submission read: the command to run, or the field errors Slack shows under each input. */
export type FormReading =
  | { ok: true; command: Extract<RetentionCommand, { kind: 'plan' | 'sweep' }>; channelId?: string }
  | { ok: false; errors: Record<string, string> };

function entry(state: FormState, blockId: string): z.infer<typeof stateValueSchema> | undefined {
  return state[blockId]?.[FORM_VALUE_ACTION_ID];
}

function text(state: FormState, blockId: string): string {
  const value = entry(state, blockId);
  return (value?.selected_option?.value ?? value?.value ?? '').trim();
}

/** The refusal's sentence without the parser's pointer to help (the form shows it under the field). */
function reason(error: unknown): string {
  if (isPlannerError(error) && (error.code === 'BAD_POLICY' || error.code === 'BAD_INPUT'))
    return error.message.slice(0, 300);
  throw error;
}

function readSweep(state: FormState, errors: Record<string, string>): SweepSpec | undefined {
  const run = text(state, RUN_BLOCK_ID) || RUN_ONE_PLAN;
  if (run === RUN_ONE_PLAN) return undefined;
  if (!(SWEEPABLE_KEYS as string[]).includes(run)) {
    errors[RUN_BLOCK_ID] = `"${run}" cannot be swept; choose one plan or a numeric key`;
    return undefined;
  }
  const range = text(state, RANGE_BLOCK_ID);
  if (range === '') {
    errors[RANGE_BLOCK_ID] = `a sweep of ${run} needs a range, e.g. 150..1000`;
    return undefined;
  }
  try {
    return parseSweepSpec(`${run}=${range}`);
  } catch (error) {
    errors[RANGE_BLOCK_ID] = reason(error).replace(/^--sweep /, '');
    return undefined;
  }
}

/**
 * Reads a policy form submission with the slash command's own parser: each filled field is
 * parsed as the word `key=value` by `parsePolicyWords` (an empty field keeps the Slack
 * default), a bad one becomes that field's error; then all the words together, the sweep
 * range and the guardrails. Nothing is run from here.
 */
export function readPolicyForm(state: FormState, options: { guardrails?: Guardrails } = {}): FormReading {
  const errors: Record<string, string> = {};
  const words: string[] = [];
  const spec = readSweep(state, errors);
  for (const key of Object.keys(POLICY_KEYS) as PolicyKey[]) {
    const value = text(state, policyBlockId(key));
    if (value === '' || key === spec?.key) continue;
    const word = `${key}=${value}`;
    try {
      parsePolicyWords([word], SLACK_BASE_POLICY);
      words.push(word);
    } catch (error) {
      errors[policyBlockId(key)] = reason(error);
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const policy = parsePolicyWords(words, SLACK_BASE_POLICY);
  const policies = spec
    ? [policy, ...[spec.values[0], spec.values.at(-1)].map((v) => ({ ...policy, [spec.key]: v }))]
    : [policy];
  for (const breach of policies.flatMap((p) => checkGuardrails(p, options.guardrails ?? {}))) {
    const block = spec?.key === breach.key ? RANGE_BLOCK_ID : policyBlockId(breach.key);
    errors[block] ??= `${breach.message} (the guardrails set by an admin)`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const channelId = entry(state, POST_TO_BLOCK_ID)?.selected_conversation ?? undefined;
  const base = { policy, words: policyWords(policy, SLACK_BASE_POLICY) };
  const command = spec
    ? { kind: 'sweep' as const, ...base, spec, specText: `${spec.key}=${text(state, RANGE_BLOCK_ID)}` }
    : { kind: 'plan' as const, ...base };
  return { ok: true, command, ...(channelId ? { channelId } : {}) };
}
