import { NO_ACTION, type Action } from '../src/domain/catalog.ts';

/**
 * The harder family's catalog: the default one's actions with eligibility windows on churn
 * probability, plus two on channels no policy cap limits (`sms`, and a second `call`).
 */
export function harderCatalog(): Action[] {
  const paying = ['Premium', 'Family', 'Duo', 'Student'];
  return [
    NO_ACTION,
    { id: 1, name: 'Personalized Email', channel: 'email', cost: 2, uplift: 0.08, max_churn_probability: 0.95 },
    { id: 2, name: '20% Discount Offer', channel: 'email', cost: 20, uplift: 0.15, eligible_segments: paying },
    {
      id: 3,
      name: 'Retention Call',
      channel: 'call',
      cost: 30,
      uplift: 0.25,
      eligible_segments: ['Premium', 'Family', 'Duo'],
      min_churn_probability: 0.5,
    },
    { id: 4, name: 'Free Premium Trial', channel: 'in_app', cost: 5, uplift: 0.12, eligible_segments: ['Free'] },
    { id: 5, name: 'In-App Personalized Offer', channel: 'in_app', cost: 3, uplift: 0.06 },
    { id: 6, name: 'Push Notification', channel: 'push', cost: 0.5, uplift: 0.03, max_churn_probability: 0.8 },
    { id: 7, name: 'Win-back Email Series', channel: 'email', cost: 5, uplift: 0.1, min_churn_probability: 0.3 },
    {
      id: 8,
      name: 'Reminder SMS',
      channel: 'sms',
      cost: 1,
      uplift: 0.05,
      min_churn_probability: 0.2,
      max_churn_probability: 0.85,
    },
    {
      id: 9,
      name: 'Duo Upgrade Call',
      channel: 'call',
      cost: 12,
      uplift: 0.14,
      eligible_segments: ['Duo', 'Family'],
      min_churn_probability: 0.35,
      max_churn_probability: 0.9,
    },
  ];
}

const CHANNELS = ['email', 'push', 'in_app', 'sms', 'call', 'direct_mail'] as const;

/** Twelve actions over six channels, costs from $0.25 to $40, some with segment or churn-probability windows. */
export function manySegmentsCatalog(): Action[] {
  const costs = [0.25, 0.5, 1, 1.5, 2, 3, 4.5, 6, 9, 15, 25, 40];
  const uplifts = [0.02, 0.025, 0.04, 0.05, 0.06, 0.07, 0.09, 0.1, 0.12, 0.15, 0.2, 0.28];
  const actions: Action[] = costs.map((cost, a) => ({
    id: a + 1,
    name: `Action ${a + 1}`,
    channel: CHANNELS[a % CHANNELS.length],
    cost,
    uplift: uplifts[a],
  }));
  actions[3].min_churn_probability = 0.25;
  actions[7].eligible_segments = ['Premium', 'Plan 02', 'Plan 03', 'Plan 04', 'Plan 05', 'Plan 06', 'Plan 07'];
  actions[9].max_churn_probability = 0.7;
  actions[10].min_churn_probability = 0.4;
  actions[11].eligible_segments = ['Premium', 'Plan 02', 'Plan 03'];
  actions[11].min_churn_probability = 0.5;
  return [NO_ACTION, ...actions];
}

/**
 * Sixteen actions over six channels for the share-caps family: costs from $0.25 to $30 with
 * uplifts that rise with them, so that without a share cap a few actions would take most
 * customers; two with churn-probability windows and one for two segments.
 */
export function shareCapsCatalog(): Action[] {
  const costs = [0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20, 30];
  const actions: Action[] = costs.map((cost, a) => ({
    id: 10 + a,
    name: `Offer ${a + 1}`,
    channel: CHANNELS[(a * 5) % CHANNELS.length],
    cost,
    uplift: Math.round(1000 * (0.02 + 0.045 * Math.sqrt(cost))) / 1000,
  }));
  actions[4].min_churn_probability = 0.3;
  actions[9].max_churn_probability = 0.6;
  actions[13].eligible_segments = ['Premium', 'Tier 2'];
  return [NO_ACTION, ...actions];
}
