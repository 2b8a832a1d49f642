import { child, log, summary } from './child.ts';
import { measureEndToEnd } from './end-to-end.ts';
import type { FamilyName } from './families.ts';
import type { Row } from './results-table.ts';

/** Other weeks of a family and size a "warm at size" solve comes after, as in a Lambda that has planned them. */
const WARM_WEEKS = 2;

export interface FamilyPlan {
  families: readonly FamilyName[];
  /** Sizes every family is solved at (warm and cold). */
  sizes: readonly number[];
  /** Sizes the marginal values, the 12-level sweep and the solve warm at its size are measured at. */
  analysisSizes: readonly number[];
  /** Sizes solved once in a fresh process (time and peak memory), and the families they are run for. */
  bigSizes: readonly number[];
  bigFamilies: readonly FamilyName[];
  /** Sizes of the end-to-end runs (CSV on disk, library and CLI). */
  e2eSizes: readonly number[];
  timeLimit: number;
  work: string;
}

export interface FamilyResults {
  solves: Row[];
  marginal: Row[];
  sweeps: Row[];
  e2e: Row[];
}

/** Every measurement of every family, each in a fresh process (see bench/solve-one.ts). */
export async function measureFamilies(plan: FamilyPlan): Promise<FamilyResults> {
  const results: FamilyResults = { solves: [], marginal: [], sweeps: [], e2e: [] };
  const limit = ['--time-limit', String(plan.timeLimit)];
  const patience = 2 * plan.timeLimit;
  for (const family of plan.families) {
    const budgets = new Map<number, string[]>();
    // The tight family's budget is solved for once per size and handed to every later process.
    const weekArgs = async (n: number): Promise<string[]> => {
      if (family !== 'tight') return [];
      if (!budgets.has(n)) {
        const week = await child(['--method', 'week', '--family', family, '--n', String(n)], 10 * plan.timeLimit);
        budgets.set(n, typeof week.budget === 'number' ? ['--budget', String(week.budget)] : []);
      }
      return budgets.get(n) ?? [];
    };
    for (const n of plan.sizes) {
      const base = ['--family', family, '--n', String(n), ...(await weekArgs(n)), ...limit];
      for (const cold of [false, true]) {
        log(`${family} n=${n}: structure-aware (${cold ? 'cold' : 'warm'})`);
        const measured = await child(['--method', 'structured', ...base, ...(cold ? ['--cold'] : [])], patience);
        log(`  ${summary(measured)}`);
        results.solves.push({ ...measured, n, family, method: cold ? 'cold' : 'warm' });
      }
      if (plan.analysisSizes.includes(n)) {
        log(`${family} n=${n}: structure-aware (warm at size: after ${WARM_WEEKS} other weeks of this size)`);
        const measured = await child(['--method', 'structured', ...base, '--warm-weeks', String(WARM_WEEKS)], patience);
        log(`  ${summary(measured)}`);
        results.solves.push({ ...measured, n, family, method: 'warm at size' });
      }
    }
    for (const n of plan.bigSizes) {
      if (!plan.bigFamilies.includes(family)) continue;
      const base = ['--family', family, '--n', String(n), ...(await weekArgs(n)), ...limit];
      log(`${family} n=${n}: structure-aware (one solve in a fresh process)`);
      const measured = await child(['--method', 'structured', ...base, '--cold'], patience);
      log(`  ${summary(measured)}`);
      results.solves.push({ ...measured, n, family, method: 'cold' });
    }
    for (const n of plan.analysisSizes) {
      const base = ['--family', family, '--n', String(n), ...(await weekArgs(n)), ...limit];
      log(`${family} n=${n}: one plan and its marginal values`);
      const marginal = await child(['--method', 'marginal', ...base], patience);
      log(`  ${summary(marginal)} plan ${String(marginal.planSeconds)} s`);
      results.marginal.push({ ...marginal, n, family, method: 'marginal values' });
      log(`${family} n=${n}: one plan, then a 12-level budget sweep`);
      const sweep = await child(['--method', 'sweep', ...base], 4 * patience);
      log(`  ${summary(sweep)} single ${String(sweep.singleSeconds)} s`);
      results.sweeps.push({ ...sweep, n, family, method: `${family}: budget ×1..×6.7:12` });
    }
    for (const n of plan.e2eSizes)
      results.e2e.push(
        ...(await measureEndToEnd(family, n, {
          work: plan.work,
          timeLimit: plan.timeLimit,
          weekArgs: await weekArgs(n),
        })),
      );
  }
  return results;
}
