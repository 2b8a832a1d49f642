import { createHash, randomInt } from 'node:crypto';
import { PlannerError } from '../domain/errors.ts';
import { quoteInput } from '../domain/quote.ts';

/** `YYYYMMDD-HHMMSS-xxxxxx` (UTC time, six base-36 characters): sorts by time as text. */
export const PLAN_ID = /^\d{8}-\d{6}-[0-9a-z]{6}$/;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const cryptoRandom = (): number => randomInt(0, 2 ** 32) / 2 ** 32;
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * A new plan id, `YYYYMMDD-HHMMSS-xxxxxx`: the UTC second the plan was asked for, then six
 * random base-36 characters (about 2.2e9 values, so two plans in the same second do not
 * collide in practice). Ids sort by time as plain text, so "newest first" is a text sort.
 *
 * @param random returns numbers in [0, 1); defaults to a cryptographic source.
 */
export function newPlanId(date: Date = new Date(), random: () => number = cryptoRandom): string {
  if (Number.isNaN(date.getTime())) throw new PlannerError('BAD_INPUT', 'cannot make a plan id from an invalid date');
  const stamp = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}-${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += ALPHABET[Math.min(35, Math.floor(random() * 36))];
  return `${stamp}-${suffix}`;
}

/** Throws BAD_INPUT unless `planId` has the shape `newPlanId` makes (which also keeps it a safe key segment). */
export function checkPlanId(planId: string): string {
  if (!PLAN_ID.test(planId))
    throw new PlannerError('BAD_INPUT', `${quoteInput(planId)} is not a plan id (expected YYYYMMDD-HHMMSS-xxxxxx)`);
  return planId;
}

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, `undefined`
 * members dropped, arrays in their order. Equal values give equal text.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/** Hex SHA-256 of the catalog's canonical JSON: the same actions give the same hash whatever their key order. */
export function catalogHash(catalog: unknown): string {
  return createHash('sha256').update(canonicalJson(catalog), 'utf8').digest('hex');
}
