import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFailure } from '../domain/errors.ts';
import type { PlanOutcome } from '../domain/plan.ts';

/**
 * Writes the plan chart (action mix and coverage by segment) as `plan.png` in `dir`, beside
 * the plan CSV, whole or not at all. The renderer (Wasm and fonts) is imported only here. A
 * chart that cannot be drawn is a warning on `stderr`, never a failed plan: the CSV stands.
 */
export async function writePlanChart(
  outcome: PlanOutcome,
  dir: string,
  stderr: { write(text: string): unknown },
): Promise<string | undefined> {
  try {
    const { renderPlanChartPng } = await import('../analytics/plan-chart-png.ts');
    const png = await renderPlanChartPng(outcome);
    const path = join(dir, 'plan.png');
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, png);
    await rename(temp, path);
    return path;
  } catch (error) {
    const failure = describeFailure(error);
    stderr.write(`warning: the plan chart could not be drawn (${failure.code}): ${failure.message}\n`);
    return undefined;
  }
}
