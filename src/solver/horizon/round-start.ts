/**
 * Whether a direct round starts HiGHS from the plan, with the cutoff at its floor, rather than a
 * floor row: always in the first round (floor at the plan's value); in the round at the gap only
 * when the plan comes from the repair heuristic. The best of a direct round's set, not beaten by
 * the wider rounds since, is likely the optimum: that round proves none better exists, which the
 * row's presolve settles fast where the cutoff searches a tree.
 */
export function startsFromPlan(round: {
  floor: number;
  planValue: number;
  /** The floor of the round at the gap to the plan. */
  gapFloor: number;
  /** The plan is the best of a direct round's set. */
  fromRound: boolean;
  hair: number;
}): boolean {
  const { floor, planValue, gapFloor, fromRound, hair } = round;
  return floor <= planValue + hair || (!fromRound && floor <= gapFloor + hair);
}
