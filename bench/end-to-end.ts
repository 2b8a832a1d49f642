import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { child, log, summary } from './child.ts';
import { familyPolicy, policyWords, type FamilyName } from './families.ts';
import type { Row } from './results-table.ts';

export interface EndToEndContext {
  work: string;
  timeLimit: number;
  /** Extra arguments every child takes (the tight family's solved budget). */
  weekArgs: string[];
}

/** The whole `npm run plan --json` process on `file`, under GNU time: its wall time, CPU time, peak RSS and answer. */
function runCli(
  n: number,
  family: FamilyName,
  words: string[],
  files: string[],
  ctx: EndToEndContext,
  marginal: boolean,
): Row {
  const started = performance.now();
  const cli = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'PEAK_RSS_KB %M CPU_USER %U CPU_SYS %S',
      process.execPath,
      '--import',
      'tsx',
      'src/cli/plan.ts',
      ...words,
      ...files,
      '--json',
      ...(marginal ? [] : ['--no-marginal']),
      '--out',
      join(ctx.work, 'out'),
      '--time-limit',
      String(ctx.timeLimit),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const seconds = (performance.now() - started) / 1000;
  const rss = /PEAK_RSS_KB (\d+)/.exec(cli.stderr ?? '')?.[1];
  const cpu = /CPU_USER ([\d.]+) CPU_SYS ([\d.]+)/.exec(cli.stderr ?? '');
  let parsed: {
    status?: string;
    solver?: { objective?: number; bound?: number; gap?: number; method?: string; seconds?: number };
    marginal_values?: { source?: string }[];
  } = {};
  try {
    parsed = JSON.parse(cli.stdout) as typeof parsed;
  } catch {
    parsed = { status: `unparsed output (exit ${cli.status})` };
  }
  const values = parsed.marginal_values ?? [];
  const unchecked = values.filter((v) => v.source === 'lp_unchecked').length;
  log(`  ${parsed.status} ${seconds.toFixed(2)} s`);
  return {
    n,
    family,
    method: marginal ? 'npm run plan --json (marginal values)' : 'npm run plan --json --no-marginal',
    note: [
      `whole CLI process incl. start-up (tsx), reading, KPIs, baselines, plan CSV; solve ${(parsed.solver?.seconds ?? NaN).toFixed(2)} s (${parsed.solver?.method ?? '?'})`,
      marginal ? `marginal values of ${values.length} rules, ${unchecked} unchecked` : '',
    ]
      .filter(Boolean)
      .join('; '),
    status: parsed.status ?? 'unknown',
    objective: parsed.solver?.objective,
    bound: parsed.solver?.bound,
    gap: parsed.solver?.gap,
    seconds,
    cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined,
    peakRssMb: rss ? Number(rss) / 1024 : undefined,
  };
}

/**
 * A week of `family` written as CSV (and its catalog as JSON), then read and planned: by the
 * library in a fresh process (read, build, solve), and by the whole CLI with and without
 * marginal values. The reading and the CLI's start-up belong to other work (issue 18's reader
 * and start-up); the bench measures them as they are.
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
  if (existsSync('src/cli/plan.ts')) {
    const budget = ctx.weekArgs[ctx.weekArgs.indexOf('--budget') + 1];
    const policy = familyPolicy(family, n);
    const words = policyWords(budget ? { ...policy, budget: Number(budget) } : policy);
    const files = ['--predictions', file, '--actions', catalog];
    log(`${family} n=${n}: npm run plan -- --predictions FILE --actions FILE --json`);
    rows.push(runCli(n, family, words, files, ctx, false));
    rows.push(runCli(n, family, words, files, ctx, true));
  }
  rmSync(file, { force: true });
  return rows;
}
