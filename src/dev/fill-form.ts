import type { AnyBlock, InputBlock, ModalView } from '@slack/types';
import { FORM_VALUE_ACTION_ID, RANGE_BLOCK_ID, RUN_BLOCK_ID, RUN_ONE_PLAN } from '../slack/blocks/policy-modal.ts';
import type { FilledForm } from './slack-payloads.ts';

const isInput = (block: AnyBlock): block is InputBlock => block.type === 'input';

function wordsByKey(words: readonly string[]): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new Error(`"${word}" is not key=value`);
    byKey.set(word.slice(0, eq).trim().toLowerCase(), word.slice(eq + 1));
  }
  return byKey;
}

/**
 * Fills the policy form as a person would in Slack: each `key=value` word typed into (or
 * chosen in) that key's field, every other field left as the form prefilled it; `sweep`
 * (`budget=150..1000`) picks the sweep and types its range; the channel select, when the form
 * has one, gets `channelId` and Slack's reply URL for it. A word the form has no field for, or
 * a choice a select does not offer, is refused as Slack's own form would not let it through.
 */
export function fillPolicyForm(
  view: ModalView,
  input: { words: readonly string[]; sweep?: string; channelId: string; responseUrl: () => string },
): FilledForm {
  const wanted = wordsByKey(input.words);
  if (input.sweep) {
    const [key, range] = input.sweep.split('=');
    wanted.set(`run:${RUN_BLOCK_ID}`, key ?? '');
    wanted.set(`run:${RANGE_BLOCK_ID}`, range ?? '');
  }
  const values: FilledForm['values'] = {};
  const responseUrls: FilledForm['responseUrls'] = [];
  const used = new Set<string>();
  for (const block of view.blocks.filter(isInput)) {
    const id = block.block_id ?? '';
    const key = id.startsWith('policy:') ? id.slice('policy:'.length) : `run:${id}`;
    const typed = wanted.get(key);
    if (typed !== undefined) used.add(key);
    const element = block.element;
    if (element.type === 'plain_text_input') {
      values[id] = { [FORM_VALUE_ACTION_ID]: { type: element.type, value: typed ?? element.initial_value ?? null } };
    } else if (element.type === 'static_select') {
      const options = element.options ?? [];
      const choice = typed ?? (id === RUN_BLOCK_ID ? RUN_ONE_PLAN : undefined);
      const chosen = choice === undefined ? element.initial_option : options.find((o) => o.value === choice);
      if (choice !== undefined && !chosen)
        throw new Error(
          `${key}=${choice} is not one of the form's choices (${options.map((o) => o.value).join(', ')})`,
        );
      values[id] = { [FORM_VALUE_ACTION_ID]: { type: element.type, selected_option: chosen ?? null } };
    } else if (element.type === 'conversations_select') {
      const response_url = input.responseUrl();
      values[id] = { [FORM_VALUE_ACTION_ID]: { type: element.type, selected_conversation: input.channelId } };
      responseUrls.push({ block_id: id, action_id: FORM_VALUE_ACTION_ID, channel_id: input.channelId, response_url });
    }
  }
  const unknown = [...wanted.keys()].filter((key) => !used.has(key) && !key.startsWith('run:'));
  if (unknown.length > 0)
    throw new Error(
      `the form has no field for ${unknown.join(', ')} (fields are ${view.blocks
        .filter(isInput)
        .map((b) => b.block_id)
        .join(', ')})`,
    );
  return { values, responseUrls };
}
