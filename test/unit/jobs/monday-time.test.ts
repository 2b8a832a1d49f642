import { describe, expect, it } from 'vitest';
import { isMondayNine } from '../../../src/jobs/monday-summary.ts';
import { lastMondayNine } from '../../../src/dev/simulator.ts';

describe('isMondayNine', () => {
  it.each([
    ['2026-11-16T09:00:00Z', 'UTC', true],
    ['2026-11-16T09:59:59Z', 'UTC', true],
    ['2026-11-16T10:00:00Z', 'UTC', false],
    ['2026-11-16T08:59:59Z', 'UTC', false],
    ['2026-11-16T08:30:00Z', 'Europe/Paris', true],
    ['2026-07-13T07:30:00Z', 'Europe/Paris', true],
    ['2026-07-13T08:30:00Z', 'Europe/Paris', false],
    ['2026-03-09T13:30:00Z', 'America/New_York', true],
    ['2026-03-02T14:30:00Z', 'America/New_York', true],
    ['2026-03-02T13:30:00Z', 'America/New_York', false],
    ['2026-11-15T20:30:00Z', 'Pacific/Auckland', true],
    ['2026-11-16T09:30:00Z', 'Pacific/Auckland', false],
  ])('%s in %s is Monday 09:xx: %s', (instant, zone, expected) => {
    expect(isMondayNine(new Date(instant), zone)).toBe(expected);
  });
});

describe('lastMondayNine (the simulator’s "as if it were Monday 09:xx")', () => {
  it.each([
    ['2026-11-22T07:10:00Z', 'UTC', '2026-11-16T09:30:00.000Z'],
    ['2026-11-16T09:45:00Z', 'UTC', '2026-11-16T09:45:00.000Z'],
    ['2026-11-16T09:10:00Z', 'UTC', '2026-11-16T09:10:00.000Z'],
    ['2026-11-16T08:50:00Z', 'UTC', '2026-11-09T09:30:00.000Z'],
    ['2026-11-22T07:10:00Z', 'Europe/Paris', '2026-11-16T08:30:00.000Z'],
  ])('from %s in %s is %s', (now, zone, expected) => {
    const found = lastMondayNine(new Date(now), zone);
    expect(found.toISOString()).toBe(expected);
    expect(isMondayNine(found, zone)).toBe(true);
  });
});
