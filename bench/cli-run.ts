import { spawnSync } from 'node:child_process';
import { log } from './child.ts';
import type { Row } from './results-table.ts';

/** What a CLI's `--json` answer tells the bench. */
interface CliAnswer {
  status?: string;
  solver?: { objective?: number; bound?: number; gap?: number; method?: string; seconds?: number };
  marginal_values?: { source?: string }[];
}

/** One whole process of a compiled command, under GNU time: wall, CPU and peak RSS, and its stdout. */
export interface CliProcess {
  seconds: number;
  cpuSeconds?: number;
  peakRssMb?: number;
  exitCode: number | null;
  stdout: string;
}

/**
 * Runs `node scripts/start-cli.mjs <command> ...args` as a user does (`npm run plan`, `npm run
 * slack`, without npm's own start-up): the compiled bundle in `dist/`, built beforehand by
 * {@link buildCompiledCli} so that no build is timed.
 */
export function runCompiled(command: 'plan' | 'slack', args: string[]): CliProcess {
  const started = performance.now();
  const cli = spawnSync(
    '/usr/bin/time',
    ['-f', 'PEAK_RSS_KB %M CPU_USER %U CPU_SYS %S', process.execPath, 'scripts/start-cli.mjs', command, ...args],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const seconds = (performance.now() - started) / 1000;
  const rss = /PEAK_RSS_KB (\d+)/.exec(cli.stderr ?? '')?.[1];
  const cpu = /CPU_USER ([\d.]+) CPU_SYS ([\d.]+)/.exec(cli.stderr ?? '');
  return {
    seconds,
    cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined,
    peakRssMb: rss ? Number(rss) / 1024 : undefined,
    exitCode: cli.status,
    stdout: cli.stdout ?? '',
  };
}

/** Builds `dist/` once (what `npm ci` does), so the timed runs start from compiled JavaScript. */
export function buildCompiledCli(): void {
  const built = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`scripts/build-cli.mjs failed: ${built.stderr}`);
}

/** `npm run plan -- ...args --json` timed as a bench row: its status, solve and marginal values from the JSON answer. */
export function runPlanCli(row: Pick<Row, 'n' | 'method'> & Record<string, unknown>, args: string[]): Row {
  const run = runCompiled('plan', [...args, '--json']);
  let answer: CliAnswer;
  try {
    answer = JSON.parse(run.stdout) as CliAnswer;
  } catch {
    answer = { status: `unparsed output (exit ${run.exitCode})` };
  }
  const values = answer.marginal_values ?? [];
  const unchecked = values.filter((v) => v.source === 'lp_unchecked').length;
  const marginal = !args.includes('--no-marginal');
  log(`  ${answer.status} ${run.seconds.toFixed(2)} s ${Math.round(run.peakRssMb ?? 0)} MB`);
  return {
    ...row,
    status: answer.status ?? 'unknown',
    objective: answer.solver?.objective,
    bound: answer.solver?.bound,
    gap: answer.solver?.gap,
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    peakRssMb: run.peakRssMb,
    solveSeconds: answer.solver?.seconds,
    marginalCount: marginal ? values.length : undefined,
    unchecked: marginal ? unchecked : undefined,
    note: [
      `whole CLI process (compiled, dist/) incl. start-up, reading, KPIs, baselines, plan CSV and chart; solve ${(answer.solver?.seconds ?? NaN).toFixed(2)} s (${answer.solver?.method ?? '?'})`,
      marginal ? `marginal values of ${values.length} rules, ${unchecked} unchecked` : '',
    ]
      .filter(Boolean)
      .join('; '),
  };
}
