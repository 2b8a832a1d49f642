import { ceilShare } from '../linking-rows.ts';
import type { HorizonModel } from './model.ts';

/**
 * A coverage floor's week as a line: treated + restCoef · resting ≥ limit, with treated the
 * members the plan contacts that week and resting those its own contacts rest.
 */
export interface FloorLine {
  restCoef: number;
  limit: number;
}

/** Most resting members past which a floor is left as its rule writes it: one customer more or less is no gap there. */
const MOST_RESTING = 2_000;

/** The floor in whole customers: at least ⌈share · (population − s)⌉ contacts when s members rest, s = 0 … most. */
function staircase(share: number, population: number, most: number): number[] {
  return Array.from({ length: Math.min(most, population) + 1 }, (_, s) => ceilShare(share, population - s));
}

/** The lines through the edges of the lower convex hull of the points (s, steps[s]), left to right. */
function hullLines(steps: readonly number[]): FloorLine[] {
  const hull: number[] = [];
  steps.forEach((v, s) => {
    while (hull.length >= 2) {
      const a = hull[hull.length - 2];
      const b = hull[hull.length - 1];
      // b lies on or above the segment from a to s: not a vertex of the lower hull.
      if ((steps[b] - steps[a]) * (s - a) >= (v - steps[a]) * (b - a)) hull.pop();
      else break;
    }
    hull.push(s);
  });
  return hull.slice(1).map((s, j) => {
    const from = hull[j];
    const restCoef = (steps[from] - steps[s]) / (s - from);
    return { restCoef, limit: steps[from] + restCoef * from };
  });
}

/** True when a line asks exactly the staircase's contacts of whole customers at every resting count. */
function exact(line: FloorLine, steps: readonly number[]): boolean {
  return steps.every((need, s) => Math.max(0, Math.ceil(line.limit - line.restCoef * s - 1e-9)) === need);
}

/**
 * The tightest single row a coverage floor can take (share of `population`, at most `most`
 * members resting because of the plan) that keeps exactly the same plans: in whole customers
 * the floor is a staircase in the resting count, and its row "treated + share · resting ≥
 * share · population" lies under the staircase's hull wherever the population is small (three
 * members and a share of 0.15 ask one contact until all three rest: treated + resting / 3 ≥ 1).
 * Of the hull's edges that keep exactly the same plans and ask at least the rule's row at every
 * resting count, the one that asks the most on average; undefined when none beats the row.
 */
export function tightestFloor(share: number, population: number, most: number): FloorLine | undefined {
  if (most === 0 || most > MOST_RESTING) return undefined;
  const steps = staircase(share, population, most);
  const last = steps.length - 1;
  const at = (line: FloorLine, s: number) => line.limit - line.restCoef * s;
  const rule = { restCoef: share, limit: share * population };
  // A line over the rule's row at both ends asks at least as much at every resting count.
  const over = (line: FloorLine) => at(line, 0) >= at(rule, 0) - 1e-9 && at(line, last) >= at(rule, last) - 1e-9;
  let best: FloorLine | undefined;
  let height = at(rule, last / 2) + 1e-9;
  for (const line of hullLines(steps))
    if (exact(line, steps) && over(line) && at(line, last / 2) > height) {
      best = line;
      height = at(line, last / 2);
    }
  return best;
}

/** A valid inequality on one row of the model: a floor's week as a hull edge (see {@link tightestFloor}). */
export interface FloorCut extends FloorLine {
  row: number;
}

/**
 * Every edge of each small floor's hull as a cut (each is kept by every plan, none alone keeps
 * exactly the plans), for a MIP whose rows read the customers' weeks.
 */
export function floorCuts(model: HorizonModel): FloorCut[] {
  const { floorResting, policy } = model;
  const cuts: FloorCut[] = [];
  model.rows.forEach((row, r) => {
    const share = policy[row.rule];
    const most = floorResting[r];
    if (typeof share !== 'number' || row.population === undefined) return;
    if (most === 0 || most > MOST_RESTING) return;
    for (const line of hullLines(staircase(share, row.population, most)))
      if (line.restCoef > 0) cuts.push({ row: r, ...line });
  });
  return cuts;
}
