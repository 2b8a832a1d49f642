import type { PlanOutcome } from '../domain/plan.ts';
import { buildPlanChart } from './plan-chart-svg.ts';
import { rasterizeSvg } from './rasterize.ts';

/** The plan chart (see {@link buildPlanChart}) as PNG bytes; import it dynamically, it loads the Wasm renderer. */
export async function renderPlanChartPng(outcome: PlanOutcome, title?: string): Promise<Uint8Array> {
  return rasterizeSvg(buildPlanChart(outcome, title).svg);
}
