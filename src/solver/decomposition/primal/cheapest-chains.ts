/**
 * Bellman-Ford over the slots' arcs (`cost[a * S + b]`) from the slots whose `dist` is set (0):
 * the least `dist` of every slot and its chain's last step in `prev`. A slot is relaxed again
 * only when its distance fell since it was last relaxed: the others could lower nothing, so
 * the same distances fall in the same order as when every slot is relaxed in every round.
 */
export function cheapestChains(cost: Float64Array, dist: Float64Array, prev: Int32Array, fresh: Uint8Array): void {
  const S = dist.length;
  for (let a = 0; a < S; a++) fresh[a] = dist[a] === Infinity ? 0 : 1;
  for (let round = 0; round < S; round++) {
    let changed = false;
    for (let a = 0; a < S; a++) {
      if (fresh[a] === 0) continue;
      fresh[a] = 0;
      for (let b = 0; b < S; b++) {
        const d = dist[a] + cost[a * S + b];
        if (d < dist[b]) {
          dist[b] = d;
          prev[b] = a;
          fresh[b] = 1;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
}
