import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';

/** Block Kit limits this app keeps (Slack rejects a message beyond them). */
export const BLOCK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  textChars: 3000,
  fieldChars: 2000,
  fieldsPerSection: 10,
  headerChars: 150,
  buttonTextChars: 75,
  buttonValueChars: 2000,
  contextElements: 10,
  fallbackTextChars: 3000,
} as const;

/** What every Slack message of this app carries: fallback text and blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Cuts text to `max` characters, ending with an ellipsis when cut. */
export function clampText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Joins lines into one text of at most `max` characters; lines that do not fit are
 * counted in a closing "…and N more" line rather than cut mid-word.
 */
export function joinLinesWithin(lines: readonly string[], max: number = BLOCK_LIMITS.textChars): string {
  const kept: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = clampText(lines[i], max - 40);
    const added = (kept.length > 0 ? 1 : 0) + line.length;
    const remaining = lines.length - i - 1;
    const reserve = remaining > 0 ? `\n…and ${remaining} more`.length : 0;
    if (used + added + reserve > max) {
      kept.push(`…and ${lines.length - i} more`);
      break;
    }
    kept.push(line);
    used += added;
  }
  return kept.join('\n');
}

/** A header block; plain text cut to 150 characters. */
export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: clampText(text, BLOCK_LIMITS.headerChars), emoji: true } };
}

/** A mrkdwn section; text cut to 3,000 characters. */
export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clampText(text, BLOCK_LIMITS.textChars) } };
}

/** A section of at most 10 mrkdwn fields of at most 2,000 characters each. */
export function fieldsSection(fields: readonly string[]): SectionBlock {
  return {
    type: 'section',
    fields: fields
      .slice(0, BLOCK_LIMITS.fieldsPerSection)
      .map((text) => ({ type: 'mrkdwn', text: clampText(text, BLOCK_LIMITS.fieldChars) })),
  };
}

/** A context block of at most 10 mrkdwn elements. */
export function context(texts: readonly string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts
      .slice(0, BLOCK_LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: clampText(text, BLOCK_LIMITS.textChars) })),
  };
}

/** A button; refuses a value over 2,000 characters (a bug, not user input). */
export function button(options: {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: Button['confirm'];
  /** Opens this address in the browser (the click still reaches the app, which only acknowledges it). */
  url?: string;
}): Button {
  if (options.value.length > BLOCK_LIMITS.buttonValueChars) {
    throw new RangeError(
      `button value is ${options.value.length} characters; Slack allows ${BLOCK_LIMITS.buttonValueChars}`,
    );
  }
  return {
    type: 'button',
    text: { type: 'plain_text', text: clampText(options.text, BLOCK_LIMITS.buttonTextChars), emoji: true },
    action_id: options.actionId,
    value: options.value,
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
    ...(options.url ? { url: options.url } : {}),
  };
}

/** An actions block. */
export function actions(blockId: string, elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements };
}

/**
 * Keeps a message within {@link BLOCK_LIMITS.blocksPerMessage}: when there are too many
 * blocks, the middle ones give way (the header first, the last one or two actions blocks are kept).
 */
export function fitMessage(text: string, blocks: KnownBlock[]): SlackMessage {
  const max = BLOCK_LIMITS.blocksPerMessage;
  let fitted = blocks;
  if (blocks.length > max) {
    let tail = 0;
    while (tail < 2 && blocks[blocks.length - 1 - tail].type === 'actions') tail += 1;
    const dropped = blocks.length - max + 1;
    const kept = blocks.slice(0, max - 1 - tail);
    fitted = [...kept, context([`…${dropped} more sections not shown`]), ...blocks.slice(blocks.length - tail)];
  }
  return { text: clampText(text, BLOCK_LIMITS.fallbackTextChars), blocks: fitted };
}

/**
 * Every way a message (or, with `maxBlocks` = {@link BLOCK_LIMITS.blocksPerView}, a modal or
 * Home tab) breaks the limits above, as sentences (empty when it fits). Used by tests.
 */
export function checkBlockLimits(
  message: { text?: string; blocks?: unknown[] },
  maxBlocks: number = BLOCK_LIMITS.blocksPerMessage,
): string[] {
  const problems: string[] = [];
  const blocks = (message.blocks ?? []) as Array<Record<string, unknown>>;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  const textOf = (value: unknown): string =>
    typeof value === 'object' && value !== null ? String((value as { text?: unknown }).text ?? '') : '';
  blocks.forEach((block, index) => {
    const where = `block ${index} (${String(block.type)})`;
    const limit = block.type === 'header' ? BLOCK_LIMITS.headerChars : BLOCK_LIMITS.textChars;
    if (textOf(block.text).length > limit) problems.push(`${where}: text ${textOf(block.text).length} > ${limit}`);
    const fields = (block.fields ?? []) as unknown[];
    if (fields.length > BLOCK_LIMITS.fieldsPerSection) problems.push(`${where}: ${fields.length} fields`);
    fields.forEach((field) => {
      if (textOf(field).length > BLOCK_LIMITS.fieldChars)
        problems.push(`${where}: field ${textOf(field).length} > ${BLOCK_LIMITS.fieldChars}`);
    });
    for (const element of (block.elements ?? []) as Array<Record<string, unknown>>) {
      const text = typeof element.text === 'string' ? element.text : textOf(element.text);
      if (text.length > BLOCK_LIMITS.textChars)
        problems.push(`${where}: element text ${text.length} > ${BLOCK_LIMITS.textChars}`);
      if (typeof element.value === 'string' && element.value.length > BLOCK_LIMITS.buttonValueChars) {
        problems.push(`${where}: button value ${element.value.length} > ${BLOCK_LIMITS.buttonValueChars}`);
      }
    }
  });
  if ((message.text ?? '').length > BLOCK_LIMITS.fallbackTextChars)
    problems.push(`fallback text ${(message.text ?? '').length} chars`);
  return problems;
}
