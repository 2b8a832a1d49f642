/** A repair's per-customer work arrays (zero when made): the second order of repair reuses the first's. */
export interface RepairScratch {
  candidates: Int32Array;
  targets: Int16Array;
  keys: Float64Array;
  scratch: Float64Array;
  seenIn: Int32Array;
  wasMoved: Uint8Array;
  /** Per class and option: whether a move from it can mend the row being mended (see `markMendable`). */
  mendable: Uint8Array;
}

export function createScratch(n: number, classes: number, options: number): RepairScratch {
  return {
    mendable: new Uint8Array(classes * options),
    candidates: new Int32Array(n),
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
