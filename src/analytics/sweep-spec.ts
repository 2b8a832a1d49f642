import { PlannerError } from '../domain/errors.ts';
import { quoteInput } from '../domain/quote.ts';
import { isPolicyKey, POLICY_KEYS, type PolicyKey } from '../domain/policy.ts';
import { parsePolicyValue } from '../domain/policy-words.ts';

/** Policy keys whose value is a number, so that they can be swept. */
export type NumericPolicyKey = Exclude<PolicyKey, 'premium_segment' | 'objective'>;

export interface SweepSpec {
  key: NumericPolicyKey;
  /** Levels in increasing order, without repeats. */
  values: number[];
  spacing: 'linear' | 'log';
}

/** Levels when the spec gives no count: the reference analysis used 12 budgets. */
export const DEFAULT_SWEEP_LEVELS = 12;
export const MAX_SWEEP_LEVELS = 40;

const SPEC = /^([a-z_]+)=([^.]+)\.\.([^:]+)(?::(\d+))?(?::(linear|log))?$/i;
export const SWEEP_USAGE = 'key=FROM..TO[:LEVELS][:linear|log], e.g. budget=150..1000:12 or budget=150..1000:12:log';

function refuse(message: string): never {
  throw new PlannerError('BAD_POLICY', `--sweep ${message}; expected ${SWEEP_USAGE}`);
}

/** Rounds a level the way the key's values are written: whole counts, cents, shares to 0.01%. */
function tidy(key: NumericPolicyKey, value: number): number {
  const kind = POLICY_KEYS[key].kind;
  if (kind === 'count') return Math.round(value);
  if (kind === 'dollars') return value >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Parses `--sweep key=FROM..TO[:LEVELS][:linear|log]`. FROM and TO are written as the key
 * accepts them (`$1.5k`, `70%`). Levels are spaced evenly (linear, the default) or by a
 * constant ratio (log, like the reference analysis's 150..1000 budgets), then rounded the way
 * the key is written (whole dollars from $100, whole counts) and de-duplicated.
 */
export function parseSweepSpec(text: string): SweepSpec {
  const match = SPEC.exec(text.trim());
  if (!match) return refuse(`${quoteInput(text)} is not a sweep`);
  const key = match[1].toLowerCase();
  if (!isPolicyKey(key)) return refuse(`unknown key ${quoteInput(key)}`);
  if (key === 'premium_segment' || key === 'objective') return refuse(`${key} is not a number and cannot be swept`);
  if (key === 'weeks' || key === 'horizon_budget')
    return refuse(`plans one week at each level; ${key} cannot be swept`);
  const from = parsePolicyValue(key, match[2]) as number;
  const to = parsePolicyValue(key, match[3]) as number;
  const levels = match[4] === undefined ? DEFAULT_SWEEP_LEVELS : Number(match[4]);
  const spacing = (match[5]?.toLowerCase() ?? 'linear') as SweepSpec['spacing'];
  if (levels < 2 || levels > MAX_SWEEP_LEVELS) return refuse(`needs 2 to ${MAX_SWEEP_LEVELS} levels; got ${levels}`);
  if (from === to) return refuse(`needs FROM and TO to differ; both are ${from}`);
  const [lo, hi] = from < to ? [from, to] : [to, from];
  if (spacing === 'log' && lo <= 0) return refuse('log spacing needs FROM > 0');
  const raw = Array.from({ length: levels }, (_, j) => {
    const t = j / (levels - 1);
    return spacing === 'log' ? lo * (hi / lo) ** t : lo + (hi - lo) * t;
  });
  const values = [...new Set(raw.map((v, j) => (j === 0 ? lo : j === levels - 1 ? hi : tidy(key, v))))].sort(
    (a, b) => a - b,
  );
  return { key, values, spacing };
}
