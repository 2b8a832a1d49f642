import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../src/analytics/format.ts';
import { formatDollars } from '../../../src/slack/blocks/format.ts';

describe('money in the CLI and in Slack', () => {
  it('prints negative amounts alike, with no sign on one that rounds to zero', () => {
    for (const value of [-0.001, -0.004, -0.6, -12.345, -1500.5]) expect(formatMoney(value)).toBe(formatDollars(value));
    expect(formatMoney(-0.004)).toBe('$0.00');
    expect(formatMoney(-150)).toBe('-$150');
  });

  it('keeps the compact form: whole dollars, thousands as k', () => {
    expect(formatMoney(-0.4, { compact: true })).toBe('$0');
    expect(formatMoney(-1234, { compact: true })).toBe('-$1.2k');
    expect(formatMoney(20_000, { compact: true })).toBe('$20k');
    expect(formatMoney(2000, { compact: true })).toBe('$2k');
  });
});
