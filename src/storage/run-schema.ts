import * as z from 'zod';
import { policySchema } from '../domain/policy.ts';
import { PLAN_ID } from './run-ids.ts';

/** A number as JSON keeps it: NaN and infinities are written as null. */
const figure = z.number().nullable();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * `plans/<plan_id>/run.json`, version 1: the audit record of one planning run. Unknown
 * members are kept (records written by a newer version still read), and the policy is
 * partial so that a key added later does not make old records unreadable.
 */
export const runRecordSchema = z
  .object({
    schema_version: z.literal(1),
    plan_id: z.string().regex(PLAN_ID),
    status: z.enum(['optimal', 'feasible', 'infeasible', 'error']),
    product_version: z.string().min(1),
    requested_by: z.string(),
    requested_at: z.iso.datetime(),
    input: z
      .object({
        key: z.string().min(1),
        location: z.string().optional(),
        etag: z.string(),
        sha256,
        customers: z.number().int().min(0),
        clv_estimated: z.boolean(),
        /** Optional: every segment of the input, when there are at most RECORDED_SEGMENTS_MAX. */
        segments: z.array(z.string()).optional(),
      })
      .loose(),
    catalog_hash: sha256,
    /** Optional (added with the learning loop): the catalog version planned with. */
    catalog_version: z.string().min(1).optional(),
    /** Optional: distinct approvers the plan needs (absent means 1), and the policy moves that ask for a second. */
    approvals_required: z.number().int().min(1).max(2).optional(),
    approval_reasons: z.array(z.string()).optional(),
    policy: policySchema.partial().loose(),
    kpis: z
      .object({
        customers: figure,
        customers_treated: figure,
        total_spend: figure,
        expected_retained_clv: figure,
        net_value: figure,
        roi_pct: figure,
        expected_churn_reduction: figure,
        budget_utilization_pct: figure,
        holdout_customers: figure,
      })
      .loose(),
    constraints: z.array(
      z
        .object({
          name: z.string(),
          rule: z.string().optional(),
          sense: z.enum(['<=', '>=']),
          limit: figure,
          used: figure,
          binding: z.boolean(),
        })
        .loose(),
    ),
    solver: z.object({ objective: figure, bound: figure, gap: figure, seconds: figure, method: z.string() }).loose(),
    warnings: z.array(z.string()),
    infeasibility: z
      .object({ conflicting_rules: z.array(z.string()), reasons: z.array(z.string()), least_budget: figure.optional() })
      .loose()
      .optional(),
    /** A plan over several weeks (issue 20): each week's KPIs and rules; week 1 is the plan sent. */
    weeks: z
      .array(
        z
          .object({ week: z.number().int().min(1), kpis: z.object({}).loose(), constraints: z.array(z.unknown()) })
          .loose(),
      )
      .optional(),
    /** Its totals, proof and the value of planning ahead against planning each week alone. */
    horizon: z
      .object({
        weeks: z.number().int().min(2),
        objective: figure,
        bound: figure,
        gap: figure,
        myopic_objective: figure,
        value_of_planning_ahead: figure,
      })
      .loose()
      .optional(),
    /** Null when the run produced no plan (infeasible or error). */
    plan_csv: z.object({ key: z.string(), bytes: z.number().int().min(0), sha256 }).nullable(),
  })
  .loose();

export type RunRecord = z.infer<typeof runRecordSchema>;
