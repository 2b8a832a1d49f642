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

/** Margin bands: band b holds margins in [2^b, 2^(b+1)) units, band 0 everything below 2 units. */
const BANDS = 64;
const BAND_BITS = 6;
const TOP_BAND = BANDS - 2;
/** Customers with no eligible action: they never take any. */
const NEVER = BANDS - 1;
/** The margin unit, as a share of the largest |value|: margins below two units (ties among them) share band 0. */
const UNIT_SHARE = 2 ** -40;
/** Rounding allowance on the bound, as a share of the largest value or penalty involved. */
const ROUNDING = 1e-9;
/** A screened pass re-evaluates at most this share of the customers; beyond it a full pass sets a new reference. */
const MAX_RECHECK_SHARE = 0.25;
/** A reference that has served this many passes is renewed once it rechecks twice its first share, and over DRIFT_SHARE. */
const MIN_SERVED = 3;
const DRIFT_SHARE = 0.1;
/** Most full passes made plain in a row after references that did not serve. */
const MAX_BACKOFF = 8;

const exponentView = new Float64Array(1);
const exponentWords = new Uint32Array(exponentView.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The band of a margin of `units` margin units (≥ 0). */
function bandOf(units: number): number {
  if (!(units >= 2)) return 0;
  if (units === Number.POSITIVE_INFINITY) return NEVER;
  exponentView[0] = units;
  const exponent = ((exponentWords[HIGH_WORD] >>> 20) & 0x7ff) - 1023;
  return exponent < TOP_BAND ? exponent : TOP_BAND;
}

/** What a pass reads: the values and each customer's class. */
export interface ScreenInput {
  n: number;
  K: number;
  C: number;
  classOf: Uint32Array;
  value: Float64Array;
  /** Largest |value|: sets the margin unit. */
  valueScale: number;
}

/** A pass's result: Σ_i best reduced value (≥ 0), and customers per (class, action) in `counts`. */
export interface PassResult {
  total: number;
  /** Customers evaluated action by action (n for a full pass). */
  evaluated: number;
}

/** Σ_i max(0, max_k value − penalty) over every customer (none wins ties), with customers per (class, action) into `counts`. */
export function plainPass(input: ScreenInput, penalty: Float64Array, counts: Float64Array): number {
  const { n, K, classOf, value } = input;
  counts.fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const base = classOf[i] * K;
    const at = i * K;
    let best = 0;
    let bestK = -1;
    for (let k = 0; k < K; k++) {
      const reduced = value[at + k] - penalty[base + k];
      if (reduced > best) {
        best = reduced;
        bestK = k;
      }
    }
    total += best;
    if (bestK >= 0) counts[base + bestK] += 1;
  }
  return total;
}

export interface Screen {
  /** Evaluates at class penalties `penalty` (C·K) into `counts` (C·K, overwritten). */
  pass(penalty: Float64Array, counts: Float64Array): PassResult;
}

export function createScreen(input: ScreenInput): Screen {
  const { n, K, C, classOf, value } = input;
  const buckets = C * (K + 1);
  const unit = input.valueScale * UNIT_SHARE;
  const code = new Uint32Array(n);
  const reference = new Float64Array(C * K);
  // Customers and Σ value of their best action at the reference, per (bucket, band) and then
  // summed over the bands above: `atOrAbove[bucket * (BANDS + 1) + band]`.
  const countAbove = new Float64Array(buckets * (BANDS + 1));
  const valueAbove = new Float64Array(buckets * (BANDS + 1));
  const cut = new Int32Array(buckets);
  const delta = new Float64Array(C * K);
  let ready = false;

  function fullPass(penalty: Float64Array, counts: Float64Array): PassResult {
    countAbove.fill(0);
    valueAbove.fill(0);
    counts.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const base = classOf[i] * K;
      const at = i * K;
      let best = 0;
      let bestK = -1;
      let second = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) {
        const reduced = value[at + k] - penalty[base + k];
        if (reduced > best) {
          second = best;
          best = reduced;
          bestK = k;
        } else if (reduced > second) second = reduced;
      }
      total += best;
      const bucket = classOf[i] * (K + 1) + bestK + 1;
      const band = bandOf((best - second) / unit);
      code[i] = (bucket << BAND_BITS) | band;
      const slot = bucket * (BANDS + 1) + band;
      countAbove[slot] += 1;
      if (bestK >= 0) {
        counts[base + bestK] += 1;
        valueAbove[slot] += value[at + bestK];
      }
    }
    for (let bucket = 0; bucket < buckets; bucket++) {
      const slot = bucket * (BANDS + 1);
      for (let band = BANDS - 1; band >= 0; band--) {
        countAbove[slot + band] += countAbove[slot + band + 1];
        valueAbove[slot + band] += valueAbove[slot + band + 1];
      }
    }
    reference.set(penalty);
    ready = true;
    return { total, evaluated: n };
  }

  /** Sets each bucket's cut (the highest band that may change) and returns how many customers lie at or below the cuts. */
  function setCuts(penalty: Float64Array): number {
    let scale = input.valueScale;
    for (let j = 0; j < C * K; j++) {
      delta[j] = penalty[j] - reference[j];
      scale = Math.max(scale, Math.abs(penalty[j]), Math.abs(reference[j]));
    }
    const allowance = ROUNDING * scale;
    let recheck = 0;
    for (let c = 0; c < C; c++) {
      const base = c * K;
      // The lowest Δ over the options ("none", whose Δ is 0, and every action), and the lowest over the others.
      let lowest = Number.POSITIVE_INFINITY;
      let secondLowest = Number.POSITIVE_INFINITY;
      let lowestK = -2;
      for (let k = -1; k < K; k++) {
        const d = k < 0 ? 0 : delta[base + k];
        if (d < lowest) {
          secondLowest = lowest;
          lowest = d;
          lowestK = k;
        } else if (d < secondLowest) secondLowest = d;
      }
      for (let best = -1; best < K; best++) {
        const own = best < 0 ? 0 : delta[base + best];
        const rival = best === lowestK ? secondLowest : lowest;
        const bound = own - rival + allowance;
        const bucket = c * (K + 1) + best + 1;
        const band = bound < 0 ? -1 : bandOf(bound / unit);
        cut[bucket] = band;
        const slot = bucket * (BANDS + 1);
        recheck += countAbove[slot] - countAbove[slot + band + 1];
      }
    }
    return recheck;
  }

  function screenedPass(penalty: Float64Array, counts: Float64Array): PassResult {
    counts.fill(0);
    let total = 0;
    for (let c = 0; c < C; c++) {
      for (let best = 0; best < K; best++) {
        const bucket = c * (K + 1) + best + 1;
        const slot = bucket * (BANDS + 1) + cut[bucket] + 1;
        const kept = countAbove[slot];
        if (kept === 0) continue;
        total += valueAbove[slot] - kept * penalty[c * K + best];
        counts[c * K + best] += kept;
      }
    }
    let evaluated = 0;
    for (let i = 0; i < n; i++) {
      const at = code[i];
      if ((at & (BANDS - 1)) > cut[at >>> BAND_BITS]) continue;
      evaluated++;
      const base = classOf[i] * K;
      const from = i * K;
      let best = 0;
      let bestK = -1;
      for (let k = 0; k < K; k++) {
        const reduced = value[from + k] - penalty[base + k];
        if (reduced > best) {
          best = reduced;
          bestK = k;
        }
      }
      total += best;
      if (bestK >= 0) counts[base + bestK] += 1;
    }
    return { total, evaluated };
  }

  // A new reference costs about half a pass more than a plain one, and pays only when the
  // next evaluations land near it: early in a dual they do not. A reference that did not serve
  // the very next evaluation makes the next 1, 2, 4 or 8 full passes plain ones. A reference
  // that served but has drifted (twice the share it first rechecked, and over a tenth) is renewed.
  let justSet = false;
  let plainLeft = 0;
  let backoff = 1;
  let served = 0;
  let firstShare = 0;
  return {
    pass(penalty, counts) {
      const share = ready ? setCuts(penalty) / n : 1;
      const wasJustSet = justSet;
      justSet = false;
      if (share <= MAX_RECHECK_SHARE) {
        if (wasJustSet) {
          backoff = 1;
          served = 0;
          firstShare = share;
        }
        const drifted = served >= MIN_SERVED && share > Math.max(DRIFT_SHARE, 2 * firstShare);
        if (!drifted) {
          served++;
          return screenedPass(penalty, counts);
        }
        justSet = true;
        return fullPass(penalty, counts);
      }
      if (wasJustSet) {
        plainLeft = backoff;
        backoff = Math.min(MAX_BACKOFF, 2 * backoff);
      }
      if (plainLeft > 0) {
        plainLeft--;
        return { total: plainPass(input, penalty, counts), evaluated: n };
      }
      justSet = true;
      return fullPass(penalty, counts);
    },
  };
}
