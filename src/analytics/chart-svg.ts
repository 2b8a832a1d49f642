import { POLICY_KEYS } from '../domain/policy.ts';
import { CHART_FONT_FAMILY } from './chart-font.ts';
import { describeKnee, formatKeyValue, formatMoney } from './format.ts';
import type { SweepResult } from './sweep.ts';
import { formatNumber } from '../domain/format-number.ts';

export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 900;

/** Series colours (also what tests look for in the rendered PNG). */
export const SERIES = [
  {
    id: 'net_value',
    title: 'Net value',
    axis: 'dollars',
    colour: '#1f5fa8',
    read: (k: { net_value: number }) => k.net_value,
  },
  { id: 'roi_pct', title: 'ROI', axis: 'percent', colour: '#23883a', read: (k: { roi_pct: number }) => k.roi_pct },
  {
    id: 'customers_treated',
    title: 'Customers treated',
    axis: 'count',
    colour: '#c8641c',
    read: (k: { customers_treated: number }) => k.customers_treated,
  },
] as const;
export const KNEE_COLOUR = '#c0262d';

export interface PlottedPoint {
  series: (typeof SERIES)[number]['id'];
  value: number;
  x: number;
  y: number;
}

export interface SweepChart {
  svg: string;
  width: number;
  height: number;
  /** Pixel centre of every plotted marker. */
  points: PlottedPoint[];
}

/** Text as SVG character data: the five XML specials as numeric references. */
export const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** About five round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  const last = Math.ceil(hi / step - 1e-9);
  for (let j = Math.floor(lo / step + 1e-9); j <= last; j++) ticks.push(Number((j * step).toPrecision(12)));
  return ticks;
}

/** Tick labels with just enough digits for the tick step (so $1,955 and $1,960 never both read "$2k"). */
function formatAxis(axis: string, value: number, step: number): string {
  if (axis === 'dollars' && step >= 500) return formatMoney(value, { compact: true });
  const digits = [0, 1, 2].find((d) => Math.abs(step * 10 ** d - Math.round(step * 10 ** d)) < 1e-6) ?? 2;
  const text = formatNumber(value, digits, digits);
  if (axis === 'dollars') return value < 0 ? `-$${text.slice(1)}` : `$${text}`;
  return axis === 'percent' ? `${text}%` : text;
}

const LEFT = 120;
const RIGHT = 40;
const TOP = 118;
const PANEL = 208;
const GAP = 48;

/**
 * The sweep chart as an SVG string: three panels sharing the swept key's axis (net value, ROI,
 * customers treated), each level a marker joined by a line, levels without a plan marked
 * "no plan" on the axis, and the knee (see `findKnee`) as a dashed red line with its value.
 */
export function buildSweepChart(sweep: SweepResult): SweepChart {
  const xs = sweep.points.map((p) => p.value);
  const [xlo, xhi] = [Math.min(...xs), Math.max(...xs)];
  const plotWidth = CHART_WIDTH - LEFT - RIGHT;
  const logScale = sweep.spacing === 'log' && xlo > 0;
  const scale = (v: number) => (logScale ? Math.log(v) : v);
  const xOf = (v: number) =>
    LEFT + (xhi > xlo ? ((scale(v) - scale(xlo)) / (scale(xhi) - scale(xlo))) * plotWidth : plotWidth / 2);
  const keyText = (v: number) => formatKeyValue(sweep.key, v);
  // Panels, grids and the knee line go behind the series, so that no marker is drawn over.
  const out: string[] = [];
  const front: string[] = [];
  const points: PlottedPoint[] = [];
  const text = (x: number, y: number, body: string, attrs = '') =>
    out.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(body)}</text>`);

  out.push(`<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`);
  text(
    LEFT,
    42,
    `Net value, ROI and customers treated by ${sweep.key}`,
    'font-size="26" font-weight="bold" fill="#222"',
  );
  const knee = sweep.knee;
  const subtitle = knee
    ? `Knee at ${keyText(knee.value)}: ${describeKnee(sweep.key, knee)}`
    : 'No knee: returns do not visibly diminish over this range';
  text(LEFT, 76, subtitle, 'font-size="17" fill="#444"');

  const withPlan = sweep.points.filter((p) => p.kpis);
  SERIES.forEach((series, s) => {
    const top = TOP + s * (PANEL + GAP);
    const bottom = top + PANEL;
    const values = withPlan.map((p) => series.read(p.kpis as never));
    const ticks = values.length > 0 ? niceTicks(Math.min(...values), Math.max(...values)) : [0, 1];
    const [ylo, yhi] = [ticks[0], ticks[ticks.length - 1]];
    const yOf = (v: number) => bottom - ((v - ylo) / (yhi - ylo || 1)) * PANEL;
    out.push(`<rect x="${LEFT}" y="${top}" width="${plotWidth}" height="${PANEL}" fill="#fafafa" stroke="#bbb"/>`);
    for (const t of ticks) {
      out.push(
        `<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${yOf(t).toFixed(1)}" y2="${yOf(t).toFixed(1)}" stroke="#e2e2e2"/>`,
      );
      text(
        LEFT - 10,
        yOf(t) + 5,
        formatAxis(series.axis, t, ticks[1] - ticks[0]),
        'font-size="14" fill="#555" text-anchor="end"',
      );
    }
    text(LEFT, top - 10, series.title, `font-size="18" font-weight="bold" fill="${series.colour}"`);
    const path = withPlan
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${xOf(p.value).toFixed(1)},${yOf(values[j]).toFixed(1)}`)
      .join(' ');
    if (path) front.push(`<path d="${path}" fill="none" stroke="${series.colour}" stroke-width="3"/>`);
    withPlan.forEach((p, j) => {
      const [x, y] = [xOf(p.value), yOf(values[j])];
      front.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="7" fill="${series.colour}"/>`);
      points.push({ series: series.id, value: p.value, x, y });
    });
    for (const p of sweep.points.filter((q) => !q.kpis))
      text(xOf(p.value), bottom - 10, 'no plan', `font-size="13" fill="${KNEE_COLOUR}" text-anchor="middle"`);
  });

  const lastBottom = TOP + 3 * PANEL + 2 * GAP;
  if (knee) {
    const x = xOf(knee.value).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${TOP}" y2="${lastBottom}" stroke="${KNEE_COLOUR}" stroke-width="2" stroke-dasharray="8 6"/>`,
    );
    text(
      Number(x) + 8,
      TOP + PANEL - 14,
      `knee ${keyText(knee.value)}`,
      `font-size="16" font-weight="bold" fill="${KNEE_COLOUR}"`,
    );
  }
  const every = Math.max(1, Math.ceil(xs.length / 14));
  xs.forEach((v, j) => {
    if (j % every !== 0 && j !== xs.length - 1) return;
    out.push(
      `<line x1="${xOf(v).toFixed(1)}" x2="${xOf(v).toFixed(1)}" y1="${lastBottom}" y2="${lastBottom + 6}" stroke="#555"/>`,
    );
    text(xOf(v), lastBottom + 24, keyText(v), 'font-size="14" fill="#333" text-anchor="middle"');
  });
  text(
    LEFT + plotWidth / 2,
    lastBottom + 54,
    `${sweep.key} (${POLICY_KEYS[sweep.key].meaning}${logScale ? ', log scale' : ''})`,
    'font-size="17" fill="#222" text-anchor="middle"',
  );

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${CHART_FONT_FAMILY}">${out.join('')}${front.join('')}</svg>`;
  return { svg, width: CHART_WIDTH, height: CHART_HEIGHT, points };
}
