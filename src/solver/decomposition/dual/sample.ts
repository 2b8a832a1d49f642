import type { Problem } from '../../problem.ts';
import type { LinkingRow } from '../../linking-rows.ts';
import { strideReductions } from '../../pair-reductions.ts';

/**
 * Every `stride`-th customer, with each row's limit scaled to the sample's share of the
 * customers. Its dual optimum is a cheap, close starting point for the whole problem's
 * multipliers (the prices of budget and rules barely depend on which customers are seen).
 */
export function sampleProblem(problem: Problem, stride: number): Problem {
  const { K } = problem;
  const n = Math.ceil(problem.n / stride);
  const share = n / problem.n;
  const value = new Float64Array(n * K);
  for (let s = 0; s < n; s++) value.set(problem.value.subarray(s * stride * K, s * stride * K + K), s * K);
  const reduction = strideReductions(problem.reduction, K, stride);
  const rows: LinkingRow[] = problem.rows.map((row) => ({
    ...row,
    limit: row.limit * share,
    population: undefined,
    members: row.members ? everyOther(row.members, stride, n) : null,
  }));
  return { ...problem, n, value, reduction, rows };
}

/** `members[s * stride]` for s in 0..n). */
function everyOther(members: Uint8Array, stride: number, n: number): Uint8Array {
  const picked = new Uint8Array(n);
  for (let s = 0; s < n; s++) picked[s] = members[s * stride];
  return picked;
}
