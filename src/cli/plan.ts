import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CATALOG, type Action } from '../domain/catalog.ts';
import { isPlannerError } from '../domain/errors.ts';
import { type Policy } from '../domain/policy.ts';
import { parsePolicyWords } from '../domain/policy-words.ts';
import { toJsonResult } from '../io/json-result.ts';
import { readCatalogFile } from '../io/read-catalog.ts';
import { planCsvChunks } from '../io/plan-csv.ts';
import { writeAtomically } from '../io/write-atomically.ts';
import type { CommandContext } from '../analytics/commands.ts';
import { computeMarginalValues } from '../analytics/marginal-values.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import { formatLearningLines, loadHistoryAt } from '../learning/cli-inputs.ts';
import { getHighs } from '../solver/highs-runtime.ts';
import { planWeek } from '../solver/plan-week.ts';
import { newPlanId } from '../storage/run-ids.ts';
import { openPredictions } from '../storage/open-predictions.ts';
import { parsePlanArgs, USAGE } from './args.ts';
import { isMainModule, processIo, type CliIo } from './io.ts';
import { drawPlanChart, writePlanChart } from './plan-chart-file.ts';
import { startChartThread } from '../analytics/chart-thread.ts';
import { checkOutFolder } from './out-folder.ts';
import { createProgressBar } from './progress.ts';
import { formatSummary } from './summary.ts';

// The start-up (scripts/start-cli.mjs) hands over HiGHS's Wasm compiled while this bundle loaded,
// and the chart thread it started.
export { useCompiledHighs } from '../solver/highs-runtime.ts';
export { useChartWorker } from '../analytics/chart-thread.ts';

/** The predictions that ship with the project, used when no --predictions is given. */
export const SAMPLE_PREDICTIONS = fileURLToPath(new URL('../../data/sample/predictions.csv', import.meta.url));

const EXIT = { optimal: 0, feasible: 0, infeasible: 3, error: 1 } as const;

/** Below this many seconds left of `--time-limit`, marginal values are not started. */
const MIN_ANALYSIS_SECONDS = 0.5;

/**
 * Seconds the marginal values may take after a solve of `solveSeconds`: about three times the
 * solve (10 to 30 s), and never more than what `--time-limit` has left.
 */
export function analysisSeconds(timeLimitSeconds: number, solveSeconds: number): number {
  return Math.max(0, Math.min(30, Math.max(10, 3 * solveSeconds), timeLimitSeconds - solveSeconds));
}

async function loadCatalog(path: string | undefined): Promise<Action[]> {
  return path ? readCatalogFile(path) : [...DEFAULT_CATALOG];
}

/** The summary with the holdout and contact-history lines added at its end. */
function withLearningLines(summary: string, outcome: PlanOutcome): string {
  const lines = formatLearningLines(outcome);
  return lines.length === 0 ? summary : `${summary.trimEnd()}\n\n${lines.join('\n')}\n`;
}

/**
 * The main job (SPEC 5), in-process: `argv` as after `npm run plan --`. Returns the exit code;
 * prints JSON or a summary to `io.stdout`. Sweeps and comparisons (and with them the chart
 * renderer) load only when asked for.
 */
export async function runPlan(argv: string[], io: CliIo = processIo()): Promise<number> {
  let json = argv.includes('--json');
  try {
    const args = parsePlanArgs(argv);
    if (args.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    json = args.json;
    io.trace?.('arguments');
    const policy = parsePolicyWords(args.words);
    await checkOutFolder(args.out);
    // Plans and sweeps draw a chart: the chart thread loads the renderer while the week is read and solved.
    if (args.compare === undefined) startChartThread();
    // HiGHS's Wasm compiles in the background while the catalog and the predictions are read.
    getHighs().catch(() => undefined);
    const catalog = await loadCatalog(args.actions);
    io.trace?.('catalog');
    // The CLI keeps no run record: the input's SHA-256 would be computed for nothing.
    const { predictions } = await openPredictions(args.predictions ?? SAMPLE_PREDICTIONS, { hash: false });
    io.trace?.('predictions read');
    const context: CommandContext = {
      predictions,
      catalog,
      policy,
      out: args.out,
      json,
      timeLimitSeconds: args.timeLimitSeconds,
      method: args.method,
      stdout: io.stdout,
      stderr: io.stderr,
    };
    if (args.sweep !== undefined) {
      const { runSweepCommand } = await import('../analytics/commands.ts');
      return await runSweepCommand(args.sweep, context);
    }
    const history = args.history
      ? (await loadHistoryAt(args.history, args.asOf ?? new Date().toISOString().slice(0, 10), policy, catalog)).history
      : undefined;
    const planId = args.planId ?? (policy.holdout > 0 ? newPlanId() : undefined);
    const plan = (scenario: Policy) =>
      planWeek({
        predictions,
        catalog,
        policy: scenario,
        timeLimitSeconds: args.timeLimitSeconds,
        method: args.method,
        planId,
        history,
      });
    const writePlan = async (outcome: PlanOutcome, name: string): Promise<string | undefined> => {
      if (!outcome.assignment) return undefined;
      await mkdir(args.out, { recursive: true });
      const path = join(args.out, name);
      // writeAtomically is done with a chunk once the one after it is taken: two buffers serve.
      await writeAtomically(path, planCsvChunks(outcome, { ring: 2 }));
      return path;
    };
    if (args.compare !== undefined) {
      const { planComparison, printComparison } = await import('../analytics/commands.ts');
      const run = await planComparison(args.compare, policy, plan);
      const paths = [
        await writePlan(run.outcomes[0], 'compare-a.csv'),
        await writePlan(run.outcomes[1], 'compare-b.csv'),
      ];
      return printComparison(run, context, [
        toJsonResult(run.outcomes[0], paths[0]),
        toJsonResult(run.outcomes[1], paths[1]),
      ]);
    }

    const progress = args.progress && !json && io.stderr.isTTY ? createProgressBar(io.stderr) : undefined;
    const outcome = await planWeek({
      predictions,
      catalog,
      policy,
      timeLimitSeconds: args.timeLimitSeconds,
      method: args.method,
      onProgress: progress?.update,
      planId,
      history,
      manySolves: args.marginal,
    });
    progress?.done();
    io.trace?.('solved');
    const chart = outcome.assignment ? drawPlanChart(outcome) : undefined;
    const checkSeconds = analysisSeconds(args.timeLimitSeconds, outcome.solver.seconds);
    if (args.marginal && outcome.assignment && !outcome.horizon)
      outcome.marginal_values =
        checkSeconds >= MIN_ANALYSIS_SECONDS
          ? await computeMarginalValues(outcome, { timeLimitSeconds: checkSeconds })
          : { values: [], note: `not computed: the solve used the ${args.timeLimitSeconds} s time limit`, seconds: 0 };
    io.trace?.('marginal values');

    const csvPath = await writePlan(outcome, 'plan.csv');
    io.trace?.('plan CSV written');
    const chartPath = csvPath && chart ? await writePlanChart(chart, args.out, io.stderr) : undefined;
    io.trace?.('plan chart written');
    const chartField = chartPath ? { plan_chart: chartPath } : {};
    io.stdout.write(
      json
        ? `${JSON.stringify({ ...toJsonResult(outcome, csvPath), ...chartField }, null, 2)}\n`
        : `${withLearningLines(formatSummary(outcome, csvPath), outcome)}${chartPath ? `Plan chart: ${chartPath}\n` : ''}`,
    );
    io.trace?.('printed');
    return EXIT[outcome.status];
  } catch (error) {
    const code = isPlannerError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: ${message}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ status: 'error', error: { code, message } }, null, 2)}\n`);
    return 1;
  }
}

if (isMainModule(import.meta.url)) process.exitCode = await runPlan(process.argv.slice(2));
