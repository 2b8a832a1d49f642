/** A plan's objective and the bound proven on it (equal within the optimality gap when it is optimal). */
export interface PinnedObjective {
  objective: number;
  bound: number;
}

/** The interval of the LP value per unit that a check accepts as agreeing: max(absolute, relative · |first|) either side. */
export function agreementBand(first: number, agreement: { relative: number; absolute: number }): [number, number] {
  const tolerance = Math.max(agreement.absolute, agreement.relative * Math.abs(first));
  return [first - tolerance, first + tolerance];
}

/**
 * The per-unit objective differences between the base problem's optimum and the optimum with a
 * limit moved `units` the relaxing way, as far as the two solves have pinned them: each optimum
 * lies between its plan's objective and its bound, so the difference lies between
 * (end plan − base bound) / units and (end bound − base plan) / units.
 */
export function differenceRange(base: PinnedObjective, end: PinnedObjective, units: number): [number, number] {
  return [(end.objective - base.bound) / units, (end.bound - base.objective) / units];
}

/**
 * The end's plan objective and bound at which {@link provesAgreement} starts to pass: a plan of
 * at least `objective` with a bound of at most `bound` (the band's ends on the base's bound and plan).
 */
export function settlingLevels(
  band: [number, number],
  base: PinnedObjective,
  units: number,
): { objective: number; bound: number } {
  return { objective: base.bound + band[0] * units, bound: base.objective + band[1] * units };
}

/**
 * True when the integer difference is proven to agree with the LP value: every difference the
 * two solves allow lies inside the agreement band. A check can stop there, before the end's
 * plan is proven optimal: whatever the optimum is, the LP value is within tolerance of it.
 */
export function provesAgreement(band: [number, number], range: [number, number]): boolean {
  return range[0] >= band[0] && range[1] <= band[1];
}

/**
 * True when the integer difference is proven to DISagree with the LP value: no difference the
 * two solves allow lies inside the agreement band. Short of that, the LP value stands (checked):
 * a re-solve whose optimality gap, spread over few units, is as wide as the value cannot refute it.
 */
export function provesDisagreement(band: [number, number], range: [number, number]): boolean {
  return range[1] < band[0] || range[0] > band[1];
}
