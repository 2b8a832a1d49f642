import { expect } from 'vitest';
import { countUsage, type Relaxation } from '../../src/solver/decomposition/lagrangian.ts';

/** Asserts `mix` keeps every row and gives no class more customers than it has. */
export function expectMixKeepsRows(relax: Relaxation, mix: Float64Array | undefined, label: string): void {
  expect(mix, label).toBeDefined();
  const used = countUsage(relax, mix!);
  relax.limit.forEach((limit, r) => {
    const excess = relax.sign[r] > 0 ? used[r] - limit : limit - used[r];
    expect(excess, `${label}: row ${r}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(limit)));
  });
  const { C, K, classOf } = relax;
  const members = new Float64Array(C);
  classOf.forEach((c) => members[c]++);
  for (let c = 0; c < C; c++) {
    const assigned = mix!.subarray(c * K, c * K + K).reduce((sum, x) => sum + x, 0);
    expect(assigned, `${label}: class ${c}`).toBeLessThanOrEqual(members[c] + 1e-6);
  }
}
