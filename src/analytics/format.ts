import { POLICY_KEYS, type ObjectiveMode, type PolicyKey } from '../domain/policy.ts';
import { formatDollarAmount, formatNumber } from '../domain/format-number.ts';

/** `$1,234.56`, whole amounts `$150`; compact: `$1.2k`, `$950`. Negative amounts as `-$3.10`. */
export function formatMoney(value: number, options: { compact?: boolean } = {}): string {
  const x = Math.abs(value);
  if (options.compact && x >= 1000) return formatDollarAmount(value / 1000, x >= 10_000 ? 0 : 1, 0, 'k');
  return formatDollarAmount(value, options.compact || Number.isInteger(x) ? 0 : 2);
}

/** A value of a policy key as a person writes it: `$150`, `60%`, `120`. */
export function formatKeyValue(key: PolicyKey, value: number): string {
  const kind = POLICY_KEYS[key].kind;
  if (kind === 'dollars') return formatMoney(value);
  if (kind === 'share' || kind === 'probability') return `${Number((value * 100).toFixed(2))}%`;
  return formatNumber(value, 4);
}

/**
 * A slope per unit of a key (per $1, per customer, per share of 1.0) as a person reads it:
 * shares and probabilities are quoted per percentage point.
 */
export function perStep(key: PolicyKey, slope: number): { amount: number; per: string } {
  const kind = POLICY_KEYS[key].kind;
  if (kind === 'dollars') return { amount: slope, per: 'per $1' };
  if (kind === 'share' || kind === 'probability') return { amount: slope / 100, per: 'per percentage point' };
  return { amount: slope, per: 'per unit' };
}

/** "net value per $1: $3.77 up to $382, $1.81 beyond" — the two slopes either side of a knee. */
export function describeKnee(
  key: PolicyKey,
  knee: { value: number; slope_before: number; slope_after: number },
): string {
  const before = perStep(key, knee.slope_before);
  const after = perStep(key, knee.slope_after);
  return `net value ${before.per}: ${formatMoney(before.amount)} up to ${formatKeyValue(key, knee.value)}, ${formatMoney(after.amount)} beyond`;
}

/** What the objective counts, and how to print an amount of it. */
export function objectiveUnits(mode: ObjectiveMode): { name: string; format: (x: number) => string } {
  switch (mode) {
    case 'net_value':
      return { name: 'net value', format: (x) => formatMoney(x) };
    case 'retained_clv':
      return { name: 'retained CLV', format: (x) => formatMoney(x) };
    case 'churn_reduction':
      return {
        name: 'churn reduction',
        format: (x) => `${formatNumber(x, 4)} customers`,
      };
  }
}
