import { moveChange, type Relaxation } from '../lagrangian.ts';
import { sampledThresholdForSize, selectCore, type Ranking } from '../ranking.ts';
import { violation, type ScoredChoice } from '../scored-plan.ts';
import { gapLevels } from './gap-levels.ts';
import { forEachInKeyOrder } from './ordered-batches.ts';
import { anyMoveMends, keepsHeldRows, markAllowed, markMendable, rowChanges } from './repair-mendable.ts';
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
  /** Wider levels of gap (see `gapLevels`), found when a row first needs them. */
  private levels?: number[];
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

  /** Whether a move keeps every row that holds (see `keepsHeldRows`). */
  private moveAllowed(c: number, from: number, to: number, mending: number): boolean {
    return keepsHeldRows(this.relax, this.usage, this.floorsFirst && this.relax.sign[mending] < 0, c, from, to);
  }

  /**
   * Adds customer i's cheapest move mending row r (if any) to the candidates; returns the new
   * count. `allowedOnly`: the cheapest among the moves the other rows allowed as the pass began
   * (`markAllowed`). Reads row r's changes from `work.change`, which {@link mendRow} fills.
   */
  private offerMove(i: number, r: number, count: number, allowedOnly = false): number {
    const { K, sign, classOf } = this.relax;
    const value = this.relax.problem.value;
    const { penalty } = this.ranking;
    const { candidates, targets, keys, change, allowed } = this.work;
    const wantDown = sign[r] > 0;
    const c = classOf[i];
    const from = this.choice[i];
    // change[at + k]: option k's coefficient in row r (k = -1: none).
    const at = c * (K + 1) + 1;
    const here = from < 0 ? 0 : value[i * K + from] - penalty[c * K + from];
    const a = change[at + from];
    let bestKey = Infinity;
    let bestTo = -2;
    for (let to = -1; to < K; to++) {
      if (to === from) continue;
      const d = change[at + to] - a;
      if (wantDown ? d >= 0 : d <= 0) continue;
      // An ineligible pair's value is NaN, so is its key, and it never wins.
      const key = (here - (to < 0 ? 0 : value[i * K + to] - penalty[c * K + to])) / Math.abs(d);
      if (key < bestKey && (!allowedOnly || allowed[(at + from) * (K + 1) + to + 1] === 1)) {
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
   * Applies candidates in key order below `keyCut`: 'mended' when row r is, 'stuck' when no
   * allowed move could mend it any more. That is checked after {@link REFUSALS_BEFORE_CHECK}
   * refused moves in a row, so its cost (every class and pair of actions) stays a small share.
   * Equal keys go in order of customer, as one sort of every customer would take them; `fresh`
   * false: the refusals in a row go on from the last candidates, taken in the same order.
   */
  private applyMoves(r: number, count: number, keyCut: number, tiesByCustomer = true, fresh = true): Outcome {
    this.row = r;
    this.keyCut = keyCut;
    this.visits = 0;
    if (fresh) this.refused = 0;
    this.outcome = 'open';
    const { keys, scratch, candidates } = this.work;
    forEachInKeyOrder(keys, count, scratch, this.visitCandidate, tiesByCustomer ? candidates : undefined);
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
      if (
        ++this.refused === REFUSALS_BEFORE_CHECK &&
        !anyMoveMends(relax, r, (c, from, to) => this.moveAllowed(c, from, to, r))
      )
        this.outcome = 'stuck';
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

  /**
   * The moves of the customers at a mendable option not looked at yet in this mend, level by
   * level of gap: at each level those at their ranked best with gap at most its bound (a move
   * loses at least the gap) and every other, in key order below the bound over the row's widest
   * change, then every customer's.
   * Each customer is offered once, its offer kept until it is taken or the row is mended.
   */
  private mendByLevels(r: number, widest: number, levels: number[], allowedOnly: boolean): Outcome {
    const { n, K, classOf } = this.relax;
    const { best, gap } = this.ranking;
    const { seenIn, candidates, targets, keys, lookAt } = this.work;
    const { choice, mends } = this;
    // With `allowedOnly`, a customer at an option with no allowed move that mends would offer nothing.
    const offering = allowedOnly ? this.work.allowedFrom : this.work.mendable;
    let size = 0;
    for (let i = 0; i < n; i++)
      if (offering[classOf[i] * (K + 1) + choice[i] + 1] === 1 && seenIn[i] !== mends) lookAt[size++] = i;
    let count = 0;
    let outcome: Outcome = 'open';
    for (let level = 0; level <= levels.length && outcome === 'open'; level++) {
      const above = level > 0 ? levels[level - 1] : -Infinity;
      const bound = level < levels.length ? levels[level] : Infinity;
      // The offers not looked at yet (under an earlier level's cut) stay, in their order.
      let kept = 0;
      for (let j = 0; j < count; j++) {
        if (seenIn[candidates[j]] === this.mends) continue;
        candidates[kept] = candidates[j];
        targets[kept] = targets[j];
        keys[kept++] = keys[j];
      }
      count = kept;
      for (let t = 0; t < size; t++) {
        const i = lookAt[t];
        const g = choice[i] === best[i] ? gap[i] : -Infinity;
        if ((level === 0 || !(g <= above)) && (g <= bound || bound === Infinity))
          count = this.offerMove(i, r, count, allowedOnly);
      }
      outcome = this.applyMoves(r, count, bound / widest, true, level === 0);
    }
    return outcome;
  }

  /**
   * Mends row r by the cheapest moves first; whether it holds after. A customer at its ranked
   * best loses at least its gap by a move, so it looks at the gap's levels in turn (each with
   * the customers no gap bounds), taking the moves whose key no customer beyond can beat, and
   * at every customer last: the moves come in the order of one sort of all.
   */
  mendRow(r: number): boolean {
    const { n, K, classOf } = this.relax;
    const { gap } = this.ranking;
    const { choice, nearGap } = this;
    this.mends++;
    // Only customers at an option some move mends the row from have a move to offer (a cap on one action: its takers).
    const mendable = markMendable(this.relax, r, this.work.mendable);
    const widest = rowChanges(this.relax, r, this.work.change);
    const options = K + 1;
    let count = 0;
    for (const i of this.near)
      if (mendable[classOf[i] * options + choice[i] + 1] === 1) count = this.offerMove(i, r, count);
    for (const i of this.moved)
      if (!(gap[i] <= nearGap) && mendable[classOf[i] * options + choice[i] + 1] === 1)
        count = this.offerMove(i, r, count);
    const movedBefore = this.moves;
    const first = this.applyMoves(r, count, nearGap / widest, false);
    if (first !== 'open') return first === 'mended';
    this.levels ??= gapLevels(this.ranking, nearGap, Math.max(NEAR_CUSTOMERS, n >> 4));
    // Each customer is offered its cheapest move, then, as other rows may refuse them all (its cheapest
    // other action at its cap), its cheapest allowed one: at once where every near move seen was refused.
    const refusedAll = this.moves === movedBefore && this.refused > 0;
    let outcome: Outcome = refusedAll ? 'open' : this.mendByLevels(r, widest, this.levels, false);
    for (let pass = 0; outcome === 'open' && pass < ALLOWED_PASSES; pass++) {
      const before = this.moves;
      // No customer is offered twice in a pass, and each kind's answer holds for all of it: the plan as it began.
      this.mends++;
      markAllowed(this.relax, r, this.work, (c, from, to) => this.moveAllowed(c, from, to, r));
      outcome = this.mendByLevels(r, widest, this.levels, true);
      if (this.moves === before) break;
    }
    return outcome === 'mended';
  }
}
