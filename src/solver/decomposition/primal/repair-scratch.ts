import type { Relaxation } from '../lagrangian.ts';

/** A repair's per-customer work arrays (zero when made): the second order of repair reuses the first's. */
export interface RepairScratch {
  candidates: Int32Array;
  /** The customers a repair's look by levels of gap offers moves to (see `RowMender`). */
  lookAt: Int32Array;
  targets: Int16Array;
  keys: Float64Array;
  scratch: Float64Array;
  seenIn: Int32Array;
  wasMoved: Uint8Array;
  /** Per class and option: whether a move from it can mend the row being mended (see `markMendable`). */
  mendable: Uint8Array;
  /** Per class and option: its coefficient in the row being mended (see `rowChanges`). */
  change: Float64Array;
  /**
   * Per kind of move (class, from, to) that mends the row, as a pass began: 1 the other rows
   * allow it, 2 not (see `markAllowed`).
   */
  allowed: Uint8Array;
  /** Per class and option: whether some move from it that mends the row is allowed, as a pass began (see `markAllowed`). */
  allowedFrom: Uint8Array;
}

function createScratch(n: number, classes: number, options: number): RepairScratch {
  return {
    mendable: new Uint8Array(classes * options),
    change: new Float64Array(classes * options),
    allowed: new Uint8Array(classes * options * options),
    allowedFrom: new Uint8Array(classes * options),
    candidates: new Int32Array(n),
    lookAt: new Int32Array(n),
    targets: new Int16Array(n),
    keys: new Float64Array(n),
    scratch: new Float64Array(n),
    seenIn: new Int32Array(n),
    wasMoved: new Uint8Array(n),
  };
}

/** Clears what one order of repair left: of the arrays only these two are read before they are written. */
export function clearMarks(work: RepairScratch): void {
  work.seenIn.fill(0);
  work.wasMoved.fill(0);
}

/** One scratch per class structure: a relaxation and its re-limited copies (a sweep's levels) share `classOf`. */
const kept = new WeakMap<Uint32Array, RepairScratch>();

/**
 * The scratch of `relax`'s classes, cleared as {@link clearMarks} clears it: every repair on them
 * (each dual point's, each sweep level's) reuses the same n-sized arrays instead of allocating
 * seven, whose garbage otherwise sets off a full collection every few levels. A repair runs
 * start to end without yielding, so no two hold it at once.
 */
export function borrowScratch(relax: Relaxation): RepairScratch {
  const { n, C, K } = relax;
  const known = kept.get(relax.classOf);
  if (known && known.candidates.length === n && known.mendable.length === C * (K + 1)) {
    clearMarks(known);
    return known;
  }
  const made = createScratch(n, C, K + 1);
  kept.set(relax.classOf, made);
  return made;
}
