import type { PlanOutcome } from '../domain/plan.ts';
import { CHART_FONT_FAMILY } from './chart-font.ts';
import { escapeXml, niceTicks } from './chart-svg.ts';
import { formatMoney } from './format.ts';
import { formatNumber } from '../domain/format-number.ts';

export const PLAN_CHART_WIDTH = 1200;
/** Most segments drawn, the largest first; the rest are counted in a note under the bars. */
export const PLAN_CHART_MAX_SEGMENTS = 20;
/** Action colours in catalog order (cycled past ten actions); tests look for them in the PNG. */
export const ACTION_COLOURS = [
  '#1f5fa8',
  '#c8641c',
  '#23883a',
  '#8e3fa8',
  '#c0262d',
  '#2a9d9d',
  '#a8861f',
  '#5a6b7d',
  '#d45d9c',
  '#6a8f1f',
] as const;
export const FLOOR_MET_COLOUR = '#23883a';
export const FLOOR_MISSED_COLOUR = '#c0262d';
export const UNASSIGNED_COLOUR = '#e6e6e6';

/** One row of the chart: a segment's customers by action, and its coverage against its floor. */
export interface PlanChartRow {
  segment: string;
  customers: number;
  /** Customers of this segment per action id (assigned: treatment and holdout). */
  byAction: { actionId: number; customers: number }[];
  assigned: number;
  floor: number;
}

export interface PlanChart {
  svg: string;
  width: number;
  height: number;
  rows: PlanChartRow[];
  /** Segments left out of the picture (beyond {@link PLAN_CHART_MAX_SEGMENTS}). */
  omitted: number;
}

const TOP = 130;
const ROW = 34;
const BAR = 22;
const LABEL = 190;
const LEFT_WIDTH = 560;
const GAP = 70;
const RIGHT_WIDTH = PLAN_CHART_WIDTH - LABEL - LEFT_WIDTH - GAP - 40;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * Orders names by their UTF-16 code units: the same order in every locale, and no collator to
 * load (the locale's collation data loads at its first use, for one sort of a few rows).
 */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The chart's rows from the plan: each segment's action mix and coverage, largest segments first
 * (segments of equal size by name, see {@link byCodeUnits}).
 */
export function planChartRows(outcome: PlanOutcome): { rows: PlanChartRow[]; omitted: number } {
  const all = outcome.segment_coverage.map((coverage) => ({
    segment: coverage.segment,
    customers: coverage.customers,
    assigned: coverage.treated,
    floor: coverage.floor,
    byAction: outcome.action_mix
      .map((row) => ({ actionId: row.action_id, customers: row.by_segment[coverage.segment] ?? 0 }))
      .filter((part) => part.customers > 0),
  }));
  all.sort((a, b) => b.customers - a.customers || byCodeUnits(a.segment, b.segment));
  return { rows: all.slice(0, PLAN_CHART_MAX_SEGMENTS), omitted: Math.max(0, all.length - PLAN_CHART_MAX_SEGMENTS) };
}

/**
 * The plan as one picture (the reference analysis's two views side by side): on the left each
 * segment's customers as a bar, the assigned ones stacked by action over the unassigned rest;
 * on the right the share of the segment assigned an action against its floor (a tick; green
 * when met, red when not). Every text from the data (segment and action names) is XML-escaped.
 */
export function buildPlanChart(outcome: PlanOutcome, title = 'Retention plan'): PlanChart {
  const { rows, omitted } = planChartRows(outcome);
  const colourOf = new Map(outcome.catalog.filter((a) => a.id !== 0).map((a, i) => [a.id, ACTION_COLOURS[i % 10]]));
  const used = outcome.action_mix.filter((row) => row.customers > 0);
  const legendRows = Math.ceil(used.length / 3);
  const plotBottom = TOP + Math.max(1, rows.length) * ROW;
  const height = plotBottom + 70 + (omitted > 0 ? 26 : 0) + legendRows * 28 + 20;
  const out: string[] = [];
  const text = (x: number, y: number, body: string, attrs = '') =>
    out.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(body)}</text>`);
  const rect = (x: number, y: number, w: number, h: number, fill: string) =>
    out.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${h}" fill="${fill}"/>`,
    );

  out.push(`<rect width="${PLAN_CHART_WIDTH}" height="${height}" fill="#ffffff"/>`);
  text(LABEL, 40, `${title}: action mix and coverage by segment`, 'font-size="24" font-weight="bold" fill="#222"');
  const k = outcome.kpis;
  text(
    LABEL,
    72,
    `${formatNumber(k.customers_treated)} of ${formatNumber(k.customers)} customers assigned · spend ${formatMoney(k.total_spend)} of ${formatMoney(outcome.policy.budget)} · net value ${formatMoney(k.net_value)}`,
    'font-size="16" fill="#444"',
  );
  const left = LABEL;
  const right = LABEL + LEFT_WIDTH + GAP;
  text(left, TOP - 22, 'Customers by action', 'font-size="17" font-weight="bold" fill="#222"');
  text(right, TOP - 22, 'Share assigned, against the floor', 'font-size="17" font-weight="bold" fill="#222"');

  const ticks = niceTicks(0, Math.max(1, ...rows.map((row) => row.customers)), 4);
  const xMax = ticks[ticks.length - 1];
  const xOf = (customers: number) => left + (customers / xMax) * LEFT_WIDTH;
  const shareOf = (share: number) => right + Math.min(1, share) * RIGHT_WIDTH;
  for (const t of ticks) {
    out.push(
      `<line x1="${xOf(t).toFixed(1)}" x2="${xOf(t).toFixed(1)}" y1="${TOP}" y2="${plotBottom}" stroke="#e2e2e2"/>`,
    );
    text(xOf(t), plotBottom + 20, formatNumber(t), 'font-size="13" fill="#555" text-anchor="middle"');
  }
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(
      `<line x1="${shareOf(share).toFixed(1)}" x2="${shareOf(share).toFixed(1)}" y1="${TOP}" y2="${plotBottom}" stroke="#e2e2e2"/>`,
    );
    text(shareOf(share), plotBottom + 20, `${share * 100}%`, 'font-size="13" fill="#555" text-anchor="middle"');
  }

  rows.forEach((row, j) => {
    const y = TOP + j * ROW + (ROW - BAR) / 2;
    text(left - 10, y + BAR - 6, clip(row.segment, 22), 'font-size="15" fill="#222" text-anchor="end"');
    rect(left, y, xOf(row.customers) - left, BAR, UNASSIGNED_COLOUR);
    let at = 0;
    for (const part of row.byAction) {
      rect(xOf(at), y, xOf(at + part.customers) - xOf(at), BAR, colourOf.get(part.actionId) ?? '#888888');
      at += part.customers;
    }
    const share = row.customers > 0 ? row.assigned / row.customers : 0;
    const floorShare = row.customers > 0 ? row.floor / row.customers : 0;
    const met = row.assigned >= row.floor;
    rect(right, y, RIGHT_WIDTH, BAR, '#f4f4f4');
    rect(right, y, shareOf(share) - right, BAR, met ? FLOOR_MET_COLOUR : FLOOR_MISSED_COLOUR);
    const fx = shareOf(floorShare).toFixed(1);
    out.push(`<line x1="${fx}" x2="${fx}" y1="${y - 4}" y2="${y + BAR + 4}" stroke="#222" stroke-width="3"/>`);
  });
  if (rows.length === 0) text(left, TOP + 22, 'No segment in the predictions', 'font-size="15" fill="#555"');

  let y = plotBottom + 48;
  if (omitted > 0) {
    text(left, y, `…and ${formatNumber(omitted)} smaller segments not drawn`, 'font-size="14" fill="#555"');
    y += 26;
  }
  text(right, plotBottom + 48, 'black tick: the floor; red: below it', 'font-size="13" fill="#555"');
  used.forEach((row, i) => {
    const x = left + (i % 3) * 320;
    const ly = y + Math.floor(i / 3) * 28;
    rect(x, ly - 13, 16, 16, colourOf.get(row.action_id) ?? '#888888');
    text(x + 24, ly, clip(row.action_name, 32), 'font-size="14" fill="#222"');
  });

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${PLAN_CHART_WIDTH}" height="${height}" viewBox="0 0 ${PLAN_CHART_WIDTH} ${height}" font-family="${CHART_FONT_FAMILY}">${out.join('')}</svg>`;
  return { svg, width: PLAN_CHART_WIDTH, height, rows, omitted };
}
