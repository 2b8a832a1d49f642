import type { Relaxation } from '../lagrangian.ts';
import { eachRowChange } from './move-kinds.ts';
import type { MoveLists } from './moves.ts';

/** Two kinds' prices oppose when they cancel to this share of their size (penalties summed over different rows). */
const PRICE_MATCH = 1e-9;

/**
 * Per kind, the kind that undoes it (-1 when none): moves from `to` back to `from` that change
 * every row the MIP keeps by the opposite amount and gain the opposite price, each kind in one
 * pair at most. A plan making both only loses against one making their difference, so the
 * moves' MIP gives such a pair one integer count, its net moves: HiGHS then branches over half
 * as many counts and its root cuts settle far sooner on weeks whose kinds come in such pairs.
 */
export function opposedKinds(relax: Relaxation, lists: MoveLists): Int32Array {
  const partner = new Int32Array(lists.count).fill(-1);
  const waiting = new Map<string, number[]>();
  for (let j = 0; j < lists.count; j++) {
    const from = lists.kindFrom[j];
    const to = lists.kindTo[j];
    const own: string[] = [`${from} ${to}`];
    const undone: string[] = [`${to} ${from}`];
    eachRowChange(relax, lists.kindClass[j], from, to, (r, change) => {
      if (change === 0 || lists.loose[r]) return;
      own.push(`${r}:${change}`);
      undone.push(`${r}:${-change}`);
    });
    const match = waiting.get(undone.join(' '));
    const at = match?.findIndex((k) => cancels(lists.kindPrice[k], lists.kindPrice[j])) ?? -1;
    if (match && at >= 0) {
      const [k] = match.splice(at, 1);
      partner[k] = j;
      partner[j] = k;
      continue;
    }
    const key = own.join(' ');
    const list = waiting.get(key);
    if (list) list.push(j);
    else waiting.set(key, [j]);
  }
  return partner;
}

function cancels(a: number, b: number): boolean {
  return Math.abs(a + b) <= PRICE_MATCH * Math.max(1, Math.abs(a), Math.abs(b));
}
