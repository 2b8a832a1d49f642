import { moveChange, type Relaxation } from '../lagrangian.ts';
import { sampledThresholdForSize, selectCore, type Ranking } from '../ranking.ts';
import { holdsAt, violation, type ScoredChoice } from '../scored-plan.ts';
import { forEachInKeyOrder } from './ordered-batches.ts';
import { markMendable } from './repair-mendable.ts';
import type { RepairScratch } from './repair-scratch.ts';

/** `stop()` is asked once per this many + 1 candidates looked at. */
const STOP_CHECK_MASK = 1023;

/** Refused moves in a row after which the repair checks whether any move could still mend the row. */
const REFUSALS_BEFORE_CHECK = 64;

/** Passes over every customer's cheapest allowed move, once the cheapest moves alone leave a row broken. */
const ALLOWED_PASSES = 4;

/** Customers nearest to changing their best choice that a repair looks at first: a sixteenth, at least this many. */
const NEAR_CUSTOMERS = 1024;

type Outcome = 'mended' | 'stuck' | 'open';

/**
 * One order of a greedy repair (see `repairChoice`): the plan being mended and its row usage,
 * and the moves that mend one row at a time. A class, not closures per repair: V8 keeps a
 * function's optimized code only while a closure of it lives, and a repair's die with it.
 */
export class RowMender {
  readonly choice: Int16Array;
  readonly usage: Float64Array;
  objective: number;
  /** Moves applied so far. */
  moves = 0;
  private mends = 0;
  private readonly moved: number[] = [];
  /** The nearest sixteenth (at least NEAR_CUSTOMERS) and the gap that bounds them. */
  private readonly nearGap: number;
  private readonly near: Int32Array;
  // The row, key cut, candidates looked at, refusals in a row and outcome of the moves being applied.
  private row = 0;
  private keyCut = 0;
  private visits = 0;
  private refused = 0;
  private outcome: Outcome = 'open';
  private readonly visitCandidate: (j: number) => boolean;

  constructor(
    private readonly relax: Relaxation,
    private readonly ranking: Ranking,
    origin: ScoredChoice,
    private readonly floorsFirst: boolean,
    private readonly stop: () => boolean,
    private readonly work: RepairScratch,
  ) {
    this.choice = Int16Array.from(origin.choice);
    this.usage = Float64Array.from(origin.usage);
    this.objective = origin.objective;
    this.nearGap = sampledThresholdForSize(ranking, Math.max(NEAR_CUSTOMERS, relax.n >> 4));
    this.near = selectCore(ranking, this.nearGap);
    this.visitCandidate = (j) => this.visit(j);
  }

  private coef(c: number, k: number, r: number): number {
    const { R, K, rowCoef } = this.relax;
    return k < 0 ? 0 : rowCoef[(c * R + r) * K + k];
  }

  /** Whether a move keeps every row that holds (floors first: a floor being mended may overrun the `≤` rows, mended next). */
  private moveAllowed(c: number, from: number, to: number, mending: number): boolean {
    const { relax, usage } = this;
    const { sign, classRowStart, classRows } = relax;
    const overrun = this.floorsFirst && sign[mending] < 0;
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      if (overrun && sign[r] > 0) continue;
      const d = moveChange(relax, c, from, to, r);
      if (d === 0) continue;
      // Only a row the move uses more of (a floor: less of) can break.
      if ((sign[r] > 0 ? d > 0 : d < 0) && !holdsAt(relax, r, usage[r] + d)) return false;
    }
    return true;
  }

  /**
   * Adds customer i's cheapest move mending row r (if any) to the candidates; returns the new
   * count. `allowedOnly`: the cheapest among the moves the other rows allow now.
   */
  private offerMove(i: number, r: number, count: number, allowedOnly = false): number {
    const { K, sign, classOf } = this.relax;
    const value = this.relax.problem.value;
    const { penalty } = this.ranking;
    const { candidates, targets, keys } = this.work;
    const wantDown = sign[r] > 0;
    const c = classOf[i];
    const from = this.choice[i];
    const here = from < 0 ? 0 : value[i * K + from] - penalty[c * K + from];
    const a = this.coef(c, from, r);
    let bestKey = Infinity;
    let bestTo = -2;
    for (let to = -1; to < K; to++) {
      if (to === from) continue;
      const d = this.coef(c, to, r) - a;
      if (wantDown ? d >= 0 : d <= 0) continue;
      // An ineligible pair's value is NaN, so is its key, and it never wins.
      const key = (here - (to < 0 ? 0 : value[i * K + to] - penalty[c * K + to])) / Math.abs(d);
      if (key < bestKey && (!allowedOnly || this.allowedNow(c, from, to, r))) {
        bestKey = key;
        bestTo = to;
      }
    }
    if (bestTo === -2) return count;
    candidates[count] = i;
    targets[count] = bestTo;
    keys[count] = bestKey;
    return count + 1;
  }

  /**
   * {@link moveAllowed}, asked once per kind of move while the plan stands still: every
   * customer of a pass over the allowed moves asks it for each of its options.
   */
  private allowedNow(c: number, from: number, to: number, r: number): boolean {
    const options = this.relax.K + 1;
    const kind = (c * options + from + 1) * options + to + 1;
    const { allowed } = this.work;
    if (allowed[kind] === 0) allowed[kind] = this.moveAllowed(c, from, to, r) ? 1 : 2;
    return allowed[kind] === 1;
  }

  /** Whether any move of any class would still mend row r and be allowed: when none would, the greedy is stuck. */
  private anyMoveLeft(r: number): boolean {
    const { C, K, sign } = this.relax;
    for (let c = 0; c < C; c++) {
      for (let from = -1; from < K; from++) {
        for (let to = -1; to < K; to++) {
          const d = moveChange(this.relax, c, from, to, r);
          if ((sign[r] > 0 ? d < 0 : d > 0) && this.moveAllowed(c, from, to, r)) return true;
        }
      }
    }
    return false;
  }

  /**
   * Applies candidates in key order below `keyCut`: 'mended' when row r is, 'stuck' when no
   * allowed move could mend it any more. That is checked after {@link REFUSALS_BEFORE_CHECK}
   * refused moves in a row, so its cost (every class and pair of actions) stays a small share.
   */
  private applyMoves(r: number, count: number, keyCut: number): Outcome {
    this.row = r;
    this.keyCut = keyCut;
    this.visits = 0;
    this.refused = 0;
    this.outcome = 'open';
    forEachInKeyOrder(this.work.keys, count, this.work.scratch, this.visitCandidate);
    const outcome = this.outcome as Outcome;
    return outcome === 'stuck' || violation(this.relax, this.usage, r) > 0 ? outcome : 'mended';
  }

  /** One candidate of {@link applyMoves}: whether to go on to the next. */
  private visit(j: number): boolean {
    const { relax, usage, choice, row: r } = this;
    const { K, classOf, classRowStart, classRows } = relax;
    const value = relax.problem.value;
    const { keys, candidates, targets, seenIn, wasMoved } = this.work;
    if ((++this.visits & STOP_CHECK_MASK) === 0 && this.stop()) {
      this.outcome = 'stuck';
      return false;
    }
    if (violation(relax, usage, r) === 0) {
      this.outcome = 'mended';
      return false;
    }
    if (keys[j] >= this.keyCut) return false;
    const i = candidates[j];
    seenIn[i] = this.mends;
    const c = classOf[i];
    const to = targets[j];
    if (!this.moveAllowed(c, choice[i], to, r)) {
      if (++this.refused === REFUSALS_BEFORE_CHECK && !this.anyMoveLeft(r)) this.outcome = 'stuck';
      return this.outcome !== 'stuck';
    }
    this.refused = 0;
    this.moves++;
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const row = classRows[q];
      usage[row] += moveChange(relax, c, choice[i], to, row);
    }
    this.objective += (to < 0 ? 0 : value[i * K + to]) - (choice[i] < 0 ? 0 : value[i * K + choice[i]]);
    if (!wasMoved[i]) {
      wasMoved[i] = 1;
      this.moved.push(i);
    }
    choice[i] = to;
    return true;
  }

  /** Mends row r by the cheapest moves first; whether it holds after. */
  mendRow(r: number): boolean {
    const { n, K, classOf } = this.relax;
    const { gap } = this.ranking;
    const { seenIn } = this.work;
    const { choice, nearGap } = this;
    this.mends++;
    // Only customers at an option some move mends the row from have a move to offer (a cap on one action: its takers).
    const mendable = markMendable(this.relax, r, this.work.mendable);
    const options = K + 1;
    let count = 0;
    for (const i of this.near)
      if (mendable[classOf[i] * options + choice[i] + 1] === 1) count = this.offerMove(i, r, count);
    for (const i of this.moved)
      if (!(gap[i] <= nearGap) && mendable[classOf[i] * options + choice[i] + 1] === 1)
        count = this.offerMove(i, r, count);
    const first = this.applyMoves(r, count, nearGap / this.largestChange(r));
    if (first !== 'open') return first === 'mended';
    count = 0;
    for (let i = 0; i < n; i++)
      if (mendable[classOf[i] * options + choice[i] + 1] === 1 && seenIn[i] !== this.mends)
        count = this.offerMove(i, r, count);
    let outcome = this.applyMoves(r, count, Infinity);
    // Each customer was offered its cheapest move only, and other rows may have refused them
    // all (its cheapest other action is at its cap): offer each the cheapest move allowed now.
    for (let pass = 0; outcome === 'open' && pass < ALLOWED_PASSES; pass++) {
      const before = this.moves;
      count = 0;
      // No move is made while the pass offers: each kind's answer holds for all of it.
      this.work.allowed.fill(0);
      for (let i = 0; i < n; i++)
        if (mendable[classOf[i] * options + choice[i] + 1] === 1) count = this.offerMove(i, r, count, true);
      outcome = this.applyMoves(r, count, Infinity);
      if (this.moves === before) break;
    }
    return outcome === 'mended';
  }

  private largestChange(r: number): number {
    const { C, K } = this.relax;
    let most = 0;
    for (let c = 0; c < C; c++) {
      let high = 0;
      let low = 0;
      for (let k = 0; k < K; k++) {
        high = Math.max(high, this.coef(c, k, r));
        low = Math.min(low, this.coef(c, k, r));
      }
      most = Math.max(most, high - low);
    }
    return most;
  }
}
