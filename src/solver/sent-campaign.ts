import type { ConstraintReport, Kpis } from '../domain/plan.ts';
import type { Policy, PolicyKey } from '../domain/policy.ts';
import { describeSetting } from '../domain/policy-words.ts';
import { formatNumber } from '../domain/format-number.ts';

/** Floors a warning names before "…and N more". */
const NAMED_FLOORS = 5;

const dollars = (x: number): string => `$${formatNumber(x, 2, 2)}`;

/**
 * The budget that sends about `budget` once a `holdout` share of the assigned customers is held
 * back: the holdout is drawn by action and segment, so it takes about that share of the spend.
 */
export function budgetToSend(budget: number, holdout: number): number {
  return Math.ceil(budget / (1 - holdout));
}

/** `$135.00 of the $150.00 plan is sent; $15.00 is the control group's and is not spent`. */
export function describeSentSpend(kpis: Kpis): string {
  const sent = kpis.sent_spend ?? kpis.total_spend;
  return `${dollars(sent)} of the ${dollars(kpis.total_spend)} plan is sent; ${dollars(kpis.holdout_spend ?? 0)} is the control group's and is not spent`;
}

/**
 * Why a plan with a holdout sends less than it plans: the rules (budget, caps, floors) bind the
 * whole assignment, and the control group drawn from it is never contacted. One warning when
 * the budget binds (what is sent, and the budget that would send it all), one when the sent
 * campaign falls below floors the plan meets (each floor's sent and required counts, and the
 * settings that would make the sent campaign meet them).
 */
export function sentCampaignWarnings(kpis: Kpis, constraints: readonly ConstraintReport[], policy: Policy): string[] {
  if (kpis.holdout_customers === 0 || policy.holdout <= 0) return [];
  const share = `holdout=${Number((policy.holdout * 100).toFixed(2))}%`;
  const warnings: string[] = [];
  if (constraints.find((c) => c.name === 'budget')?.binding) {
    const budget = budgetToSend(policy.budget, policy.holdout);
    warnings.push(
      `With ${share}, ${describeSentSpend(kpis)}. To send about ${dollars(policy.budget)}, plan with ${describeSetting({ ...policy, budget }, 'budget')}.`,
    );
  }
  const missed = constraints.filter(
    (c) => c.sense === '>=' && c.limit > 0 && c.sent_used !== undefined && c.sent_used < c.limit - 1e-9,
  );
  if (missed.length === 0) return warnings;
  const named = missed
    .slice(0, NAMED_FLOORS)
    .map((c) => `${c.label} ${c.sent_used} sent, ${c.limit} required (${c.rule})`)
    .join('; ');
  const more = missed.length > NAMED_FLOORS ? `; and ${missed.length - NAMED_FLOORS} more` : '';
  const raised = [...new Set(missed.map((c) => c.rule as PolicyKey))].map((rule) => ({
    rule,
    share: Math.ceil((100 * (policy[rule] as number)) / (1 - policy.holdout)) / 100,
  }));
  const reachable = raised.filter((r) => r.share <= 1);
  const unreachable = raised.filter((r) => r.share > 1).map((r) => r.rule);
  const hints = [
    ...(reachable.length > 0
      ? [
          `to have the sent campaign meet them, plan with about ${reachable.map((r) => describeSetting({ ...policy, [r.rule]: r.share }, r.rule)).join(' ')}`,
        ]
      : []),
    ...(unreachable.length > 0
      ? [`with ${share} no plan's sent campaign can meet ${unreachable.join(', ')}; lower the holdout for that`]
      : []),
  ];
  warnings.push(
    `The sent campaign misses ${missed.length === 1 ? 'a floor' : `${missed.length} floors`} because the ${share} control group is never contacted: ${named}${more}. The rules bind the whole plan, control group included; ${hints.join('; ')}.`,
  );
  return warnings;
}
