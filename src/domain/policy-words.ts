import { PlannerError } from './errors.ts';
import {
  DEFAULT_POLICY,
  isPolicyKey,
  MAX_AMOUNT,
  POLICY_KEYS,
  policySchema,
  type Policy,
  type PolicyKey,
} from './policy.ts';
import { formatNumber } from './format-number.ts';
import { quoteInput } from './quote.ts';

/** A policy as the words a person types (`budget=$5k min_high_risk=70%`), and back. */

const NUMBER = /^[+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/;

function parseNumber(text: string): number | undefined {
  if (text === '' || !NUMBER.test(text)) return undefined;
  const value = Number(text.replaceAll(',', ''));
  return Number.isFinite(value) ? value : undefined;
}

function parseDollars(raw: string): number | undefined {
  const match = /^\$?([^kKmM]*)([kKmM]?)$/.exec(raw);
  if (!match) return undefined;
  const base = parseNumber(match[1]);
  if (base === undefined) return undefined;
  const scale = match[2] === '' ? 1 : match[2].toLowerCase() === 'k' ? 1_000 : 1_000_000;
  return base * scale;
}

function parseShare(raw: string): number | undefined {
  if (raw.endsWith('%')) {
    const percent = parseNumber(raw.slice(0, -1));
    return percent === undefined ? undefined : percent / 100;
  }
  return parseNumber(raw);
}

/** Parses one value for one key, or throws a BAD_POLICY error naming the key and what it accepts. */
export function parsePolicyValue(key: PolicyKey, raw: string): Policy[PolicyKey] {
  const spec = POLICY_KEYS[key];
  const refuse = (): never => {
    throw new PlannerError('BAD_POLICY', `${key} must be ${spec.accepted}; got ${quoteInput(raw)}`);
  };
  // Past the largest amount a key takes: refused with that amount, which `accepted` does not name.
  const atMost = (max: number, unit: string): never => {
    throw new PlannerError(
      'BAD_POLICY',
      `${key} must be at most ${max.toLocaleString('en-US')}${unit}; got ${quoteInput(raw)}`,
    );
  };
  const text = raw.trim();
  switch (spec.kind) {
    case 'dollars': {
      const value = parseDollars(text);
      if (value === undefined) return refuse();
      const most = spec.max ?? MAX_AMOUNT;
      return value > most ? atMost(most, ' dollars') : value;
    }
    case 'count': {
      const value = parseNumber(text);
      if (value === undefined || !Number.isInteger(value) || value < (spec.min ?? 0)) return refuse();
      // A count key with a maximum of its own names its range in `accepted`.
      if (value > (spec.max ?? MAX_AMOUNT)) return spec.max === undefined ? atMost(MAX_AMOUNT, '') : refuse();
      return value;
    }
    case 'share':
    case 'probability': {
      const value = parseShare(text);
      return value === undefined || value < 0 || value > (spec.max ?? 1) ? refuse() : value;
    }
    case 'text':
      return text.length === 0 || text.length > 64 || text.includes('=') ? refuse() : text;
    case 'objective':
      return text === 'net_value' || text === 'retained_clv' || text === 'churn_reduction' ? text : refuse();
  }
}

/** No key is longer than this; a much longer word is no typo of one, and gets no hint. */
const LONGEST_KEY = 20;

/** Edit distance with adjacent transpositions, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function closestKey(key: string): PolicyKey | undefined {
  if (key.length > 2 * LONGEST_KEY) return undefined;
  const ranked = (Object.keys(POLICY_KEYS) as PolicyKey[])
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .sort((x, y) => x.distance - y.distance);
  return ranked[0].distance <= Math.max(2, Math.floor(key.length / 4)) ? ranked[0].candidate : undefined;
}

/**
 * Parses `key=value` words into a full policy on top of `base` (the defaults unless given).
 * Refuses unknown keys, bad values and a key given twice, naming the key and what is accepted.
 */
export function parsePolicyWords(words: readonly string[], base: Readonly<Policy> = DEFAULT_POLICY): Policy {
  const policy: Policy = { ...base };
  const given = new Set<string>();
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) {
      throw new PlannerError('BAD_POLICY', `${quoteInput(word)} is not key=value; try ${POLICY_KEYS.budget.example}`);
    }
    const key = word.slice(0, eq).trim().toLowerCase();
    const raw = word.slice(eq + 1);
    if (!isPolicyKey(key)) {
      const hint = closestKey(key);
      const known = Object.keys(POLICY_KEYS).join(', ');
      throw new PlannerError(
        'BAD_POLICY',
        `unknown key ${quoteInput(key)}${hint ? ` (did you mean ${hint}?)` : ''}; keys are ${known}`,
      );
    }
    if (given.has(key)) throw new PlannerError('BAD_POLICY', `${key} is given twice; give it once`);
    given.add(key);
    (policy as Record<PolicyKey, unknown>)[key] = parsePolicyValue(key, raw);
  }
  return policySchema.parse(policy);
}

/** The keys whose value differs from the defaults, as `key=value` words (for display and audit). */
export function policyDifferences(policy: Readonly<Policy>, base: Readonly<Policy> = DEFAULT_POLICY): string[] {
  return (Object.keys(POLICY_KEYS) as PolicyKey[])
    .filter((key) => policy[key] !== base[key])
    .map((key) => `${key}=${String(policy[key])}`);
}

/** One key's value as a person types it back: shares and probabilities as percentages (`70%`), the rest as is. */
export function formatPolicyValue(key: PolicyKey, value: Policy[PolicyKey]): string {
  const kind = POLICY_KEYS[key].kind;
  return kind === 'share' || kind === 'probability' ? `${Math.round(Number(value) * 1e6) / 1e4}%` : String(value);
}

/** The policy keys that differ from `base` (the defaults), as words a person can type back (`min_high_risk=70%`). */
export function policyWords(policy: Readonly<Policy>, base: Readonly<Policy> = DEFAULT_POLICY): string[] {
  return (Object.keys(POLICY_KEYS) as PolicyKey[])
    .filter((key) => policy[key] !== base[key])
    .map((key) => `${key}=${formatPolicyValue(key, policy[key])}`);
}

/** Dollars as a setting is written: `150` when whole, else `150.50`, with thousands commas. */
export function formatSettingDollars(value: number): string {
  return Number.isInteger(value) ? formatNumber(value) : formatNumber(value, 2, 2);
}

/** `min_high_risk=90%`, `budget=$150`: a policy setting as a person would type it. */
export function describeSetting(policy: Readonly<Policy>, key: PolicyKey): string {
  const value = policy[key];
  if (typeof value !== 'number') return `${key}=${value}`;
  const kind = POLICY_KEYS[key].kind;
  if (kind === 'share' || kind === 'probability') return `${key}=${Number((value * 100).toFixed(4))}%`;
  if (kind === 'dollars') return `${key}=$${formatSettingDollars(value)}`;
  return `${key}=${value}`;
}
