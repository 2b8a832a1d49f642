import type { PlanAnalytics } from './plan-inputs.ts';

/**
 * The worker's analytics, each module imported on first use (marginal values, sweeps and
 * charts need HiGHS and the chart renderer; nothing on the acknowledgement path may load
 * them). `prepare` runs before each use: production points HiGHS and the chart renderer at
 * the files shipped in the bundle there.
 */
export function createLazyAnalytics(prepare: () => Promise<void> = async () => undefined): PlanAnalytics {
  return {
    async marginalValues(outcome, options) {
      await prepare();
      const { computeMarginalValues } = await import('../analytics/marginal-values.ts');
      return computeMarginalValues(outcome, options);
    },
    async sweep(input) {
      await prepare();
      const { runSweep } = await import('../analytics/sweep.ts');
      return runSweep(input);
    },
    async chartPng(sweep) {
      await prepare();
      const [{ buildSweepChart }, { rasterizeSvg }] = await Promise.all([
        import('../analytics/chart-svg.ts'),
        import('../analytics/rasterize.ts'),
      ]);
      return rasterizeSvg(buildSweepChart(sweep).svg);
    },
    async planChartPng(outcome, title) {
      await prepare();
      const { renderPlanChartPng } = await import('../analytics/plan-chart-png.ts');
      return renderPlanChartPng(outcome, title);
    },
  };
}
