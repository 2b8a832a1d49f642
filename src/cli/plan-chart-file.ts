import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFailure } from '../domain/errors.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import { renderPlanChartPng } from '../analytics/plan-chart-png.ts';

/** The plan chart as PNG bytes, or why it could not be drawn. */
export type DrawnChart = { png: Uint8Array } | { failure: { code: string; message: string } };

/**
 * Starts drawing the plan chart (action mix and coverage by segment); never rejects. The SVG
 * is made and handed to the chart thread (when one runs) before this returns, so the chart is
 * drawn there while the marginal values and the CSV are made here. The renderer (Wasm and
 * fonts) loads on the first chart.
 */
export async function drawPlanChart(outcome: PlanOutcome): Promise<DrawnChart> {
  try {
    return { png: await renderPlanChartPng(outcome) };
  } catch (error) {
    return { failure: describeFailure(error) };
  }
}

/**
 * Writes the drawn chart as `plan.png` in `dir`, beside the plan CSV, whole or not at all. A
 * chart that cannot be drawn or written is a warning on `stderr`, never a failed plan: the
 * CSV stands.
 */
export async function writePlanChart(
  drawn: Promise<DrawnChart>,
  dir: string,
  stderr: { write(text: string): unknown },
): Promise<string | undefined> {
  const chart = await drawn;
  try {
    if ('failure' in chart) return warn(stderr, chart.failure);
    const path = join(dir, 'plan.png');
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, chart.png);
    await rename(temp, path);
    return path;
  } catch (error) {
    return warn(stderr, describeFailure(error));
  }
}

function warn(stderr: { write(text: string): unknown }, failure: { code: string; message: string }): undefined {
  stderr.write(`warning: the plan chart could not be drawn (${failure.code}): ${failure.message}\n`);
  return undefined;
}
