/**
 * `npx tsx bench/explore.ts [--n 20000] [--seeds 1-30] [--limit 20] [--slow 2] [--values]`: weeks
 * of random shapes unlike the bench's families (bench/wild-weeks.ts), each planned as `npm run
 * plan` plans (the solve, and for an infeasible week the explanation) in one warm process, as a
 * warm Lambda does; the time is the whole plan's. Each plan is checked against every rule by the
 * independent checker; with `--values`, each week is planned as the CLI plans one whose marginal
 * values follow, and an optimal plan's values follow, as the CLI computes them. Prints a Markdown
 * section: one row per shape, then what is not proven optimal, what is slower than `--slow`
 * seconds, and any plan that breaks a rule (exit code 1).
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { computeMarginalValues } from '../src/analytics/marginal-values.ts';
import { analysisSeconds } from '../src/cli/plan.ts';
import { planWeek } from '../src/solver/plan-week.ts';
import { buildProblem } from '../src/solver/problem.ts';
import { assignedIds } from '../test/support/assigned-ids.ts';
import { checkPlan } from '../test/support/check-plan.ts';
import { drawWildWeek } from './wild-weeks.ts';

export interface ExploreRow {
  seed: number;
  shape: string;
  status: string;
  method: string;
  gap?: number;
  seconds: number;
  cpuSeconds: number;
  /** The checker's violations of the returned plan (empty when it keeps every rule). */
  violations: string[];
  /** |checker's objective − solver's| relative to the objective. */
  objectiveError?: number;
  /** With marginal values: the binding rules valued, those left unchecked by a re-solve, and the seconds they took. */
  values?: { rules: number; unchecked: number; seconds: number };
}

/** Seeds from "1-30", "4,9,25" or a mix. */
export function parseSeeds(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    if (to === undefined) return [from];
    return Array.from({ length: to - from + 1 }, (_, k) => from + k);
  });
}

/** Solves and checks the week of each seed in this process, after one untimed warm-up week; `values`: see the module. */
export async function explore(seeds: number[], n: number, limitSeconds: number, values = false): Promise<ExploreRow[]> {
  await planWeek({ ...drawWildWeek(1, 2_000), timeLimitSeconds: limitSeconds });
  const rows: ExploreRow[] = [];
  for (const seed of seeds) {
    const week = drawWildWeek(seed, n);
    const cpu = process.cpuUsage();
    const started = performance.now();
    // With its values to follow, planned as the CLI then plans it.
    const planned = await planWeek({ ...week, timeLimitSeconds: limitSeconds, manySolves: values });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const { solver } = planned;
    const row: ExploreRow = {
      seed,
      shape: week.shape,
      status: planned.status,
      method: solver.method,
      gap: solver.gap,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      violations: [],
    };
    if (planned.assignment) {
      const problem = buildProblem(week.predictions, week.catalog, week.policy);
      const ids = assignedIds(problem, planned.assignment.choice);
      const checked = checkPlan(week.predictions, week.catalog, week.policy, ids);
      row.violations = checked.violations;
      row.objectiveError = Math.abs(checked.objective - solver.objective) / Math.max(1, Math.abs(solver.objective));
    }
    if (values && planned.status === 'optimal') {
      // The CLI's allowance for them after a solve of this time limit.
      const allowance = analysisSeconds(limitSeconds, solver.seconds);
      const valued = await computeMarginalValues(planned, { timeLimitSeconds: allowance });
      const unchecked = valued.values.filter((value) => value.source === 'lp_unchecked').length;
      row.values = { rules: valued.values.length, unchecked, seconds: valued.seconds };
    }
    rows.push(row);
  }
  return rows;
}

const gapText = (gap: number | undefined) => (gap === undefined ? '–' : gap === 0 ? '0' : gap.toExponential(1));

/** A row's marginal values: rules valued (unchecked ones counted) and their seconds. */
function valuesText(values: ExploreRow['values']): string {
  if (!values) return '–';
  const unchecked = values.unchecked > 0 ? `, ${values.unchecked} unchecked` : '';
  return `${values.rules}${unchecked}, ${values.seconds.toFixed(2)} s`;
}

/** The rows as a Markdown table with a summary: what is not optimal, what is slow, what breaks a rule. */
export function renderExplore(rows: ExploreRow[], n: number, limitSeconds: number, slowSeconds: number): string {
  const valued = rows.filter((r) => r.values !== undefined);
  const lines = [
    `| seed | shape | status | gap | method | wall | CPU | checker |${valued.length > 0 ? ' marginal values |' : ''}`,
    `|---:|---|---|---:|---|---:|---:|---|${valued.length > 0 ? '---:|' : ''}`,
    ...rows.map((r) => {
      const checker =
        r.violations.length > 0
          ? `BREAKS: ${r.violations.slice(0, 2).join('; ')}`
          : r.objectiveError === undefined
            ? 'no plan'
            : r.objectiveError > 1e-6
              ? `objective off by ${r.objectiveError.toExponential(1)}`
              : 'every rule kept';
      const values = valued.length > 0 ? ` ${valuesText(r.values)} |` : '';
      return `| ${r.seed} | ${r.shape} | ${r.status} | ${gapText(r.gap)} | ${r.method} | ${r.seconds.toFixed(2)} s | ${r.cpuSeconds.toFixed(2)} s | ${checker} |${values}`;
    }),
  ];
  const count = (keep: (r: ExploreRow) => boolean) => rows.filter(keep).length;
  const seedsOf = (keep: (r: ExploreRow) => boolean) =>
    rows
      .filter(keep)
      .map((r) => `${r.seed} (${r.status}, ${r.seconds.toFixed(1)} s)`)
      .join(', ') || 'none';
  const notProven = (r: ExploreRow) => r.status !== 'optimal' && r.status !== 'infeasible';
  const broken = (r: ExploreRow) => r.violations.length > 0 || (r.objectiveError ?? 0) > 1e-6;
  const summary = [
    `${rows.length} shapes of ${n.toLocaleString('en-US')} customers, time limit ${limitSeconds} s: ` +
      `${count((r) => r.status === 'optimal')} proven optimal, ${count((r) => r.status === 'infeasible')} proven infeasible, ` +
      `${count(notProven)} not proven.`,
    `Not proven: ${seedsOf(notProven)}.`,
    `Slower than ${slowSeconds} s: ${seedsOf((r) => r.seconds > slowSeconds)}.`,
    `Plans that break a rule or misstate their objective: ${seedsOf(broken)}.`,
    ...(valued.length > 0 ? [valuesSummary(valued, slowSeconds)] : []),
  ];
  return `${summary.join('\n')}\n\n${lines.join('\n')}\n`;
}

/** The marginal values in all: rules valued and unchecked, seconds, and the plans whose values took longer than `slowSeconds`. */
function valuesSummary(valued: ExploreRow[], slowSeconds: number): string {
  const sum = (of: (values: NonNullable<ExploreRow['values']>) => number) =>
    valued.reduce((total, r) => total + (r.values ? of(r.values) : 0), 0);
  const slow = valued
    .filter((r) => (r.values?.seconds ?? 0) > slowSeconds)
    .map((r) => `${r.seed} (${valuesText(r.values)})`);
  return (
    `Marginal values of the ${valued.length} optimal plans: ${sum((v) => v.rules)} binding rules, ` +
    `${sum((v) => v.unchecked)} left unchecked, ${sum((v) => v.seconds).toFixed(2)} s in all; ` +
    `slower than ${slowSeconds} s: ${slow.join(', ') || 'none'}.`
  );
}

/** Runs the explorer in a fresh process (for `npm run bench`) and returns its Markdown section. */
export function exploreInChild(seeds: string, n: number, limitSeconds: number, values = false): Promise<string> {
  return new Promise((done) => {
    const args = [
      '--import',
      'tsx',
      'bench/explore.ts',
      '--seeds',
      seeds,
      '--n',
      String(n),
      '--limit',
      String(limitSeconds),
      ...(values ? ['--values'] : []),
    ];
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('close', (code) =>
      done(code === 0 || out.includes('| seed |') ? out : `The explorer crashed (exit ${code}).\n`),
    );
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '20000' },
      seeds: { type: 'string', default: '1-30' },
      limit: { type: 'string', default: '20' },
      slow: { type: 'string', default: '2' },
      values: { type: 'boolean', default: false },
    },
  });
  const load = loadavg()[0];
  const n = Number(values.n);
  const limit = Number(values.limit);
  const rows = await explore(parseSeeds(values.seeds), n, limit, values.values);
  process.stdout.write(
    `Load average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.\n` +
      renderExplore(rows, n, limit, Number(values.slow)),
  );
  if (rows.some((r) => r.violations.length > 0 || (r.objectiveError ?? 0) > 1e-6)) process.exitCode = 1;
}
