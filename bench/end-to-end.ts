import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { child, log, summary } from './child.ts';
import { runPlanCli } from './cli-run.ts';
import { policyWords } from '../src/domain/policy-words.ts';
import { familyPolicy, type FamilyName } from './families.ts';
import type { Row } from './results-table.ts';

export interface EndToEndContext {
  work: string;
  timeLimit: number;
  /** Extra arguments every child takes (the tight family's solved budget). */
  weekArgs: string[];
}

/**
 * A week of `family` written as CSV (and its catalog as JSON), then read and planned: by the
 * library in a fresh process (read, build, solve), and by the whole compiled CLI with and
 * without marginal values.
 */
export async function measureEndToEnd(family: FamilyName, n: number, ctx: EndToEndContext): Promise<Row[]> {
  const file = join(ctx.work, `predictions-${family}-${n}.csv`);
  const catalog = join(ctx.work, `catalog-${family}.json`);
  const base = ['--family', family, '--n', String(n), ...ctx.weekArgs];
  log(`${family} n=${n}: writing predictions CSV and catalog`);
  await child(['--method', 'csv-write', ...base, '--file', file, '--catalog', catalog], 4 * ctx.timeLimit);
  log(`${family} n=${n}: CSV -> readPredictions -> buildProblem -> solveProblem`);
  const e2e = await child(
    ['--method', 'csv', ...base, '--file', file, '--time-limit', String(ctx.timeLimit)],
    2 * ctx.timeLimit,
  );
  log(`  ${summary(e2e)} read ${String(e2e.readSeconds)} s`);
  const rows: Row[] = [
    {
      ...e2e,
      n,
      family,
      method: 'CSV → plan (library)',
      note: `read ${Number(e2e.readSeconds).toFixed(2)} s + build ${Number(e2e.buildSeconds).toFixed(2)} s + solve ${Number(e2e.seconds).toFixed(2)} s (cold)`,
      seconds: e2e.totalSeconds as number,
    },
  ];
  const budget = ctx.weekArgs[ctx.weekArgs.indexOf('--budget') + 1];
  const policy = familyPolicy(family, n);
  const words = policyWords(budget ? { ...policy, budget: Number(budget) } : policy);
  const args = [...words, '--predictions', file, '--actions', catalog, '--out', join(ctx.work, 'out')];
  const limit = ['--time-limit', String(ctx.timeLimit)];
  log(`${family} n=${n}: npm run plan -- --predictions FILE --actions FILE --json`);
  rows.push(
    runPlanCli({ n, family, method: 'npm run plan --json --no-marginal' }, [...args, ...limit, '--no-marginal']),
  );
  rows.push(runPlanCli({ n, family, method: 'npm run plan --json (marginal values)' }, [...args, ...limit]));
  rmSync(file, { force: true });
  return rows;
}
