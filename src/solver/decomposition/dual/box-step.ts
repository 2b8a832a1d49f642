/** A step is serious when it achieves this share of the decrease the box model predicted. */
const SERIOUS_STEP = 0.1;
/** A serious step at the box's edge that achieves this share doubles the box. */
const GROW_AT = 0.5;
/** Poor steps in a row (L rose) after which the box halves. */
const POOR_STEPS = 3;

/**
 * The trust region of a box-step cutting-plane method: a box of `width` around the centre,
 * doubled (up to `maxWidth`) after a good step at its edge, halved after repeated poor ones.
 */
export class BoxStep {
  private poorSteps = 0;

  constructor(
    readonly width: Float64Array,
    private readonly maxWidth?: Float64Array,
  ) {}

  /** Fills `lower` and `upper` with the box around `centre`, within `[floor, ceiling]` (default `[0, ∞)`). */
  around(
    centre: Float64Array,
    lower: Float64Array,
    upper: Float64Array,
    floor?: Float64Array,
    ceiling?: Float64Array,
  ): void {
    const { width } = this;
    for (let j = 0; j < width.length; j++) {
      lower[j] = Math.max(floor?.[j] ?? 0, centre[j] - width[j]);
      upper[j] = Math.min(ceiling?.[j] ?? Infinity, centre[j] + width[j]);
    }
  }

  /** True when the step from `centre` to `to` ends strictly inside the box (at no row's edge). */
  inside(centre: Float64Array, to: Float64Array): boolean {
    const { width } = this;
    for (let j = 0; j < width.length; j++)
      if (width[j] > 0 && Math.abs(to[j] - centre[j]) >= width[j] * (1 - 1e-9)) return false;
    return true;
  }

  /** Doubles the box, up to `maxWidth`; false when it was that wide already. */
  widen(): boolean {
    const { width } = this;
    let grew = false;
    for (let j = 0; j < width.length; j++) {
      const wider = Math.min(this.maxWidth?.[j] ?? Infinity, 2 * width[j]);
      grew ||= wider > width[j];
      width[j] = wider;
    }
    return grew;
  }

  /**
   * Judges the step from `centre` to `to` that lowered L by `decrease` where the model predicted
   * `predicted`: true when it is serious (the new point becomes the centre), and resizes the box.
   */
  judge(centre: Float64Array, to: Float64Array, decrease: number, predicted: number): boolean {
    const { width } = this;
    if (decrease >= SERIOUS_STEP * predicted) {
      if (!this.inside(centre, to) && decrease >= GROW_AT * predicted) this.widen();
      this.poorSteps = 0;
      return true;
    }
    if (decrease < 0 && ++this.poorSteps >= POOR_STEPS) {
      for (let j = 0; j < width.length; j++) width[j] *= 0.5;
      this.poorSteps = 0;
    }
    return false;
  }
}
