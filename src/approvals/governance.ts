import * as z from 'zod';
import { PlannerError } from '../domain/errors.ts';
import { POLICY_KEYS, type Policy, type PolicyKey } from '../domain/policy.ts';
import { describeSetting } from '../domain/policy-words.ts';

/** Policy keys whose values are numbers (the only ones guardrails and the 20% rule look at). */
export const NUMERIC_POLICY_KEYS = (Object.keys(POLICY_KEYS) as PolicyKey[]).filter(
  (key) => !['text', 'objective'].includes(POLICY_KEYS[key].kind),
);

const boundsSchema = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, { message: 'min must not exceed max' });

/** Allowed range per numeric policy key, e.g. `{ "budget": { "min": 100, "max": 300 } }`, in the policy's own units (shares as fractions). */
export type Guardrails = Partial<Record<PolicyKey, { min?: number; max?: number }>>;

/** Validates a guardrails config (parsed JSON): known numeric keys only, bounds as numbers, min <= max. CONFIG errors name the key. */
export function parseGuardrails(json: unknown, source = 'guardrails'): Guardrails {
  const parsed = z.record(z.string(), boundsSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlannerError(
      'CONFIG',
      `${source}${issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''}: ${issue.message}`,
      { cause: parsed.error },
    );
  }
  for (const key of Object.keys(parsed.data)) {
    if (!(NUMERIC_POLICY_KEYS as string[]).includes(key)) {
      throw new PlannerError(
        'CONFIG',
        `${source}: "${key}" is not a numeric policy key; guardrails take ${NUMERIC_POLICY_KEYS.join(', ')}`,
      );
    }
  }
  return parsed.data;
}

export interface GuardrailBreach {
  key: PolicyKey;
  value: number;
  min?: number;
  max?: number;
  message: string;
}

function bound(key: PolicyKey, value: number): string {
  return describeSetting({ [key]: value } as unknown as Policy, key).slice(key.length + 1);
}

/** Every key of `policy` outside its guardrail, each with a sentence naming the allowed range. Empty when all hold. */
export function checkGuardrails(policy: Readonly<Policy>, guardrails: Guardrails): GuardrailBreach[] {
  const breaches: GuardrailBreach[] = [];
  for (const key of NUMERIC_POLICY_KEYS) {
    const rail = guardrails[key];
    const value = policy[key];
    if (
      !rail ||
      typeof value !== 'number' ||
      ((rail.min === undefined || value >= rail.min - 1e-12) && (rail.max === undefined || value <= rail.max + 1e-12))
    )
      continue;
    const range =
      rail.min !== undefined && rail.max !== undefined
        ? `between ${bound(key, rail.min)} and ${bound(key, rail.max)}`
        : rail.min !== undefined
          ? `at least ${bound(key, rail.min)}`
          : `at most ${bound(key, rail.max!)}`;
    breaches.push({
      key,
      value,
      ...rail,
      message: `${describeSetting(policy, key)} is outside the guardrails: ${key} must be ${range}`,
    });
  }
  return breaches;
}

/** Throws FORBIDDEN naming every breached key and its allowed range; nothing runs. */
export function enforceGuardrails(policy: Readonly<Policy>, guardrails: Guardrails): void {
  const breaches = checkGuardrails(policy, guardrails);
  if (breaches.length > 0)
    throw new PlannerError(
      'FORBIDDEN',
      `${breaches.map((b) => b.message).join('; ')}. Ask an admin to change the guardrails if this is intended.`,
    );
}

/** The share a numeric key may move from the last approved policy before a second approver is needed. */
export const SECOND_APPROVER_THRESHOLD = 0.2;

export interface PolicyMove {
  key: PolicyKey;
  from: number;
  to: number;
  /** (to - from) / |from|; ±Infinity when `from` is 0 and `to` is not. */
  change: number;
}

export interface SecondApproverVerdict {
  required: boolean;
  /** Keys that moved more than the threshold, largest move first. */
  moved: PolicyMove[];
  /** Why nothing was compared, when there is no approved policy yet. */
  note?: string;
}

/**
 * A plan whose policy moves any numeric key by more than `threshold` (20%) relative to the last
 * approved policy needs a second approver. With no approved policy yet, none is needed (there
 * is nothing to compare against). A key missing from an old record is compared with nothing.
 */
export function needsSecondApprover(
  policy: Readonly<Policy>,
  lastApproved: Partial<Policy> | undefined,
  threshold = SECOND_APPROVER_THRESHOLD,
): SecondApproverVerdict {
  if (!lastApproved) return { required: false, moved: [], note: 'no approved plan yet to compare with' };
  const moved: PolicyMove[] = [];
  for (const key of NUMERIC_POLICY_KEYS) {
    const from = lastApproved[key];
    const to = policy[key];
    if (typeof from !== 'number' || typeof to !== 'number') continue;
    const change =
      from === 0 ? (to === 0 ? 0 : Math.sign(to) * Number.POSITIVE_INFINITY) : (to - from) / Math.abs(from);
    if (Math.abs(change) > threshold + 1e-12) moved.push({ key, from, to, change });
  }
  moved.sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  return { required: moved.length > 0, moved };
}

/** `budget +33% ($150 → $200)`: one move as a person reads it. */
export function describeMove(move: PolicyMove): string {
  const change = Number.isFinite(move.change)
    ? `${move.change > 0 ? '+' : ''}${Math.round(move.change * 100)}%`
    : 'from 0';
  return `${move.key} ${change} (${bound(move.key, move.from)} → ${bound(move.key, move.to)})`;
}
