/**
 * A week's customers grouped for the line screen (line-screen.ts): customers whose values lie
 * on their week's lines (value-lines.ts), by class and eligibility pattern (which actions are
 * not NaN), each group ordered by score with prefix sums of the scores. A customer whose
 * values stray from the lines (an uplift model's cell, a follow-up's uplift) is irregular and
 * evaluated plainly.
 */

import { sameNumbers } from '../../linking-rows.ts';
import { valueLinesOf, type ValueLines } from '../../value-lines.ts';
import type { ScreenInput } from './plain-pass.ts';
import { orderByScore } from './score-order.ts';

/**
 * A regular value is within this many units of rounding of its line's size: buildProblem's
 * (p · uplift) · v − cost and the line's uplift · (p · v) − cost differ by a few roundings.
 */
const LINE_TOLERANCE = 16 * Number.EPSILON;
/** Most actions: a pattern is a bit mask in an int32. */
const MAX_ACTIONS = 30;
/** The lines serve only where at most this share of the customers is irregular. */
const MAX_IRREGULAR_SHARE = 0.125;
/** …and where the groups' lines cost at most this share of a plain pass's n · K. */
const MAX_GROUP_SHARE = 1 / 4;

/** What a week's lines say of its customers, whatever their classes. */
interface LineWeek {
  lines: ValueLines;
  masks: number[];
  /** The regular customers by score, ascending, with their scores and patterns (indices into `masks`) in that order. */
  byScore: Int32Array;
  sortedScore: Float64Array;
  sortedPattern: Int32Array;
  irregular: Int32Array;
  /** At least |slope · score| + |intercept| of every regular customer's pair. */
  scale: number;
}

/** The customers grouped by (class, pattern), each group by score (see the file's head). */
export interface LineGroups {
  lines: ValueLines;
  scale: number;
  /** Each group's class and eligible actions' mask. */
  classOf: Int32Array;
  mask: Int32Array;
  /** Group g's customers are `order[start[g] .. start[g + 1])`, their scores `sorted[…]` ascending. */
  start: Int32Array;
  order: Int32Array;
  sorted: Float64Array;
  /** Σ of group g's scores before position j: `prefix[j + g]`, from `start[g] + g` (0) to `start[g + 1] + g`. */
  prefix: Float64Array;
  irregular: Int32Array;
}

const weeks = new WeakMap<Float64Array, LineWeek | null>();
/** The groups last made per value array, with the classes they were made under (a value's re-solves make a workspace each). */
const grouped = new WeakMap<Float64Array, { C: number; classOf: Uint32Array; groups: LineGroups | undefined }>();

/** The week's verified lines, found once per value array (final once a pass reads it): a sweep's levels and a value's checks share them. */
function lineWeekOf(input: ScreenInput): LineWeek | undefined {
  const known = weeks.get(input.value);
  if (known !== undefined) return known ?? undefined;
  const lines = valueLinesOf(input.value);
  const week = lines && input.K <= MAX_ACTIONS ? verifyLines(input, lines) : undefined;
  weeks.set(input.value, week ?? null);
  return week;
}

/**
 * Whether `value`'s lines are already verified (true), known not to serve or never recorded
 * (false), or not yet looked at (undefined): the line screen's set-up is paid once per value array.
 */
export function linesVerified(value: Float64Array): boolean | undefined {
  if (!valueLinesOf(value)) return false;
  const known = weeks.get(value);
  return known === undefined ? undefined : known !== null;
}

/**
 * The mask of customer i's eligible actions (values not NaN), or -1 where its score is not
 * finite or a value strays from its line by more than {@link LINE_TOLERANCE} of the line's size.
 */
function lineMask(value: Float64Array, lines: ValueLines, i: number, K: number): number {
  const { score, slope, intercept } = lines;
  const s = score[i];
  if (!Number.isFinite(s)) return -1;
  let mask = 0;
  for (let k = 0, at = i * K; k < K; k++, at++) {
    const v = value[at];
    if (Number.isNaN(v)) continue;
    const size = Math.abs(slope[k] * s) + Math.abs(intercept[k]);
    if (!(Math.abs(v - (slope[k] * s + intercept[k])) <= LINE_TOLERANCE * size)) return -1;
    mask |= 1 << k;
  }
  return mask;
}

/** Checks every customer's values against the lines: patterns, irregular customers, the scale. */
function verifyLines(input: ScreenInput, lines: ValueLines): LineWeek | undefined {
  const { n, K, value } = input;
  const { score, slope, intercept } = lines;
  const pattern = new Int32Array(n);
  const maskIds = new Map<number, number>();
  let lastMask = -1;
  let lastId = -1;
  let irregular = 0;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const mask = lineMask(value, lines, i, K);
    if (mask < 0) {
      pattern[i] = -1;
      irregular++;
      continue;
    }
    largest = Math.max(largest, Math.abs(score[i]));
    if (mask !== lastMask) {
      let id = maskIds.get(mask);
      if (id === undefined) maskIds.set(mask, (id = maskIds.size));
      lastId = id;
      lastMask = mask;
    }
    pattern[i] = lastId;
  }
  // A bound on every regular pair's |slope · score| + |intercept|.
  let scale = 0;
  for (let k = 0; k < K; k++) scale = Math.max(scale, Math.abs(slope[k]) * largest + Math.abs(intercept[k]));
  if (irregular > MAX_IRREGULAR_SHARE * n) return undefined;
  const order = orderByScore(score);
  const byScore = new Int32Array(n - irregular);
  const sortedScore = new Float64Array(n - irregular);
  const sortedPattern = new Int32Array(n - irregular);
  const strays = new Int32Array(irregular);
  for (let j = 0, at = 0, stray = 0; j < n; j++) {
    const i = order[j];
    if (pattern[i] < 0) {
      strays[stray++] = i;
      continue;
    }
    byScore[at] = i;
    sortedScore[at] = score[i];
    sortedPattern[at++] = pattern[i];
  }
  const masks = [...maskIds.keys()];
  return { lines, masks, byScore, sortedScore, sortedPattern, irregular: strays, scale };
}

/** `input`'s customers grouped by class and pattern, or undefined where the lines do not serve. */
export function groupByLines(input: ScreenInput): LineGroups | undefined {
  const kept = grouped.get(input.value);
  if (kept && kept.C === input.C && sameNumbers(kept.classOf, input.classOf)) return kept.groups;
  const groups = makeGroups(input);
  grouped.set(input.value, { C: input.C, classOf: input.classOf, groups });
  return groups;
}

/** Groups `input`'s customers afresh (see {@link groupByLines}). */
function makeGroups(input: ScreenInput): LineGroups | undefined {
  const week = lineWeekOf(input);
  if (!week) return undefined;
  const { C, K, classOf } = input;
  const { masks, byScore, sortedScore, sortedPattern, lines } = week;
  const P = masks.length;
  const m = byScore.length;
  if (C * P > input.n) return undefined;
  // Each customer's (class, pattern) key and the customers per key; then groups in key order.
  const keyOf = new Int32Array(m);
  const size = new Int32Array(C * P);
  for (let j = 0; j < m; j++) size[(keyOf[j] = classOf[byScore[j]] * P + sortedPattern[j])]++;
  const groupOf = new Int32Array(C * P);
  let G = 0;
  for (let key = 0; key < C * P; key++) groupOf[key] = size[key] > 0 ? G++ : -1;
  if (G * (K + 1) * (K + 1) > MAX_GROUP_SHARE * input.n * K) return undefined;
  const start = new Int32Array(G + 1);
  const groupClass = new Int32Array(G);
  const groupMask = new Int32Array(G);
  for (let key = 0; key < C * P; key++) {
    const g = groupOf[key];
    if (g < 0) continue;
    start[g + 1] = start[g] + size[key];
    groupClass[g] = Math.floor(key / P);
    groupMask[g] = masks[key % P];
  }
  // Customers placed group by group, in score order within each (a stable counting sort).
  const cursor = start.slice(0, G);
  const order = new Int32Array(m);
  const sorted = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const at = cursor[groupOf[keyOf[j]]]++;
    sorted[at] = sortedScore[j];
    order[at] = byScore[j];
  }
  const prefix = new Float64Array(m + G);
  for (let g = 0; g < G; g++)
    for (let j = start[g]; j < start[g + 1]; j++) prefix[j + g + 1] = prefix[j + g] + sorted[j];
  const { scale, irregular } = week;
  return { lines, scale, classOf: groupClass, mask: groupMask, start, order, sorted, prefix, irregular };
}
