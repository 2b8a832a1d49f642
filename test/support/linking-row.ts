import type { LinkingRow } from '../../src/solver/linking-rows.ts';

/** A linking row named `r` of `actionCoef` per action (a budget's for `<=`, a floor's for `>=`), over `members` or everyone. */
export function linkingRow(
  sense: LinkingRow['sense'],
  limit: number,
  actionCoef: number[],
  members?: number[],
): LinkingRow {
  return {
    name: 'r',
    label: 'r',
    rule: sense === '<=' ? 'budget' : 'min_premium',
    sense,
    limit,
    actionCoef: Float64Array.from(actionCoef),
    members: members ? Uint8Array.from(members) : null,
  };
}
