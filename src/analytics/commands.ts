import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Action } from '../domain/catalog.ts';
import { PlannerError } from '../domain/errors.ts';
import { quoteInput } from '../domain/quote.ts';
import type { PlanOutcome, PlanStatus } from '../domain/plan.ts';
import { type Policy } from '../domain/policy.ts';
import { parsePolicyWords } from '../domain/policy-words.ts';
import type { Predictions } from '../domain/predictions.ts';
import type { SolveMethod } from '../solver/solve.ts';
import { buildSweepChart } from './chart-svg.ts';
import { compareScenarios, type ScenarioComparison } from './compare.ts';
import { rasterizeSvg } from './rasterize.ts';
import { comparisonLines, sweepLines } from './report-lines.ts';
import { runSweep, type SweepResult } from './sweep.ts';
import { parseSweepSpec } from './sweep-spec.ts';

export interface CommandContext {
  predictions: Predictions;
  catalog: Action[];
  /** The policy from the command's key=value words: the base of every level or scenario. */
  policy: Policy;
  out: string;
  json: boolean;
  timeLimitSeconds: number;
  method: SolveMethod;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

const cents = (x: number) => Math.round(x * 100) / 100;
const SWEEP_COLUMNS = [
  'value',
  'status',
  'customers_treated',
  'total_spend',
  'expected_retained_clv',
  'net_value',
  'roi_pct',
  'expected_churn_reduction',
  'marginal_net_value',
] as const;

/** The sweep as CSV, one row per level (money to the cent). */
export function renderSweepCsv(sweep: SweepResult): string {
  const rows = sweep.points.map((p) => {
    const k = p.kpis;
    const cells = [
      p.value,
      p.status,
      k?.customers_treated,
      k && cents(k.total_spend),
      k && cents(k.expected_retained_clv),
      k && cents(k.net_value),
      k && cents(k.roi_pct),
      k && Math.round(k.expected_churn_reduction * 1e6) / 1e6,
      p.marginal_net_value === null ? undefined : Math.round(p.marginal_net_value * 1e4) / 1e4,
    ];
    return cells.map((c) => (c === undefined || c === null ? '' : String(c))).join(',');
  });
  return `${[SWEEP_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** The `sweep` part of the JSON result: `{value, status, kpis, ...}` per level, and the knee. */
export function sweepJson(sweep: SweepResult): Record<string, unknown> {
  return {
    key: sweep.key,
    spacing: sweep.spacing,
    knee: sweep.knee,
    seconds: Math.round(sweep.seconds * 1000) / 1000,
    time_budget_seconds: Math.round(sweep.time_budget_seconds * 1000) / 1000,
    levels: sweep.points.map((p) => ({
      value: p.value,
      status: p.status,
      kpis: p.kpis && {
        ...p.kpis,
        expected_churn_reduction: Math.round(p.kpis.expected_churn_reduction * 1e6) / 1e6,
        total_spend: cents(p.kpis.total_spend),
        expected_retained_clv: cents(p.kpis.expected_retained_clv),
        net_value: cents(p.kpis.net_value),
        roi_pct: cents(p.kpis.roi_pct),
        budget_utilization_pct: cents(p.kpis.budget_utilization_pct),
      },
      gap: p.gap,
      seconds: Math.round(p.seconds * 1000) / 1000,
      marginal_net_value: p.marginal_net_value,
    })),
  };
}

function overallStatus(statuses: PlanStatus[]): PlanStatus {
  if (statuses.includes('error')) return 'error';
  const planned = statuses.filter((s) => s === 'optimal' || s === 'feasible');
  if (planned.length === 0) return 'infeasible';
  return planned.every((s) => s === 'optimal') ? 'optimal' : 'feasible';
}

/**
 * `npm run plan -- --sweep key=FROM..TO[:LEVELS][:linear|log]`: plans every level, writes
 * `sweep.png` (the chart) and `sweep.csv` beside where plan.csv would go, and prints the table
 * (or with --json `{status, sweep: [{value, status, kpis}], knee, chart_png, sweep_csv}`).
 * Exit 0 when some level has a plan, 3 when none has, 1 on error.
 */
export async function runSweepCommand(text: string, ctx: CommandContext): Promise<number> {
  const spec = parseSweepSpec(text);
  const sweep = await runSweep({
    predictions: ctx.predictions,
    catalog: ctx.catalog,
    policy: ctx.policy,
    spec,
    method: ctx.method,
    timeLimitSeconds: ctx.timeLimitSeconds,
    onLevel: ctx.json
      ? undefined
      : (p, done, total) =>
          ctx.stderr.write(`level ${done}/${total}: ${spec.key}=${p.value} ${p.status} (${p.seconds.toFixed(1)} s)\n`),
  });
  await mkdir(ctx.out, { recursive: true });
  const chartPath = join(ctx.out, 'sweep.png');
  const csvPath = join(ctx.out, 'sweep.csv');
  await writeAtomically(chartPath, await rasterizeSvg(buildSweepChart(sweep).svg));
  await writeAtomically(csvPath, renderSweepCsv(sweep));
  const status = overallStatus(sweep.points.map((p) => p.status));
  const { levels, ...rest } = sweepJson(sweep);
  if (ctx.json)
    ctx.stdout.write(
      `${JSON.stringify({ status, sweep: levels, ...rest, chart_png: chartPath, sweep_csv: csvPath }, null, 2)}\n`,
    );
  else ctx.stdout.write(`${[...sweepLines(sweep), '', `Chart: ${chartPath}`, `Table: ${csvPath}`].join('\n')}\n`);
  return status === 'error' ? 1 : status === 'infeasible' ? 3 : 0;
}

/** Splits `"budget=150 | budget=250 min_high_risk=70%"` into two scenarios' words. */
export function parseCompareSpec(text: string): [string[], string[]] {
  const parts = text.split('|').map((part) =>
    part
      .trim()
      .split(/\s+/)
      .filter((word) => word.length > 0),
  );
  if (parts.length !== 2) {
    throw new PlannerError(
      'BAD_INPUT',
      `--compare needs two scenarios separated by "|", e.g. --compare "budget=150 | budget=250 min_high_risk=70%"; got ${quoteInput(text)}`,
    );
  }
  return [parts[0], parts[1]];
}

export interface CompareRun {
  comparison: ScenarioComparison;
  outcomes: [PlanOutcome, PlanOutcome];
}

/**
 * Plans both scenarios of `--compare "A | B"` (each scenario's words on top of the base policy)
 * with `plan` (planWeek in the CLI) and compares them.
 */
export async function planComparison(
  text: string,
  base: Policy,
  plan: (policy: Policy) => Promise<PlanOutcome>,
): Promise<CompareRun> {
  const [wordsA, wordsB] = parseCompareSpec(text);
  const policies = [parsePolicyWords(wordsA, base), parsePolicyWords(wordsB, base)];
  const a = await plan(policies[0]);
  const b = await plan(policies[1]);
  const labels: [string, string] = [
    `A (${wordsA.join(' ') || 'base policy'})`,
    `B (${wordsB.join(' ') || 'base policy'})`,
  ];
  return { comparison: compareScenarios(a, b, labels), outcomes: [a, b] };
}

/** Prints a comparison: the text tables, or with --json the `compare` object and both results. */
export function printComparison(
  run: CompareRun,
  ctx: CommandContext,
  results: [Record<string, unknown>, Record<string, unknown>],
): number {
  const status = overallStatus(run.outcomes.map((o) => o.status));
  if (ctx.json)
    ctx.stdout.write(`${JSON.stringify({ status, compare: run.comparison, scenarios: results }, null, 2)}\n`);
  else ctx.stdout.write(`${comparisonLines(run.comparison).join('\n')}\n`);
  return run.outcomes.some((o) => o.status === 'error')
    ? 1
    : run.outcomes.some((o) => o.status === 'infeasible')
      ? 3
      : 0;
}
