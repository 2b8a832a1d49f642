/**
 * The dual's passes over a week of few types (customers of one class with the same values, see
 * customer-types.ts: coarse scores, segment-level CLV). Interchangeable customers take the same
 * best action at every λ, so a pass prices each type once and counts it as many times as it has
 * customers: the plain pass's choices exactly, ties included, up to the order of the sums.
 */

import { sameNumbers } from '../../linking-rows.ts';
import { findTypes, type FoundTypes } from '../customer-types.ts';
import { rankCustomer, ranked } from './best-two.ts';
import { bestAction, type ScreenInput } from './plain-pass.ts';
import type { PassResult, Screen } from './screen-contract.ts';

/** Customers counted first: a week whose first ones are mostly distinct is not hashed whole. */
const FIRST_LOOK = 16_384;
/** Types are priced instead of customers only where the customers outnumber them this many times. */
const CUSTOMERS_PER_TYPE = 4;

/** The types last found per value array, with the classes they were found under (undefined: too many). */
const known = new WeakMap<Float64Array, { classOf: Uint32Array; types: FoundTypes | undefined }>();

/**
 * The types of `input`'s customers, or undefined where they are too many: found once per value
 * array and classes, as a marginal value's checks and a sweep's levels solve the same week again.
 */
function typesOf(input: ScreenInput): FoundTypes | undefined {
  const kept = known.get(input.value);
  if (kept && sameNumbers(kept.classOf, input.classOf)) return kept.types;
  const { n } = input;
  const limit = Math.floor(n / CUSTOMERS_PER_TYPE);
  const first = Math.min(n, FIRST_LOOK);
  const few = findTypes(input, first, Math.floor(first / 2)).representatives.length <= first / 2;
  const found = few ? findTypes(input, n, limit) : undefined;
  const types = found && found.representatives.length <= limit ? found : undefined;
  known.set(input.value, { classOf: input.classOf, types });
  return types;
}

/** A screen that prices types, or undefined where the customers do not form few enough of them. */
export function createTypedScreen(input: ScreenInput): Screen | undefined {
  const types = typesOf(input);
  return types && new TypedScreen(input, types.typeOf, types.representatives);
}

class TypedScreen implements Screen {
  private readonly K: number;
  private readonly typeOf: Int32Array;
  /** Each type's values (T·K), class and number of customers. */
  private readonly value: Float64Array;
  private readonly classOf: Uint32Array;
  private readonly size: Float64Array;
  /** Each type's best action and gap at the last ranking. */
  private readonly best: Int16Array;
  private readonly gap: Float64Array;

  constructor(input: ScreenInput, typeOf: Int32Array, representatives: readonly number[]) {
    const { K } = input;
    const T = representatives.length;
    this.K = K;
    this.typeOf = typeOf;
    this.value = new Float64Array(T * K);
    this.classOf = new Uint32Array(T);
    this.size = new Float64Array(T);
    this.best = new Int16Array(T);
    this.gap = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      const i = representatives[t];
      this.value.set(input.value.subarray(i * K, i * K + K), t * K);
      this.classOf[t] = input.classOf[i];
    }
    for (let i = 0; i < typeOf.length; i++) this.size[typeOf[i]]++;
  }

  pass(penalty: Float64Array, counts: Float64Array, classTotals: Float64Array): PassResult {
    const { K, value, classOf, size } = this;
    counts.fill(0);
    classTotals.fill(0);
    let total = 0;
    for (let t = 0; t < size.length; t++) {
      const base = classOf[t] * K;
      const k = bestAction(value, penalty, t * K, base, K);
      if (k < 0) continue;
      const reduced = size[t] * (value[t * K + k] - penalty[base + k]);
      total += reduced;
      classTotals[classOf[t]] += reduced;
      counts[base + k] += size[t];
    }
    return { total, evaluated: size.length, reads: size.length * K };
  }

  rank(penalty: Float64Array, best: Int16Array, gap: Float64Array, bounded: Uint8Array, counts: Float64Array): number {
    const { K, value, classOf, size, typeOf } = this;
    counts.fill(0);
    let objective = 0;
    for (let t = 0; t < size.length; t++) {
      const base = classOf[t] * K;
      const k = rankCustomer(value, penalty, t * K, base, K);
      this.best[t] = k;
      this.gap[t] = ranked[0] - ranked[1];
      if (k < 0) continue;
      objective += size[t] * value[t * K + k];
      counts[base + k] += size[t];
    }
    for (let i = 0; i < typeOf.length; i++) {
      best[i] = this.best[typeOf[i]];
      gap[i] = this.gap[typeOf[i]];
    }
    bounded.fill(0);
    return objective;
  }
}
