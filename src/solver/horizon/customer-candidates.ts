import { sequenceKey } from './assign-counts.ts';
import type { HorizonModel } from './model.ts';
import { sequencesAbove, type NearSequence, type PricedTypes } from './near-sequences.ts';

/** One customer's sequences worth considering, each with how far its reduced value lies below the customer's best. */
export interface CustomerOptions {
  customer: number;
  options: NearSequence[];
  /** best − reduced value of each option at the multipliers: ≥ 0. */
  shortfall: number[];
}

/** The best reduced value w·(1 − Q) − H of type `at`'s sequences for weight `w`: the upper envelope of its root labels. */
export function bestReduced(priced: PricedTypes, at: number, w: number): number {
  const hulls = priced.hulls[at];
  let best = -Infinity;
  for (let l = hulls.labelStart[0]; l < hulls.labelEnd[0]; l++)
    best = Math.max(best, w * (1 - hulls.q[l]) - hulls.h[l]);
  return best;
}

/** A listed option's value in the objective: the customer's weight on the risk it removes, less its weighted cost. */
export function optionValue(model: HorizonModel, customer: number, option: NearSequence): number {
  return model.weight[customer] * (1 - option.q) - model.costWeight * option.cost;
}

/** Sequences listed over all customers: the direct MIP's columns. */
export function optionCount(listed: readonly CustomerOptions[]): number {
  return listed.reduce((sum, { options }) => sum + options.length, 0);
}

/**
 * The column of each listed customer's sequence in `choices` (`choices[t * n + i]`), numbered
 * over the listed options in order as the direct MIP's columns; undefined when one is not listed.
 */
export function planColumns(
  model: HorizonModel,
  listed: readonly CustomerOptions[],
  choices: Int16Array,
): number[] | undefined {
  const { n, K, weeks: W } = model;
  const sequence = new Int16Array(W);
  const columns: number[] = [];
  let first = 0;
  for (const { customer, options } of listed) {
    for (let t = 0; t < W; t++) sequence[t] = choices[t * n + customer];
    const key = sequenceKey(sequence, K);
    const o = options.findIndex((option) => sequenceKey(option.actions, K) === key);
    if (o < 0) return undefined;
    columns.push(first + o);
    first += options.length;
  }
  return columns;
}

/**
 * Per customer, every sequence whose reduced value at the multipliers of `priced` is within
 * `slack` of the customer's best: a plan within `slack` of the bound L(λ) gives each customer
 * one of them, and the customers' shortfalls sum to at most `slack` (L(λ) less a plan's value
 * is that sum plus λ times the rows' slack, both ≥ 0). Undefined past `cap` sequences in all:
 * the set would be too large for one MIP.
 */
export function listCustomerOptions(
  model: HorizonModel,
  priced: PricedTypes,
  slack: number,
  cap: number,
): CustomerOptions[] | undefined {
  const listed: CustomerOptions[] = [];
  let total = 0;
  for (let at = 0; at < model.types.length; at++) {
    const type = model.types[at];
    for (let j = 0; j < type.customers.length; j++) {
      const w = type.weights[j];
      const best = bestReduced(priced, at, w);
      const near = sequencesAbove(model, priced, at, w, best - slack, cap - total + 1);
      total += near.found.length;
      if (!near.complete || total > cap) return undefined;
      const shortfall = near.found.map((s) => Math.max(0, best - (w * (1 - s.q) - s.h)));
      listed.push({ customer: type.customers[j], options: near.found, shortfall });
    }
  }
  return listed;
}
