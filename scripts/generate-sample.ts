/**
 * Writes the embedded sample predictions (data/sample/predictions.csv): 250 customers like the
 * reference analysis — four segments of about 62, about 40% above p = 0.5, CLV in the hundreds of
 * dollars. Seeded, so the committed file is reproducible: `npm run sample` rewrites it unchanged.
 * `npm run sample -- --customers 75000 --seed 7 --out FILE` writes larger files of the same shape.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seededRandom } from './seeded-random.ts';

const SEGMENTS = [
  { name: 'Premium', clv: [300, 650] },
  { name: 'Family', clv: [350, 750] },
  { name: 'Student', clv: [120, 320] },
  { name: 'Free', clv: [100, 260] },
] as const;

export function sampleRows(customers: number, seed: number): string[] {
  const random = seededRandom(seed);
  const rows = ['customer_id,churn_probability,subscription_type,clv,tenure_months'];
  for (let i = 0; i < customers; i++) {
    const segment = SEGMENTS[i % SEGMENTS.length];
    const highRisk = random() < 0.4;
    const p = highRisk ? 0.5 + 0.01 + random() * 0.44 : 0.03 + random() * 0.47;
    const clv = segment.clv[0] + random() * (segment.clv[1] - segment.clv[0]);
    const tenure = 1 + Math.floor(random() * 60);
    rows.push(`C${String(100001 + i)},${p.toFixed(4)},${segment.name},${clv.toFixed(2)},${tenure}`);
  }
  return rows;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '250' },
      seed: { type: 'string', default: '20251102' },
      out: { type: 'string', default: 'data/sample/predictions.csv' },
    },
  });
  const rows = sampleRows(Number(values.customers), Number(values.seed));
  writeFileSync(values.out, `${rows.join('\n')}\n`);
  console.error(`wrote ${rows.length - 1} customers to ${values.out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
