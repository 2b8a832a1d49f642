import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { buildSweepChart, KNEE_COLOUR, niceTicks, SERIES } from '../../../src/analytics/chart-svg.ts';
import { rasterizeSvg } from '../../../src/analytics/rasterize.ts';
import type { SweepPoint, SweepResult } from '../../../src/analytics/sweep.ts';
import { findKnee } from '../../../src/analytics/knee.ts';
import type { Kpis, PlanOutcome } from '../../../src/domain/plan.ts';
import { expectClose } from '../../support/expect-close.ts';

function kpis(budget: number): Kpis {
  const spend = budget;
  const net = budget <= 300 ? 10 * budget : 3000 + (budget - 300);
  return {
    customers: 250,
    customers_treated: Math.round(budget / 3),
    total_spend: spend,
    expected_retained_clv: net + spend,
    net_value: net,
    roi_pct: (100 * net) / spend,
    expected_churn_reduction: budget / 50,
    budget_utilization_pct: 100,
    holdout_customers: 0,
  };
}

/** A sweep with a knee at 300 and one level without a plan (the chart only needs the figures). */
function fakeSweep(): SweepResult {
  const values = [100, 150, 200, 250, 300, 400, 500, 600, 800, 1000];
  const points: SweepPoint[] = values.map((value) => ({
    value,
    status: value === 100 ? 'infeasible' : 'optimal',
    kpis: value === 100 ? null : kpis(value),
    gap: 0,
    seconds: 0.1,
    marginal_net_value: null,
    outcome: {} as PlanOutcome,
  }));
  const knee = findKnee(points.filter((p) => p.kpis).map((p) => ({ x: p.value, y: p.kpis!.net_value })));
  return { key: 'budget', spacing: 'linear', points, knee, seconds: 1, time_budget_seconds: 60 };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const rgb = (hex: string) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));

describe('sweep chart', () => {
  it('is a PNG of at least 600 x 400 whose plotted points carry their series colour', async () => {
    // Prepare
    const chart = buildSweepChart(fakeSweep());

    // Act
    const png = await rasterizeSvg(chart.svg);

    // Assess
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(Buffer.from(png.subarray(12, 16)).toString('ascii')).toBe('IHDR');
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const [width, height] = [view.getUint32(16), view.getUint32(20)];
    expect(width).toBeGreaterThanOrEqual(600);
    expect(height).toBeGreaterThanOrEqual(400);
    const image = decode(png);
    expect([image.width, image.height]).toEqual([width, height]);
    expect(chart.points).toHaveLength(3 * 9);
    for (const point of chart.points) {
      const at = (Math.round(point.y) * image.width + Math.round(point.x)) * image.channels;
      const pixel = [...image.data.subarray(at, at + 3)];
      const want = rgb(SERIES.find((s) => s.id === point.series)!.colour);
      pixel.forEach((c, j) =>
        expectClose(c, want[j], { absolute: 40 }, `colour channel ${j} of ${point.series} at ${point.value}`),
      );
    }
  });

  it('marks the knee and the level without a plan, and escapes text', () => {
    // Prepare
    const sweep = fakeSweep();

    // Act
    const { svg } = buildSweepChart(sweep);

    // Assess
    expect(sweep.knee?.value).toBe(300);
    expect(svg).toContain(`stroke="${KNEE_COLOUR}"`);
    expect(svg).toContain('knee $300');
    expect(svg).toContain('no plan');
    expect(svg).not.toMatch(/<text[^>]*>[^<]*&[^#][^<]*<\/text>/);
  });

  it('draws text with the shipped font (pixels in the title area are not all background)', async () => {
    const png = decode(await rasterizeSvg(buildSweepChart(fakeSweep()).svg));
    let dark = 0;
    for (let y = 15; y < 50; y++)
      for (let x = 120; x < 600; x++) if (png.data[(y * png.width + x) * png.channels] < 100) dark++;
    expect(dark).toBeGreaterThan(500);
  });

  it('picks round ticks that cover the data', () => {
    const ticks = niceTicks(1971, 3967);
    expect(ticks[0]).toBeLessThanOrEqual(1971);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(3967);
    expect(ticks).toEqual([1500, 2000, 2500, 3000, 3500, 4000]);
  });
});
