/**
 * How far the open model reaches along each multiplier, in units of its row's scale
 * (`rowScales`: a customer's value over the row's largest coefficient): L's own minimum lies
 * within a few of them unless the row's coefficients span orders of magnitude. Past it, a model
 * with few cuts only falls away along a direction its cuts do not yet close, and HiGHS's
 * simplex, sent that far, can take hundreds of thousands of iterations to say so.
 */
export const OPEN_REACH = 1e6;

/** The open model's box top: each row's scale (`width`) times {@link OPEN_REACH}, within the ceiling. */
export function openTop(width: Float64Array, ceiling?: Float64Array): Float64Array {
  return Float64Array.from(width, (x, r) => Math.min(x * OPEN_REACH, ceiling?.[r] ?? Infinity));
}

/**
 * True when the model's minimum over the open box rests on its top below the ceiling: it then
 * says nothing of the model past the top, and is no floor. A minimum below every top is the
 * model's minimum over all λ ≥ 0 (the model is convex), so it bounds L's minimum from below.
 */
export function restsOnTop(lambda: Float64Array, top: Float64Array, ceiling?: Float64Array): boolean {
  for (let r = 0; r < top.length; r++)
    if (top[r] > 0 && top[r] < (ceiling?.[r] ?? Infinity) && lambda[r] >= top[r] * (1 - 1e-9)) return true;
  return false;
}
