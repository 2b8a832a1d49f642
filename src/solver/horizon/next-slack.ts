import { listCustomerOptions, optionCount, type CustomerOptions } from './customer-candidates.ts';
import type { HorizonModel } from './model.ts';
import type { Pricing } from './pricing.ts';

/** Most growth, in columns, for which the next round goes to the gap at once rather than to the grown slack. */
const JUMP_COLUMNS = 1.2;

/**
 * The next round's slack, once the grown slack reaches half of the gap to the plan, with its
 * options: the gap itself when its set is hardly larger than the grown one (a round at the grown
 * slack would then repeat the work of one at the gap), else the grown slack, whose smaller MIP
 * may find a better plan and prove it without the gap's. Undefined when the grown set is too large.
 */
export function nextSlack(
  model: HorizonModel,
  pricing: Pricing,
  { grown, gap, hair, cap }: { grown: number; gap: number; hair: number; cap: number },
): { slack: number; listed: CustomerOptions[] } | undefined {
  const atGap = listCustomerOptions(model, pricing, gap + hair, cap);
  if (grown >= gap) return atGap && { slack: gap, listed: atGap };
  const atGrown = listCustomerOptions(model, pricing, grown + hair, cap);
  if (!atGrown) return undefined;
  if (!atGap) return { slack: grown, listed: atGrown };
  return optionCount(atGap) <= JUMP_COLUMNS * optionCount(atGrown)
    ? { slack: gap, listed: atGap }
    : { slack: grown, listed: atGrown };
}
