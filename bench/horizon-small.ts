import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_WEEKS } from '../src/domain/policy.ts';
import {
  formatHorizonRows,
  runHorizonBench,
  summarizeTargets,
  type HorizonBenchRow,
  type HorizonPolicy,
} from './horizon.ts';

/**
 * Small weeks (issue 18): sizes, weeks and seeds per policy; each solve's target is ≤ 1 s. The
 * plain policy stops at 250 customers: past the sample's size its floors outgrow its budget.
 */
export const SMALL_WEEKS: readonly { policy: HorizonPolicy; sizes: number[]; weeks: number[]; seeds: number[] }[] = [
  { policy: 'plain', sizes: [10, 40, 100, 250], weeks: [2, 3, 4, MAX_WEEKS], seeds: [3, 11] },
  { policy: 'scaled', sizes: [40, 250, 1_000], weeks: [3, 4], seeds: [3, 11] },
];

/**
 * Plans the small weeks of {@link SMALL_WEEKS}, each shape after an untimed 250-customer solve
 * of the same weeks (the Wasm warm, as in a process that has planned before): the policy as the
 * CLI applies it (loose on small weeks) and the policy scaled to the size (a tight budget).
 */
export async function runSmallWeeksBench(options: { timeLimitSeconds?: number } = {}): Promise<HorizonBenchRow[]> {
  const rows: HorizonBenchRow[] = [];
  for (const { policy, sizes, weeks, seeds } of SMALL_WEEKS)
    for (const w of weeks)
      for (const seed of seeds)
        rows.push(
          ...(await runHorizonBench({
            sizes,
            weeks: w,
            seed,
            policy,
            warmup: 250,
            timeLimitSeconds: options.timeLimitSeconds ?? 10,
          })),
        );
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const load = loadavg()[0];
  const rows = await runSmallWeeksBench();
  process.stdout.write(
    `Load average ${load.toFixed(1)} at the start.\n\n${formatHorizonRows(rows)}\n\n${summarizeTargets(rows)}\n`,
  );
}
