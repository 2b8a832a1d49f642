import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, isEligible, parseCatalog } from '../../../src/domain/catalog.ts';

const EMAIL = { id: 1, name: 'Email', channel: 'email', cost: 1, uplift: 0.1 };

describe('the action catalog', () => {
  it('reads a follow-up: the discount after an email within 3 weeks removes 40%', () => {
    const catalog = parseCatalog([
      EMAIL,
      {
        id: 2,
        name: 'Discount',
        channel: 'email',
        cost: 20,
        uplift: 0.15,
        follow_up: { after: [1], within_weeks: 3, uplift: 0.4 },
      },
    ]);
    expect(catalog[2].follow_up).toEqual({ after: [1], within_weeks: 3, uplift: 0.4 });
  });

  it('ships eight actions with the reference costs and uplifts', () => {
    expect(DEFAULT_CATALOG.map((a) => a.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(DEFAULT_CATALOG[1]).toMatchObject({ name: 'Personalized Email', cost: 2, uplift: 0.08, channel: 'email' });
    expect(DEFAULT_CATALOG[2]).toMatchObject({ name: '20% Discount Offer', cost: 20, uplift: 0.15, channel: 'email' });
    expect(DEFAULT_CATALOG[5].channel).toBe('in_app');
    expect(DEFAULT_CATALOG[6].channel).toBe('push');
    expect(DEFAULT_CATALOG[7].channel).toBe('email');
    expect(isEligible(DEFAULT_CATALOG[2], 'Free', 0.9)).toBe(false);
  });

  it('adds "No Action" when absent and sorts by id', () => {
    const catalog = parseCatalog([{ id: 3, name: 'SMS', channel: 'sms', cost: 1, uplift: 0.05 }]);
    expect(catalog.map((a) => a.id)).toEqual([0, 3]);
  });

  it.each([
    [[{ id: 1, name: 'A', channel: 'fax', cost: 1, uplift: 0.1 }], /actions at 0\.channel/],
    [[{ id: 1, name: 'A', channel: 'email', cost: -1, uplift: 0.1 }], /actions at 0\.cost/],
    [[{ id: 1, name: 'A', channel: 'email', cost: 1, uplift: 1.5 }], /actions at 0\.uplift/],
    [
      [
        { id: 1, name: 'A', channel: 'email', cost: 1, uplift: 0.1 },
        { id: 1, name: 'B', channel: 'sms', cost: 1, uplift: 0.1 },
      ],
      /action id 1 appears twice/,
    ],
    [[{ id: 0, name: 'Nothing', channel: 'none', cost: 5, uplift: 0 }], /action 0 is "No Action"/],
    [
      [
        {
          id: 1,
          name: 'A',
          channel: 'email',
          cost: 1,
          uplift: 0.1,
          min_churn_probability: 0.8,
          max_churn_probability: 0.2,
        },
      ],
      /min_churn_probability must not exceed/,
    ],
    [{ not: 'an array' }, /expected array/],
    [
      [{ ...EMAIL, follow_up: { after: [9], within_weeks: 2, uplift: 0.3 } }],
      /action 1 follow_up\.after names action 9/,
    ],
    [[{ ...EMAIL, follow_up: { after: [1], within_weeks: 2, uplift: 1.3 } }], /actions at 0\.follow_up\.uplift/],
    [[{ ...EMAIL, follow_up: { after: [1], within_weeks: 0, uplift: 0.3 } }], /actions at 0\.follow_up\.within_weeks/],
    [[{ ...EMAIL, follow_up: { after: [], within_weeks: 2, uplift: 0.3 } }], /actions at 0\.follow_up\.after/],
    [[{ ...EMAIL, follow_up: { after: [1], within_weeks: 2, uplift: 0.3, boost: 2 } }], /actions at 0\.follow_up/],
    [
      [
        {
          id: 0,
          name: 'No Action',
          channel: 'none',
          cost: 0,
          uplift: 0,
          follow_up: { after: [1], within_weeks: 2, uplift: 0.3 },
        },
      ],
      /action 0 is "No Action" and takes no sequence rules/,
    ],
  ])('refuses a bad catalog (%#)', (json, message) => {
    expect(() => parseCatalog(json)).toThrow(message);
  });
});
