/**
 * Screened evaluation of the Lagrangian. A customer's choice at λ depends on λ only through its
 * class's penalties, and near the dual optimum most customers keep their choice from one
 * evaluation to the next. So a full pass also records, per customer, its best action k* and
 * its margin (best reduced value minus the runner-up, where "none" counts as 0) at that
 * reference. At a later λ the penalties of class c have moved by Δ_c, and k* stays strictly
 * best whenever
 *
 *     margin > max over the other options j of (Δ_c,k* − Δ_c,j)      (Δ of "none" is 0),
 *
 * a bound that depends only on the bucket (class, k*). Margins are kept in bands of powers of
 * two, with counts and value sums per (bucket, band), so the customers who provably keep k*
 * are added as whole bands and only the others are evaluated again. The result is the plain
 * pass's exactly (the same choices, ties included), up to the order of the sums.
 */

import { rankCustomer, ranked } from './best-two.ts';
import { bandOf, BANDS, UNIT_SHARE } from './margin-bands.ts';
import { setBucketBounds } from './bucket-bounds.ts';
import { bestAction, type ScreenInput } from './plain-pass.ts';
import type { PassResult, Screen } from './screen-contract.ts';

/** A screened pass re-evaluates at most this share of the customers; beyond it a full pass sets a new reference. */
const MAX_RECHECK_SHARE = 0.25;
/** A reference that has served this many passes is renewed once it rechecks twice its first share, and over DRIFT_SHARE. */
const MIN_SERVED = 3;
const DRIFT_SHARE = 0.1;

/**
 * Creates a screen over `input`'s customers. A class, not closures per screen: a sweep makes a
 * screen per workspace, and V8 keeps optimized code per function, so its methods stay compiled.
 */
export function createScreen(input: ScreenInput): Screen {
  return new ReferenceScreen(input);
}

class ReferenceScreen implements Screen {
  private readonly input: ScreenInput;
  private readonly buckets: number;
  private readonly unit: number;
  private readonly slots: number;
  // Each customer's slot (bucket * BANDS + band) at the reference; slotStart[s] counts the
  // customers of the slots below s, so whole bands are added without reading their customers.
  private readonly slotOf: Uint32Array;
  // Each customer's margin at the reference (best reduced value minus the runner-up's).
  private readonly margin: Float64Array;
  private readonly slotStart: Int32Array;
  // Per bucket, the last slot a screened pass evaluates again (its cut's).
  private readonly lastSlot: Int32Array;
  // Σ value of the best action over the customers of bucket b at or above band β: `valueAbove[b * (BANDS + 1) + β]`.
  private readonly valueAbove: Float64Array;
  private readonly reference: Float64Array;
  private readonly cut: Int32Array;
  private readonly bound: Float64Array;
  private readonly delta: Float64Array;
  private ready = false;
  // A reference is set by every full pass: the dual's passes far from the last reference are
  // full ones anyway, and the next passes land near the newest point more often than not. A
  // reference that served but has drifted (twice the share it first rechecked, and over
  // DRIFT_SHARE) is renewed.
  private served = 0;
  private firstShare = 0;

  constructor(input: ScreenInput) {
    const { n, K, C } = input;
    this.input = input;
    this.buckets = C * (K + 1);
    this.unit = input.valueScale * UNIT_SHARE;
    this.slots = this.buckets * BANDS;
    this.slotOf = new Uint32Array(n);
    this.margin = new Float64Array(n);
    this.slotStart = new Int32Array(this.slots + 1);
    this.lastSlot = new Int32Array(this.buckets);
    this.valueAbove = new Float64Array(this.buckets * (BANDS + 1));
    this.reference = new Float64Array(C * K);
    this.cut = new Int32Array(this.buckets);
    this.bound = new Float64Array(this.buckets);
    this.delta = new Float64Array(C * K);
  }

  pass(penalty: Float64Array, counts: Float64Array, classTotals: Float64Array): PassResult {
    if (!this.ready) return this.renew(penalty, counts, classTotals);
    const share = this.setCuts(penalty) / this.input.n;
    if (share > MAX_RECHECK_SHARE) return this.renew(penalty, counts, classTotals);
    if (this.firstShare < 0) this.firstShare = share;
    if (this.served >= MIN_SERVED && share > Math.max(DRIFT_SHARE, 2 * this.firstShare))
      return this.renew(penalty, counts, classTotals);
    this.served++;
    return this.screenedPass(penalty, counts, classTotals);
  }

  private renew(penalty: Float64Array, counts: Float64Array, classTotals: Float64Array): PassResult {
    this.served = 0;
    this.firstShare = -1;
    return this.fullPass(penalty, counts, classTotals);
  }

  private fullPass(penalty: Float64Array, counts: Float64Array, classTotals: Float64Array): PassResult {
    const { n, K, C, classOf, value } = this.input;
    const { slots, buckets, unit, slotOf, margin, slotStart, valueAbove } = this;
    slotStart.fill(0);
    classTotals.fill(0);
    valueAbove.fill(0);
    const perUnit = 1 / unit;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const c = classOf[i];
      const at = i * K;
      const bestK = rankCustomer(value, penalty, at, c * K, K);
      const best = ranked[0];
      total += best;
      classTotals[c] += best;
      const bucket = c * (K + 1) + bestK + 1;
      margin[i] = best - ranked[1];
      const band = bandOf(margin[i] * perUnit);
      const slot = bucket * BANDS + band;
      slotOf[i] = slot;
      slotStart[slot + 1]++;
      if (bestK >= 0) valueAbove[bucket * (BANDS + 1) + band] += value[at + bestK];
    }
    // Customers per (class, action) are the bucket's customers over all its bands.
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < K; k++) {
        const from = (c * (K + 1) + k + 1) * BANDS;
        let customers = 0;
        for (let slot = from; slot < from + BANDS; slot++) customers += slotStart[slot + 1];
        counts[c * K + k] = customers;
      }
    }
    for (let slot = 0; slot < slots; slot++) slotStart[slot + 1] += slotStart[slot];
    for (let bucket = 0; bucket < buckets; bucket++) {
      const from = bucket * (BANDS + 1);
      for (let band = BANDS - 1; band >= 0; band--) valueAbove[from + band] += valueAbove[from + band + 1];
    }
    this.reference.set(penalty);
    this.ready = true;
    return { total, evaluated: n, reads: n * K };
  }

  /** Sets each bucket's cut (the highest band that may change) and returns how many customers lie at or below the cuts. */
  private setCuts(penalty: Float64Array): number {
    const { buckets, unit, slotStart, cut, bound } = this;
    setBucketBounds(penalty, this.reference, this.delta, bound, this.input);
    let recheck = 0;
    for (let bucket = 0; bucket < buckets; bucket++) {
      cut[bucket] = bound[bucket] < 0 ? -1 : bandOf(bound[bucket] / unit);
      recheck += slotStart[bucket * BANDS + cut[bucket] + 1] - slotStart[bucket * BANDS];
    }
    return recheck;
  }

  rank(
    penalty: Float64Array,
    best: Int16Array,
    gap: Float64Array,
    bounded: Uint8Array,
    counts: Float64Array,
  ): number | undefined {
    if (!this.ready) return undefined;
    const { n, K, classOf, value } = this.input;
    const { slotOf, margin, bound } = this;
    setBucketBounds(penalty, this.reference, this.delta, bound, this.input);
    counts.fill(0);
    let objective = 0;
    for (let i = 0; i < n; i++) {
      const bucket = Math.floor(slotOf[i] / BANDS);
      const kept = margin[i] - bound[bucket];
      let k: number;
      if (kept > 0) {
        k = (bucket % (K + 1)) - 1;
        gap[i] = kept;
        bounded[i] = 1;
      } else {
        k = rankCustomer(value, penalty, i * K, classOf[i] * K, K);
        gap[i] = ranked[0] - ranked[1];
        bounded[i] = 0;
      }
      best[i] = k;
      if (k < 0) continue;
      objective += value[i * K + k];
      counts[classOf[i] * K + k]++;
    }
    return objective;
  }

  private screenedPass(penalty: Float64Array, counts: Float64Array, classTotals: Float64Array): PassResult {
    const { n, K, C, classOf, value } = this.input;
    const { slotStart, slotOf, valueAbove, cut, lastSlot } = this;
    counts.fill(0);
    for (let c = 0; c < C; c++) {
      let classTotal = 0;
      const base = c * K;
      for (let best = -1; best < K; best++) {
        const bucket = c * (K + 1) + best + 1;
        lastSlot[bucket] = bucket * BANDS + cut[bucket];
        if (best < 0) continue;
        const keptCount = slotStart[(bucket + 1) * BANDS] - slotStart[bucket * BANDS + cut[bucket] + 1];
        classTotal += valueAbove[bucket * (BANDS + 1) + cut[bucket] + 1] - keptCount * penalty[base + best];
        counts[base + best] += keptCount;
      }
      classTotals[c] = classTotal;
    }
    // The customers who may change, read in the values' order: a scan of the slots costs less
    // than the cache misses of reading them bucket by bucket.
    let evaluated = 0;
    for (let i = 0; i < n; i++) {
      const slot = slotOf[i];
      if (slot > lastSlot[(slot / BANDS) | 0]) continue;
      evaluated++;
      const c = classOf[i];
      const base = c * K;
      const from = i * K;
      const k = bestAction(value, penalty, from, base, K);
      if (k < 0) continue;
      classTotals[c] += value[from + k] - penalty[base + k];
      counts[base + k] += 1;
    }
    let total = 0;
    for (let c = 0; c < C; c++) total += classTotals[c];
    return { total, evaluated, reads: evaluated * K + C * (K + 1) };
  }
}
