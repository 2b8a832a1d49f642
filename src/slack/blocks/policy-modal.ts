import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import * as z from 'zod';
import { POLICY_KEYS, policySchema, type Policy, type PolicyKey } from '../../domain/policy.ts';
import { formatPolicyValue } from '../../domain/policy-words.ts';
import { BLOCK_LIMITS, clampText, context } from './block-kit.ts';
import { escapeMrkdwn } from './format.ts';
import { policyDefaultText } from './messages.ts';

/** The modal's `callback_id`; its `view_submission` comes back under it. */
export const POLICY_FORM_CALLBACK_ID = 'policy_form';
/** The input of policy key `k` is block `policy:k`, action {@link FORM_VALUE_ACTION_ID}. */
export const policyBlockId = (key: PolicyKey): string => `policy:${key}`;
export const FORM_VALUE_ACTION_ID = 'value';
/** Where to post, when the form was not opened from a channel (Home tab, global shortcut). */
export const POST_TO_BLOCK_ID = 'post_to';
/** What to run: one plan, or a sweep of one numeric key over a range. */
export const RUN_BLOCK_ID = 'run';
export const RANGE_BLOCK_ID = 'sweep_range';
/** The value of the "what to run" select that means one plan. */
export const RUN_ONE_PLAN = 'plan';

/** Policy keys with a number for value: the ones a sweep can vary. */
export const SWEEPABLE_KEYS = (Object.keys(POLICY_KEYS) as PolicyKey[]).filter(
  (key) => POLICY_KEYS[key].kind !== 'text' && POLICY_KEYS[key].kind !== 'objective',
);

/** Slack's limit of options in a select; with more segments `premium_segment` is typed. */
const SELECT_OPTIONS_MAX = 100;
/** The longest name `premium_segment` accepts (the policy's own limit); longer segments are not offered. */
const PREMIUM_NAME_MAX = 64;

/** The segment names offered for `premium_segment`, and how they were found (said in the field's hint). */
export interface SegmentChoices {
  names: string[];
  /** False when only part of the predictions was read: a name may be missing. */
  complete: boolean;
  from: string;
}

export interface PolicyFormInput {
  /** What the fields start with. */
  policy: Policy;
  /** Where that policy came from, said at the top ("the policy of plan …", "the defaults"). */
  source: string;
  segments: SegmentChoices;
  /** True when the form must ask where to post (opened from the Home tab or the global shortcut). */
  askChannel: boolean;
  /** Carried back with the submission (the channel and reply URL of the request); at most 3,000 characters. */
  privateMetadata: string;
  /** Preselects a sweep of this key (the Home tab's Sweep budget). */
  sweepKey?: PolicyKey;
  notes?: string[];
}

const plain = (text: string, max = 2000) => ({ type: 'plain_text' as const, text: clampText(text, max), emoji: true });
const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });
const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The values a key's schema enumerates (e.g. `objective`), or undefined for free values. */
function enumerated(key: PolicyKey): readonly string[] | undefined {
  const schema: unknown = policySchema.shape[key];
  return schema instanceof z.ZodEnum ? (schema.options as string[]) : undefined;
}

/** The input block of one policy key: optional (empty keeps the default), labelled, with its hint. */
function policyInput(key: PolicyKey, label: string, hint: string, element: InputBlock['element']): InputBlock {
  return {
    type: 'input',
    block_id: policyBlockId(key),
    optional: true,
    label: plain(label),
    hint: plain(hint),
    element,
  };
}

function selectInput(
  key: PolicyKey,
  label: string,
  hint: string,
  options: PlainTextOption[],
  initial: string,
): InputBlock {
  const selected = options.find((o) => o.value === initial);
  return policyInput(key, label, hint, {
    type: 'static_select',
    action_id: FORM_VALUE_ACTION_ID,
    options: options.slice(0, SELECT_OPTIONS_MAX),
    ...(selected ? { initial_option: selected } : {}),
  });
}

function textInput(key: PolicyKey, label: string, hint: string, initial: string): InputBlock {
  return policyInput(key, label, hint, {
    type: 'plain_text_input',
    action_id: FORM_VALUE_ACTION_ID,
    initial_value: clampText(initial, 150),
    max_length: 200,
    placeholder: plain(POLICY_KEYS[key].example.slice(key.length + 1), 150),
  });
}

/** One input per policy key from its metadata: meaning as the label; key, what it accepts and its default as the hint. */
function keyInput(key: PolicyKey, input: PolicyFormInput): InputBlock {
  const spec = POLICY_KEYS[key];
  const label = capitalised(spec.meaning);
  const hint = `${key}: ${spec.accepted}. Empty means the default, ${policyDefaultText(key)}.`;
  const current = input.policy[key];
  const value = current === undefined ? '' : formatPolicyValue(key, current);
  const choices = enumerated(key);
  if (choices)
    return selectInput(
      key,
      label,
      hint,
      choices.map((c) => option(c, c)),
      value,
    );
  if (key === 'premium_segment') return segmentInput(label, hint, value, input.segments);
  return textInput(key, label, hint, value);
}

/** `premium_segment`: a select of the latest predictions' segments, or typed when there are none or too many. */
function segmentInput(label: string, hint: string, value: string, segments: SegmentChoices): InputBlock {
  const names = [...new Set([value, ...segments.names.filter((name) => name.length <= PREMIUM_NAME_MAX)])];
  if (segments.names.length === 0 || names.length > SELECT_OPTIONS_MAX)
    return textInput('premium_segment', label, hint, value);
  const partial = segments.complete ? '' : ' (from the first rows; type /retention premium_segment=NAME for another)';
  const options = names.map((name) => option(name, name));
  return selectInput('premium_segment', label, `${hint} Segments of ${segments.from}${partial}.`, options, value);
}

function runBlocks(input: PolicyFormInput): InputBlock[] {
  const plan = option('One plan with this policy', RUN_ONE_PLAN);
  const sweeps = SWEEPABLE_KEYS.map((key) => option(`Sweep ${key}`, key));
  const initial = input.sweepKey ? sweeps.find((o) => o.value === input.sweepKey) : plan;
  return [
    {
      type: 'input',
      block_id: RUN_BLOCK_ID,
      label: plain('What to run'),
      hint: plain(
        'A sweep plans every level of one key (12 by default) and posts a chart and a table; its field above is ignored.',
      ),
      element: {
        type: 'static_select',
        action_id: FORM_VALUE_ACTION_ID,
        options: [plan, ...sweeps],
        ...(initial ? { initial_option: initial } : {}),
      },
    },
    {
      type: 'input',
      block_id: RANGE_BLOCK_ID,
      optional: true,
      label: plain('Sweep range'),
      hint: plain('Only for a sweep: FROM..TO, then :LEVELS and :log if wanted, e.g. 150..1000 or 150..1000:6:log.'),
      element: {
        type: 'plain_text_input',
        action_id: FORM_VALUE_ACTION_ID,
        max_length: 100,
        ...(input.sweepKey === 'budget' ? { initial_value: '100..1000' } : {}),
        placeholder: plain('150..1000'),
      },
    },
  ];
}

function postToBlock(): InputBlock {
  return {
    type: 'input',
    block_id: POST_TO_BLOCK_ID,
    label: plain('Post the plan in'),
    hint: plain('The plan, its chart and CSV are posted there; invite the app to a private channel first.'),
    element: {
      type: 'conversations_select',
      action_id: FORM_VALUE_ACTION_ID,
      default_to_current_conversation: true,
      response_url_enabled: true,
      filter: { include: ['public', 'private'], exclude_bot_users: true },
    },
  };
}

/**
 * The policy form: one input per key of `POLICY_KEYS`, built from its metadata (a key added
 * there appears here with no form code), prefilled with `policy`; enumerated keys and
 * `premium_segment` are selects. The submission is read back by `readPolicyForm` and parsed
 * by the same `parsePolicyWords` as the slash command. Within Slack's 100 blocks.
 */
export function buildPolicyModal(input: PolicyFormInput): ModalView {
  const intro = `Starts from ${input.source}. Each field takes what \`/retention\` takes (\`1.5k\`, \`70%\`).`;
  const blocks: KnownBlock[] = [
    context([escapeMrkdwn(intro), ...(input.notes ?? []).map((note) => `:warning: ${escapeMrkdwn(note)}`)]),
    ...(input.askChannel ? [postToBlock()] : []),
    ...(Object.keys(POLICY_KEYS) as PolicyKey[]).map((key) => keyInput(key, input)),
    ...runBlocks(input),
  ];
  return {
    type: 'modal',
    callback_id: POLICY_FORM_CALLBACK_ID,
    title: plain('Plan retention', 24),
    submit: plain('Plan', 24),
    close: plain('Cancel', 24),
    private_metadata: input.privateMetadata,
    blocks: blocks.slice(0, BLOCK_LIMITS.blocksPerView),
  };
}
