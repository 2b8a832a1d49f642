import type { Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import { kindRowChanges } from './move-kinds.ts';
import { leastLoss, type MoveLists } from './moves.ts';

/** Most kinds searched: each step tries every kind's count raised and lowered, each followed by a repair. */
const MAX_KINDS = 256;
/** Most improving steps taken. */
const MAX_STEPS = 200;
/** Most rows read in all (a deterministic budget, not seconds): a few milliseconds. */
const MAX_WORK = 4_000_000;
/** Most single moves one repair makes before it gives up. */
const MAX_REPAIR = 64;
/** A step must gain more than this share of the plan's worth (rounding, not a plan, below it). */
const MIN_GAIN = 1e-12;
/** Rounding a row may show, as a share of its limit: far under the plans' row tolerance, which checks the realized plan. */
const ROW_SLACK = 1e-12;

/**
 * A better whole number of moves per kind than `start` by local search on the moves' model:
 * worth Σ price·m less each kind's least losses, every non-loose row kept up to rounding.
 * A step changes one kind's count by one, then mends the rows that breaks by the moves that
 * mend most per worth lost and spends what room is left on moves that gain: a budget's grid
 * is filled by one dear move and several cheap ones given back, which no exchange of two
 * finds. HiGHS's tree without heuristics can find such a plan late; the MIP still proves.
 * Undefined when `start` breaks a row, the lists pass {@link MAX_KINDS} kinds or no step gains.
 */
export function improveMoveCounts(
  relax: Relaxation,
  ranking: Ranking,
  lists: MoveLists,
  start: Float64Array,
): Float64Array | undefined {
  const n = lists.count;
  if (n > MAX_KINDS) return undefined;
  const state = startState(relax, ranking, lists, start);
  if (state.broken() > 0) return undefined;
  const least = MIN_GAIN * Math.max(1, Math.abs(ranking.objective));
  let improved = false;
  for (let step = 0; step < MAX_STEPS && state.worked() < MAX_WORK; step++) {
    let best: Float64Array | undefined;
    let bestGain = least;
    // The budget holds within a step too: one trial's repair and fill can read many rows.
    for (let j = 0; j < n && state.worked() < MAX_WORK; j++)
      for (const d of [1, -1]) {
        const trial = state.copy();
        let gain = trial.gain(j, d);
        if (gain === -Infinity) continue;
        trial.apply(j, d);
        gain += trial.repair(j, -d) + trial.fill();
        if (trial.broken() === 0 && gain > bestGain) [best, bestGain] = [trial.m, gain];
      }
    if (!best) break;
    state.reset(best);
    improved = true;
  }
  return improved ? state.m : undefined;
}

/** What every count state of one search shares: per kind and kept row, how much of the row's room one move takes. */
interface Shape {
  lists: MoveLists;
  rows: number;
  take: Float64Array;
  /** Most moves per kind the search makes (the lists' cap, or the start's count when larger). */
  size: Int32Array;
  /** Per kept row, the rounding its room may show. */
  tol: Float64Array;
  /** Rows read so far, against {@link MAX_WORK}. */
  work: number;
}

/** The search's first state: `start`'s counts and the rows' room they leave. */
function startState(relax: Relaxation, ranking: Ranking, lists: MoveLists, start: Float64Array): CountState {
  const { R, sign, limit } = relax;
  const kept: number[] = [];
  for (let r = 0; r < R; r++) if (!lists.loose[r]) kept.push(r);
  const rows = kept.length;
  const change = kindRowChanges(relax, lists);
  const take = new Float64Array(lists.count * rows);
  for (let j = 0; j < lists.count; j++) for (let q = 0; q < rows; q++) take[j * rows + q] = change[kept[q]][j];
  const size = Int32Array.from({ length: lists.count }, (_, j) => Math.max(lists.most[j], start[j]));
  const tol = Float64Array.from(kept, (r) => ROW_SLACK * Math.max(1, Math.abs(limit[r])));
  const room = Float64Array.from(kept, (r) => sign[r] * (limit[r] - ranking.usage[r]));
  for (let j = 0; j < lists.count; j++) for (let q = 0; q < rows; q++) room[q] -= take[j * rows + q] * start[j];
  return new CountState({ lists, rows, take, size, tol, work: 0 }, Float64Array.from(start), room);
}

/** Counts per kind and each kept row's room left, with the worth of changing one count. */
class CountState {
  constructor(
    private readonly shape: Shape,
    readonly m: Float64Array,
    readonly room: Float64Array,
  ) {}

  worked(): number {
    return this.shape.work;
  }

  copy(): CountState {
    return new CountState(this.shape, this.m.slice(), this.room.slice());
  }

  reset(m: Float64Array): void {
    for (let j = 0; j < m.length; j++) if (m[j] !== this.m[j]) this.apply(j, m[j] - this.m[j]);
  }

  /** Worth of `d` = ±1 more moves of kind j at its count; -Infinity past its range. */
  gain(j: number, d: number): number {
    const { lists, size } = this.shape;
    const { m } = this;
    if (d > 0) return m[j] < size[j] ? lists.kindPrice[j] - leastLoss(lists, j, m[j]) : -Infinity;
    return m[j] > 0 ? leastLoss(lists, j, m[j] - 1) - lists.kindPrice[j] : -Infinity;
  }

  apply(j: number, d: number): void {
    this.m[j] += d;
    for (let q = 0; q < this.shape.rows; q++) this.room[q] -= d * this.shape.take[j * this.shape.rows + q];
  }

  /** How far the rows are broken in all (0 when every row holds). */
  broken(): number {
    let total = 0;
    for (let q = 0; q < this.shape.rows; q++) if (this.room[q] < -this.shape.tol[q]) total -= this.room[q];
    return total;
  }

  /** How much `d` moves of kind j would mend the broken rows (negative: break them more). */
  private mends(j: number, d: number): number {
    this.shape.work += this.shape.rows;
    let mended = 0;
    for (let q = 0; q < this.shape.rows; q++) {
      const before = this.room[q];
      const after = before - d * this.shape.take[j * this.shape.rows + q];
      mended += this.short(q, before) - this.short(q, after);
    }
    return mended;
  }

  /** Mends the broken rows move by move, each the one losing least per row mended (never `banned` j, d); returns the worth changed. */
  repair(bannedKind: number, bannedStep: number): number {
    let total = 0;
    for (let step = 0; step < MAX_REPAIR && this.broken() > 0 && this.shape.work < MAX_WORK; step++) {
      let pick: [number, number] | undefined;
      let bestRate = -Infinity;
      for (let j = 0; j < this.shape.lists.count; j++)
        for (const d of [1, -1]) {
          if (j === bannedKind && d === bannedStep) continue;
          const mended = this.mends(j, d);
          if (!(mended > 0)) continue;
          const rate = this.gain(j, d) / mended;
          if (rate > bestRate) [bestRate, pick] = [rate, [j, d]];
        }
      if (!pick) return total;
      total += this.gain(pick[0], pick[1]);
      this.apply(pick[0], pick[1]);
    }
    return total;
  }

  /** Takes the moves that gain and keep every row, best first, until none does or the work is spent; returns the worth gained. */
  fill(): number {
    let total = 0;
    while (this.shape.work < MAX_WORK) {
      let pick: [number, number] | undefined;
      let best = 0;
      for (let j = 0; j < this.shape.lists.count; j++)
        for (const d of [1, -1]) {
          const g = this.gain(j, d);
          if (g > best && this.mends(j, d) >= 0 && this.keeps(j, d)) [best, pick] = [g, [j, d]];
        }
      if (!pick) return total;
      total += best;
      this.apply(pick[0], pick[1]);
    }
    return total;
  }

  /** How far row q is broken with `room` left (0 within its rounding tolerance). */
  private short(q: number, room: number): number {
    return room < -this.shape.tol[q] ? -room : 0;
  }

  private keeps(j: number, d: number): boolean {
    this.shape.work += this.shape.rows;
    for (let q = 0; q < this.shape.rows; q++)
      if (this.room[q] - d * this.shape.take[j * this.shape.rows + q] < -this.shape.tol[q]) return false;
    return true;
  }
}
