import { describe, expect, it } from 'vitest';
import { cutText, quoteInput } from '../../../src/domain/quote.ts';

describe('quoteInput', () => {
  it('quotes short text whole', () => {
    expect(quoteInput('budget=lots')).toBe('"budget=lots"');
  });

  it('cuts long text to its first characters and names its length', () => {
    expect(quoteInput('a'.repeat(2_000), 5)).toBe('"aaaaa…" (2,000 characters)');
  });

  it('never cuts an emoji in half', () => {
    expect(quoteInput('😀'.repeat(10), 3)).toBe('"😀😀😀…" (20 characters)');
  });
});

describe('cutText', () => {
  it('keeps text within the limit and cuts the rest', () => {
    expect(cutText('short', 10)).toBe('short');
    expect(cutText('b'.repeat(300), 4)).toBe('bbbb… (300 characters)');
  });
});
