import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { CustomerIds } from '../src/domain/customer-ids.ts';
import { DEFAULT_POLICY, type Policy } from '../src/domain/policy.ts';
import type { Predictions } from '../src/domain/predictions.ts';
import { seededRandom } from '../scripts/seeded-random.ts';

/** The segment mix of generated customers (shares sum to 1). */
const SEGMENTS = [
  { name: 'Premium', share: 0.25, clvMedian: 320 },
  { name: 'Family', share: 0.2, clvMedian: 380 },
  { name: 'Student', share: 0.2, clvMedian: 110 },
  { name: 'Free', share: 0.35, clvMedian: 45 },
] as const;

/** The reference family's segment names, in order. */
export const REFERENCE_SEGMENTS: readonly string[] = SEGMENTS.map((s) => s.name);

/** The sample's size: the default policy's budget and channel caps are sized for it. */
export const REFERENCE_CUSTOMERS = 250;

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Generated predictions written straight into typed columns (no object per customer):
 * p = logistic(N(-0.9, 1.3)) rounded to 4 decimals, CLV log-normal around a segment median
 * rounded to cents, so a CSV of them parses back to exactly the same numbers.
 */
export function generatePredictions(n: number, seed = 1): Predictions {
  const random = seededRandom(seed);
  const p = new Float64Array(n);
  const v = new Float64Array(n);
  const segmentOf = new Uint16Array(n);
  const ids = new Array<string>(n);
  const width = String(Math.max(n, 1)).length;
  for (let i = 0; i < n; i++) {
    const draw = random();
    let s = 0;
    let cumulative = SEGMENTS[0].share;
    while (draw > cumulative && s < SEGMENTS.length - 1) cumulative += SEGMENTS[++s].share;
    segmentOf[i] = s;
    p[i] = Math.round(10_000 / (1 + Math.exp(0.9 - 1.3 * normal(random)))) / 10_000;
    v[i] = Math.round(100 * SEGMENTS[s].clvMedian * Math.exp(0.6 * normal(random))) / 100;
    ids[i] = `C${String(i + 1).padStart(width, '0')}`;
  }
  return {
    source: `generated:${n}:${seed}`,
    ids: CustomerIds.from(ids),
    p,
    v,
    segmentOf,
    segments: SEGMENTS.map((s) => s.name),
    clvEstimated: false,
    reductions: new Map(),
  };
}

/**
 * Generated predictions whose `subscription_type` holds `segments` distinct values ("City 1",
 * "City 2", …, one after another), as when a city or region column is put there (issue 21).
 */
export function generateManySegments(n: number, segments: number, seed = 1): Predictions {
  const predictions = generatePredictions(n, seed);
  for (let i = 0; i < n; i++) predictions.segmentOf[i] = i % segments;
  return {
    ...predictions,
    source: `generated:${n}:${seed}:${segments}-segments`,
    segments: Array.from({ length: Math.min(n, segments) }, (_, s) => `City ${s + 1}`),
  };
}

/**
 * The default policy scaled to n customers: budget, email_cap and push_cap grow in proportion
 * to n / 250 (the sample's size); the shares (coverage floors, saturation caps) already scale.
 */
export function scaledPolicy(n: number): Policy {
  const factor = n / REFERENCE_CUSTOMERS;
  return {
    ...DEFAULT_POLICY,
    budget: DEFAULT_POLICY.budget * factor,
    email_cap: Math.round(DEFAULT_POLICY.email_cap * factor),
    push_cap: Math.round(DEFAULT_POLICY.push_cap * factor),
  };
}

/** A CSV field: quoted (inner quotes doubled) when it holds a comma, a quote or a line break. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes predictions as the CSV of SPEC 2.1 (customer_id, churn_probability, subscription_type,
 * clv, then a `churn_reduction_<id>` column per uplift column, empty where the model gave none).
 */
export async function writePredictionsCsv(predictions: Predictions, path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const uplift = [...predictions.reductions];
  const header = [
    'customer_id',
    'churn_probability',
    'subscription_type',
    'clv',
    ...uplift.map(([id]) => `churn_reduction_${id}`),
  ];
  await write(`${header.join(',')}\n`);
  const lines: string[] = [];
  for (let i = 0; i < predictions.ids.length; i++) {
    const cells = [
      csvField(predictions.ids.at(i)),
      String(predictions.p[i]),
      csvField(predictions.segments[predictions.segmentOf[i]]),
      String(predictions.v[i]),
      ...uplift.map(([, column]) => (Number.isNaN(column[i]) ? '' : String(column[i]))),
    ];
    lines.push(`${cells.join(',')}\n`);
    if (lines.length === 10_000) {
      await write(lines.join(''));
      lines.length = 0;
    }
  }
  await write(lines.join(''));
  out.end();
  await once(out, 'finish');
}
