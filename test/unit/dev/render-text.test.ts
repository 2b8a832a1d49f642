import { describe, expect, it } from 'vitest';
import { mrkdwnToText, renderMessageText } from '../../../src/dev/render-text.ts';

describe('renderMessageText', () => {
  it('shows links, mentions, dates and entities as a terminal would', () => {
    expect(
      mrkdwnToText(
        '<https://x.test/a.csv|a.csv> by <@U1> at <!date^1794817800^{date_short_pretty}|2026-11-16 08:30 UTC> &lt;b&gt; &amp;',
      ),
    ).toBe('a.csv <https://x.test/a.csv> by @U1 at 2026-11-16 08:30 UTC <b> &');
  });

  it('renders headers, fields, context and buttons line by line', () => {
    // Prepare
    const message = {
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Plan' } },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*Spend*\n$1.00' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'note' }] },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' }, value: 'v' }] },
      ],
    };

    // Act
    const text = renderMessageText(message);

    // Assess
    expect(text).toBe('== Plan ==\n  *Spend*: $1.00\n  (note)\n  [Go] value=v');
  });
});
