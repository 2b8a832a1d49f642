import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_COLOURS,
  buildPlanChart,
  FLOOR_MET_COLOUR,
  FLOOR_MISSED_COLOUR,
  PLAN_CHART_MAX_SEGMENTS,
} from '../../../src/analytics/plan-chart-svg.ts';
import { renderPlanChartPng } from '../../../src/analytics/plan-chart-png.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import type { PlanOutcome } from '../../../src/domain/plan.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { bigOutcome } from '../../fixtures/slack/outcomes.ts';
import { loadSample } from '../../support/sample.ts';

let sample: PlanOutcome;

beforeAll(async () => {
  sample = await planWeek({
    predictions: await loadSample(),
    catalog: [...DEFAULT_CATALOG],
    policy: { ...DEFAULT_POLICY },
  });
});

const rgb = (hex: string) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));

/** How many pixels of the image have exactly this colour. */
function pixelsOf(png: Uint8Array, hex: string): number {
  const image = decode(png);
  const [r, g, b] = rgb(hex);
  let count = 0;
  for (let at = 0; at < image.data.length; at += image.channels)
    if (image.data[at] === r && image.data[at + 1] === g && image.data[at + 2] === b) count++;
  return count;
}

describe('the plan chart', () => {
  it('draws each segment’s customers by action and its coverage against the floor', () => {
    // Act
    const chart = buildPlanChart(sample);

    // Assess
    expect(chart.rows.map((row) => row.segment).sort()).toEqual(['Family', 'Free', 'Premium', 'Student']);
    for (const row of chart.rows) {
      const coverage = sample.segment_coverage.find((c) => c.segment === row.segment)!;
      expect(row.byAction.reduce((sum, part) => sum + part.customers, 0)).toBe(coverage.treated);
      expect(row.floor).toBe(coverage.floor);
    }
    expect(chart.omitted).toBe(0);
  });

  it('is a PNG where the actions given and the floors met show in their colours', async () => {
    // Act
    const png = await renderPlanChartPng(sample, 'Plan 20261116-083000-abc123');

    // Assess
    const image = decode(png);
    expect(image.width).toBe(1200);
    expect(image.height).toBeGreaterThanOrEqual(300);
    const used = sample.action_mix.filter((row) => row.customers > 0).map((row) => row.action_id);
    const catalogIds = sample.catalog.filter((a) => a.id !== 0).map((a) => a.id);
    for (const id of used) expect(pixelsOf(png, ACTION_COLOURS[catalogIds.indexOf(id) % 10])).toBeGreaterThan(100);
    expect(pixelsOf(png, FLOOR_MET_COLOUR)).toBeGreaterThan(100);
    expect(pixelsOf(png, FLOOR_MISSED_COLOUR)).toBe(0);
  });

  it('orders segments of equal size by their names’ code units, the same in every locale', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 2, segments: 4, nameLength: 1 });
    const names = ['b', 'B', 'a', 'É'];
    outcome.segment_coverage = names.map((segment) => ({ segment, customers: 10, treated: 5, share: 0.5, floor: 1 }));

    // Act
    const chart = buildPlanChart(outcome);

    // Assess
    expect(chart.rows.map((row) => row.segment)).toEqual(['B', 'a', 'b', 'É']);
  });

  it('draws the largest segments of thousands and counts the rest, its names escaped as XML', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 8, segments: 2000, nameLength: 30 });
    outcome.segment_coverage = outcome.predictions.segments.map((segment, s) => ({
      segment,
      customers: 100 + s,
      treated: s % 50,
      share: (s % 50) / (100 + s),
      floor: 10,
    }));

    // Act
    const chart = buildPlanChart(outcome);

    // Assess
    expect(chart.rows).toHaveLength(PLAN_CHART_MAX_SEGMENTS);
    expect(chart.omitted).toBe(2000 - PLAN_CHART_MAX_SEGMENTS);
    expect(chart.svg).toContain(`…and ${(2000 - PLAN_CHART_MAX_SEGMENTS).toLocaleString('en-US')} smaller segments`);
    expect(chart.svg).not.toMatch(/>[^<]*<b>/);
    expect(chart.svg).toContain('&#60;b&#62;&#38;');
  });
});
