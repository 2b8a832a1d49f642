import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDate } from '../../../../src/slack/blocks/format.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('localDate', () => {
  it("reads UTC's date off the instant without an Intl date format (its time-zone data loads on first use)", () => {
    // Prepare
    const format = vi.spyOn(Intl, 'DateTimeFormat');
    const late = new Date('2026-03-01T23:59:59.999Z');

    // Act
    const date = localDate(late, 'UTC');

    // Assess
    expect(date).toBe('2026-03-01');
    expect(format).not.toHaveBeenCalled();
  });

  it('gives the calendar date in another zone', () => {
    // Act
    const dates = [
      localDate(new Date('2026-03-01T23:30:00Z'), 'Europe/Paris'),
      localDate(new Date('2026-03-01T03:00:00Z'), 'America/New_York'),
    ];

    // Assess
    expect(dates).toEqual(['2026-03-02', '2026-02-28']);
  });
});
