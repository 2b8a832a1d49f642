import { moveChange, type Relaxation } from '../lagrangian.ts';

/**
 * Each kind of change's change of every row (kind (c · options + from + 1) · options + to + 1,
 * options = K + 1, from and to -1 for none), worked out on the kind's first use and kept: the
 * exchange checks thousands of pairs of the same few kinds round after round.
 */
export class KindDeltas {
  private readonly relax: Relaxation;
  /** Per kind, where its R changes start in `delta` (-1 until first used). */
  private readonly start: Int32Array;
  delta: Float64Array;
  private used = 0;

  constructor(relax: Relaxation, kinds: number) {
    this.relax = relax;
    this.start = new Int32Array(kinds).fill(-1);
    this.delta = new Float64Array(64 * relax.R);
  }

  /** Where kind's change of row r is: `delta[at(kind) + r]`. */
  at(kind: number): number {
    if (this.start[kind] >= 0) return this.start[kind];
    const { R, K } = this.relax;
    if (this.used + R > this.delta.length) {
      const grown = new Float64Array(2 * this.delta.length);
      grown.set(this.delta);
      this.delta = grown;
    }
    const options = K + 1;
    const c = Math.floor(kind / (options * options));
    const from = (Math.floor(kind / options) % options) - 1;
    const to = (kind % options) - 1;
    const at = this.used;
    for (let r = 0; r < R; r++) this.delta[at + r] = moveChange(this.relax, c, from, to, r);
    this.used += R;
    this.start[kind] = at;
    return at;
  }
}
