import * as z from 'zod';

/** The longest planning horizon, in weeks. */
export const MAX_WEEKS = 8;

/** The largest budget or cap a weekly policy takes. */
export const MAX_AMOUNT = 1e9;

/** Weekly policy: the limits and floors of SPEC 2.3. Shares are fractions in [0, 1]. */
export const policySchema = z
  .object({
    budget: z.number().finite().min(0).max(MAX_AMOUNT),
    email_cap: z.number().int().min(0).max(MAX_AMOUNT),
    push_cap: z.number().int().min(0).max(MAX_AMOUNT),
    min_high_risk: z.number().min(0).max(1),
    high_risk_threshold: z.number().min(0).max(1),
    min_premium: z.number().min(0).max(1),
    premium_segment: z.string().trim().min(1).max(64),
    max_action_share: z.number().min(0).max(1),
    min_segment_coverage: z.number().min(0).max(1),
    holdout: z.number().min(0).max(0.5),
    cooldown_weeks: z.number().int().min(0).max(52),
    max_contacts_4w: z.number().int().min(1).max(28),
    objective: z.enum(['net_value', 'retained_clv', 'churn_reduction']),
    weeks: z.number().int().min(1).max(MAX_WEEKS),
    /** Optional cap on the spend of all the horizon's weeks together (only with weeks > 1). */
    horizon_budget: z.number().finite().min(0).max(1e10).optional(),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;
export type PolicyKey = keyof Policy;
export type ObjectiveMode = Policy['objective'];

/**
 * SPEC 2.3 defaults. The contact-history keys apply only when a plan is given contact
 * history (approved exports): `cooldown_weeks` 2 lets a customer hear from us at most every
 * other week, the usual spacing that keeps retention offers from reading as spam;
 * `max_contacts_4w` 4 (one a week on average) is the hard ceiling that still holds when the
 * cooldown is lowered to 0 or 1 or several plans are approved in one week. With both defaults
 * the cooldown is the rule that binds (at most 2 contacts in 4 weeks).
 */
export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  budget: 150,
  email_cap: 120,
  push_cap: 100,
  min_high_risk: 0.6,
  high_risk_threshold: 0.5,
  min_premium: 0.4,
  premium_segment: 'Premium',
  max_action_share: 0.5,
  min_segment_coverage: 0.15,
  holdout: 0,
  cooldown_weeks: 2,
  max_contacts_4w: 4,
  objective: 'net_value',
  weeks: 1,
});

type ValueKind = 'dollars' | 'count' | 'share' | 'probability' | 'text' | 'objective';

interface KeySpec {
  kind: ValueKind;
  meaning: string;
  accepted: string;
  example: string;
  min?: number;
  max?: number;
}

/** Every key the command and the CLI accept, with what it means and what it accepts. */
export const POLICY_KEYS: Readonly<Record<PolicyKey, KeySpec>> = {
  budget: {
    kind: 'dollars',
    meaning: 'weekly spend limit',
    accepted: 'dollars >= 0, e.g. 200, $200, 1.5k',
    example: 'budget=200',
  },
  email_cap: {
    kind: 'count',
    meaning: 'most actions sent by email',
    accepted: 'a whole number >= 0',
    example: 'email_cap=150',
  },
  push_cap: {
    kind: 'count',
    meaning: 'most push and in-app actions',
    accepted: 'a whole number >= 0',
    example: 'push_cap=80',
  },
  min_high_risk: {
    kind: 'share',
    meaning: 'least share of high-risk customers treated',
    accepted: 'a share 0..1 or 0%..100%',
    example: 'min_high_risk=70%',
  },
  high_risk_threshold: {
    kind: 'probability',
    meaning: 'high risk means churn probability above this',
    accepted: 'a probability 0..1 or 0%..100%',
    example: 'high_risk_threshold=0.6',
  },
  min_premium: {
    kind: 'share',
    meaning: 'least share of the premium segment treated',
    accepted: 'a share 0..1 or 0%..100%',
    example: 'min_premium=50%',
  },
  premium_segment: {
    kind: 'text',
    meaning: 'which segment is premium',
    accepted: 'a segment name',
    example: 'premium_segment=Family',
  },
  max_action_share: {
    kind: 'share',
    meaning: 'most share of all customers given any one action',
    accepted: 'a share 0..1 or 0%..100%',
    example: 'max_action_share=40%',
  },
  min_segment_coverage: {
    kind: 'share',
    meaning: 'least share of every segment treated',
    accepted: 'a share 0..1 or 0%..100%',
    example: 'min_segment_coverage=20%',
  },
  holdout: {
    kind: 'share',
    meaning: 'share of assigned customers held out as a control group',
    accepted: 'a share 0..0.5 or 0%..50%',
    example: 'holdout=10%',
    max: 0.5,
  },
  cooldown_weeks: {
    kind: 'count',
    meaning: 'no new action for a customer contacted within this many weeks (needs contact history)',
    accepted: 'a whole number of weeks 0..52',
    example: 'cooldown_weeks=3',
    max: 52,
  },
  max_contacts_4w: {
    kind: 'count',
    meaning: 'most contacts per customer in 4 weeks, counting this one (needs contact history)',
    accepted: 'a whole number 1..28',
    example: 'max_contacts_4w=2',
    min: 1,
    max: 28,
  },
  objective: {
    kind: 'objective',
    meaning: 'what the plan maximises',
    accepted: 'net_value, retained_clv or churn_reduction',
    example: 'objective=retained_clv',
  },
  weeks: {
    kind: 'count',
    meaning: 'weeks planned ahead; only the first week is sent, the rest is the intended continuation',
    accepted: `a whole number of weeks 1..${MAX_WEEKS}`,
    example: 'weeks=4',
    min: 1,
    max: MAX_WEEKS,
  },
  horizon_budget: {
    kind: 'dollars',
    meaning: 'most spend over all the weeks planned together (none by default; with weeks > 1)',
    accepted: 'dollars >= 0, e.g. 600, $600, 2.4k',
    example: 'horizon_budget=600',
    max: 1e10,
  },
};

export function isPolicyKey(key: string): key is PolicyKey {
  return Object.hasOwn(POLICY_KEYS, key);
}

/** The holdout share the Slack side uses when the user sets none (SPEC 2.3 keeps 0 for the CLI). */
export const SLACK_DEFAULT_HOLDOUT = 0.1;

/**
 * The policy a Slack command starts from: the defaults with a 10% holdout, so that every plan
 * made from Slack can be measured later (`holdout=0` turns it off).
 */
export const SLACK_BASE_POLICY: Readonly<Policy> = Object.freeze({ ...DEFAULT_POLICY, holdout: SLACK_DEFAULT_HOLDOUT });
