import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ParquetWriter, fileWriter, type ColumnSource } from 'hyparquet-writer';
import { seededRandom } from '../scripts/seeded-random.ts';

/**
 * The week the reading benchmark reads: the columns a churn-model pipeline writes, with what
 * makes CSV slow to read: quoted ids holding commas and doubled quotes (one in ten), p with six
 * decimals, a quoted region with a comma, a churn_reduction column empty for a third of the
 * customers, and three columns the planner ignores. About 85 bytes a row.
 */
export const READ_WEEK_COLUMNS = [
  'customer_id',
  'churn_probability',
  'subscription_type',
  'clv',
  'tenure_months',
  'region',
  'churn_reduction_2',
  'last_seen',
  'model_version',
] as const;

const SEGMENTS = ['Premium', 'Family', 'Student', 'Free', 'Duo'];
const REGIONS = ['Lyon, FR', 'Berlin', 'Austin, TX', 'Oslo', 'São Paulo, BR', 'Leeds'];
const BATCH = 100_000;

interface Batch {
  ids: string[];
  p: number[];
  segment: string[];
  clv: number[];
  tenure: number[];
  region: string[];
  reduction: (number | null)[];
  lastSeen: string[];
}

function makeBatch(from: number, to: number, random: () => number): Batch {
  const batch: Batch = { ids: [], p: [], segment: [], clv: [], tenure: [], region: [], reduction: [], lastSeen: [] };
  for (let i = from; i < to; i++) {
    const p = Math.round(random() * 1e6) / 1e6;
    batch.ids.push(i % 10 === 0 ? `ACME, "${i}"` : `CUST-${String(i).padStart(9, '0')}`);
    batch.p.push(p);
    batch.segment.push(SEGMENTS[Math.floor(random() * SEGMENTS.length)]);
    batch.clv.push(Math.round(random() * 90_000) / 100);
    batch.tenure.push(i % 120);
    batch.region.push(REGIONS[i % REGIONS.length]);
    batch.reduction.push(i % 3 === 0 ? null : Math.floor(p * 0.15 * 1e6) / 1e6);
    batch.lastSeen.push(`2026-03-0${1 + (i % 9)}`);
  }
  return batch;
}

const quote = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

async function writeCsv(rows: number, path: string): Promise<void> {
  const out = createWriteStream(path);
  const random = seededRandom(rows);
  out.write(`${READ_WEEK_COLUMNS.join(',')}\n`);
  for (let from = 0; from < rows; from += BATCH) {
    const b = makeBatch(from, Math.min(rows, from + BATCH), random);
    let text = '';
    for (let k = 0; k < b.ids.length; k++)
      text += `${quote(b.ids[k])},${b.p[k]},${b.segment[k]},${b.clv[k]},${b.tenure[k]},${quote(b.region[k])},${b.reduction[k] ?? ''},${b.lastSeen[k]},churn-v3.2.1\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

async function writeParquet(rows: number, path: string): Promise<void> {
  const random = seededRandom(rows);
  const text = (name: string) => ({
    name,
    type: 'BYTE_ARRAY' as const,
    converted_type: 'UTF8' as const,
    repetition_type: 'REQUIRED' as const,
  });
  const double = (name: string, optional = false) => ({
    name,
    type: 'DOUBLE' as const,
    repetition_type: optional ? ('OPTIONAL' as const) : ('REQUIRED' as const),
  });
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: [
      { name: 'root', num_children: READ_WEEK_COLUMNS.length },
      text('customer_id'),
      double('churn_probability'),
      text('subscription_type'),
      double('clv'),
      { name: 'tenure_months', type: 'INT32', repetition_type: 'REQUIRED' },
      text('region'),
      double('churn_reduction_2', true),
      text('last_seen'),
      text('model_version'),
    ],
  });
  for (let from = 0; from < rows; from += BATCH) {
    const b = makeBatch(from, Math.min(rows, from + BATCH), random);
    const columnData: ColumnSource[] = [
      { name: 'customer_id', data: b.ids },
      { name: 'churn_probability', data: b.p },
      { name: 'subscription_type', data: b.segment },
      { name: 'clv', data: b.clv },
      { name: 'tenure_months', data: b.tenure },
      { name: 'region', data: b.region },
      { name: 'churn_reduction_2', data: b.reduction },
      { name: 'last_seen', data: b.lastSeen },
      { name: 'model_version', data: b.ids.map(() => 'churn-v3.2.1') },
    ];
    await writer.write({ columnData, rowGroupSize: BATCH });
  }
  await writer.finish();
}

/** The week of `rows` customers as CSV and Parquet under `dir`, generated once and reused after. */
export async function ensureReadWeek(rows: number, dir: string): Promise<{ csv: string; parquet: string }> {
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `read-week-${rows}.csv`);
  const parquet = join(dir, `read-week-${rows}.parquet`);
  for (const [path, write] of [
    [csv, writeCsv],
    [parquet, writeParquet],
  ] as const) {
    if (existsSync(path)) continue;
    await write(rows, `${path}.partial`);
    renameSync(`${path}.partial`, path);
  }
  return { csv, parquet };
}
