/** Slack's mrkdwn as a terminal shows it: links as `name <url>`, user mentions as `@U…`, entities decoded. */
export function mrkdwnToText(text: string): string {
  return text
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 <$1>')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type Block = Record<string, unknown>;
const textOf = (value: unknown): string =>
  typeof value === 'object' && value !== null ? String((value as { text?: unknown }).text ?? '') : '';

function renderBlock(block: Block): string[] {
  switch (block.type) {
    case 'header':
      return [`== ${textOf(block.text)} ==`];
    case 'section': {
      const lines = block.text ? [mrkdwnToText(textOf(block.text))] : [];
      const fields = (block.fields ?? []) as unknown[];
      return [...lines, ...fields.map((field) => `  ${mrkdwnToText(textOf(field)).replace('\n', ': ')}`)];
    }
    case 'context':
      return ((block.elements ?? []) as unknown[]).map((element) => `  (${mrkdwnToText(textOf(element))})`);
    case 'actions':
      return ((block.elements ?? []) as Block[]).map(
        (element) => `  [${textOf(element.text)}] value=${String(element.value ?? '')}`,
      );
    case 'divider':
      return ['  ---'];
    case 'image': {
      const file = (block.slack_file ?? {}) as { id?: string };
      return [
        `  [chart: ${String(block.alt_text ?? '')}]`,
        `  image ${String(block.image_url ?? `Slack file ${file.id}`)}`,
      ];
    }
    case 'input': {
      const element = (block.element ?? {}) as Block;
      const option = (element.initial_option ?? {}) as Block;
      const initial = textOf(option.text) || String(element.initial_value ?? '');
      return [`  ${textOf(block.label)} [${initial}]${block.hint ? `  (${textOf(block.hint)})` : ''}`];
    }
    default:
      return [`  <${String(block.type)} block>`];
  }
}

/** A message (blocks, or its fallback text) as plain lines for a terminal. */
export function renderMessageText(message: Record<string, unknown>): string {
  if (typeof message.view === 'object' && message.view !== null) {
    const view = message.view as Block;
    const title = textOf(view.title);
    return [`(${String(view.type)} view${title ? `: ${title}` : ''})`, renderMessageText(view)].join('\n');
  }
  if (message.response_action === 'errors')
    return Object.entries(message.errors as Record<string, string>)
      .map(([field, error]) => `  error in ${field}: ${error}`)
      .join('\n');
  const blocks = (message.blocks ?? []) as Block[];
  if (blocks.length === 0) return mrkdwnToText(String(message.text ?? ''));
  return blocks.flatMap(renderBlock).join('\n');
}
