import * as z from 'zod';
import { PlannerError } from './errors.ts';

export const CHANNELS = ['none', 'email', 'push', 'in_app', 'sms', 'call', 'direct_mail'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A sequence rule over contact history: `action_ids` are the actions sent to the customer
 * within the last `within_weeks` weeks (a contact d days ago is within N weeks when d < 7N).
 */
const buildPriorRuleSchema = () =>
  z
    .object({
      action_ids: z.array(z.number().int().min(1).max(9999)).min(1).max(64),
      within_weeks: z.number().int().min(1).max(52),
    })
    .strict();

export type PriorRule = z.infer<ReturnType<typeof buildPriorRuleSchema>>;

/**
 * A boost from an earlier contact: given within `within_weeks` after one of the `after` actions
 * (a contact d days before counts when d < 7 · within_weeks), the action removes `uplift` of the
 * customer's remaining churn risk instead of its own uplift.
 */
const buildFollowUpSchema = () =>
  z
    .object({
      after: z.array(z.number().int().min(1).max(9999)).min(1).max(64),
      within_weeks: z.number().int().min(1).max(52),
      uplift: z.number().finite().min(0).max(1),
    })
    .strict();

export type FollowUp = z.infer<ReturnType<typeof buildFollowUpSchema>>;

const buildActionSchema = () =>
  z
    .object({
      id: z.number().int().min(0).max(9999),
      name: z.string().trim().min(1).max(80),
      channel: z.enum(CHANNELS),
      cost: z.number().finite().min(0).max(1_000_000),
      uplift: z.number().finite().min(0).max(1),
      eligible_segments: z.array(z.string().trim().min(1)).optional(),
      min_churn_probability: z.number().min(0).max(1).optional(),
      max_churn_probability: z.number().min(0).max(1).optional(),
      /** Only for customers sent one of these actions within the window (e.g. the discount only after an email). */
      requires_prior: buildPriorRuleSchema().optional(),
      /** Never for customers sent one of these actions within the window (e.g. no second discount within 8 weeks). */
      excludes_prior: buildPriorRuleSchema().optional(),
      /** A different uplift when given soon after certain actions (e.g. the discount after an email). */
      follow_up: buildFollowUpSchema().optional(),
    })
    .strict()
    .refine((a) => (a.min_churn_probability ?? 0) <= (a.max_churn_probability ?? 1), {
      message: 'min_churn_probability must not exceed max_churn_probability',
    });

export type Action = z.infer<ReturnType<typeof buildActionSchema>>;

const buildCatalogSchema = () => z.array(buildActionSchema()).min(1).max(64);

/** Built on the first catalog read: a plan with the default catalog never builds it. */
let catalogSchema: ReturnType<typeof buildCatalogSchema> | undefined;

/** The implied "do nothing" choice; never a decision variable. */
export const NO_ACTION: Action = { id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 };

/**
 * The catalog that ships with the product. Costs are dollars per customer contacted;
 * uplifts are the share of a customer's churn risk the action removes. They are
 * planning estimates taken from the reference analysis and industry ranges, not
 * measurements: replace them with measured values (holdout results) when available.
 */
export const DEFAULT_CATALOG: readonly Action[] = [
  NO_ACTION,
  { id: 1, name: 'Personalized Email', channel: 'email', cost: 2, uplift: 0.08 },
  {
    id: 2,
    name: '20% Discount Offer',
    channel: 'email',
    cost: 20,
    uplift: 0.15,
    eligible_segments: ['Premium', 'Family', 'Student'],
  },
  {
    id: 3,
    name: 'Retention Call',
    channel: 'call',
    cost: 30,
    uplift: 0.25,
    eligible_segments: ['Premium', 'Family'],
    min_churn_probability: 0.5,
  },
  { id: 4, name: 'Free Premium Trial', channel: 'in_app', cost: 5, uplift: 0.12, eligible_segments: ['Free'] },
  { id: 5, name: 'In-App Personalized Offer', channel: 'in_app', cost: 3, uplift: 0.06 },
  { id: 6, name: 'Push Notification', channel: 'push', cost: 0.5, uplift: 0.03 },
  { id: 7, name: 'Win-back Email Series', channel: 'email', cost: 5, uplift: 0.1, min_churn_probability: 0.3 },
];

/**
 * Validates a catalog (parsed JSON) and returns it with "No Action" (id 0) present.
 * Ids must be unique; id 0, when given, must cost nothing and remove no risk.
 */
export function parseCatalog(json: unknown, source = 'actions'): Action[] {
  catalogSchema ??= buildCatalogSchema();
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new PlannerError('BAD_CATALOG', `${source}${path}: ${issue.message}`, { cause: parsed.error });
  }
  const actions = parsed.data;
  const seen = new Set<number>();
  for (const action of actions) {
    if (seen.has(action.id)) throw new PlannerError('BAD_CATALOG', `${source}: action id ${action.id} appears twice`);
    seen.add(action.id);
    if (action.id === 0 && (action.cost !== 0 || action.uplift !== 0 || action.channel !== 'none')) {
      throw new PlannerError(
        'BAD_CATALOG',
        `${source}: action 0 is "No Action" and must have cost 0, uplift 0, channel none`,
      );
    }
    if (action.id !== 0 && action.channel === 'none') {
      throw new PlannerError('BAD_CATALOG', `${source}: action ${action.id} needs a channel other than none`);
    }
    if (action.id === 0 && (action.requires_prior || action.excludes_prior || action.follow_up)) {
      throw new PlannerError('BAD_CATALOG', `${source}: action 0 is "No Action" and takes no sequence rules`);
    }
  }
  for (const action of actions) {
    const named = [
      ['requires_prior', action.requires_prior?.action_ids],
      ['excludes_prior', action.excludes_prior?.action_ids],
      ['follow_up.after', action.follow_up?.after],
    ] as const;
    for (const [key, ids] of named) {
      const unknown = ids?.find((id) => !seen.has(id));
      if (unknown !== undefined)
        throw new PlannerError(
          'BAD_CATALOG',
          `${source}: action ${action.id} ${key} names action ${unknown}, which is not in the catalog`,
        );
    }
  }
  if (!seen.has(0)) actions.unshift(NO_ACTION);
  return actions.sort((a, b) => a.id - b.id);
}

/** The actions that are decision variables (every action but "No Action"). */
export function treatmentActions(catalog: readonly Action[]): Action[] {
  return catalog.filter((a) => a.id !== 0);
}

/** True when the catalog allows this action for a customer of this segment and churn probability. */
export function isEligible(action: Action, segment: string, p: number): boolean {
  return isEligibleSegment(action, segment) && inChurnWindow(action, p);
}

/** True when the action is for customers of this segment (its churn-probability window aside). */
export function isEligibleSegment(action: Action, segment: string): boolean {
  return !action.eligible_segments || action.eligible_segments.includes(segment);
}

/** True when churn probability p lies in the action's window (`min_`/`max_churn_probability`, both inclusive). */
export function inChurnWindow(action: Action, p: number): boolean {
  return !(p < (action.min_churn_probability ?? -Infinity) || p > (action.max_churn_probability ?? Infinity));
}
