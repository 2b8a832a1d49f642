/**
 * Issue 21's many-segment weeks, reproduced (one measurement per process, so peak RSS is its own):
 *   npx tsx bench/many-segments.ts --n 10000 --segments 5000 --write /tmp/cities.csv
 *     writes the predictions, for `npm run plan -- --predictions /tmp/cities.csv --time-limit 10`
 *   npx tsx bench/many-segments.ts --n 100000 --segments 100 [--time-limit 10] [--budget-per-customer 0.6] [--actions 64]
 *     plans them in this process and prints `RESULT {json}`: status, solve and wall seconds, peak RSS
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CATALOG, type Action } from '../src/domain/catalog.ts';
import { isPlannerError } from '../src/domain/errors.ts';
import { planWeek } from '../src/solver/plan-week.ts';
import { generateManySegments, scaledPolicy, writePredictionsCsv } from './generate-instance.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    segments: { type: 'string', default: '5000' },
    write: { type: 'string' },
    'time-limit': { type: 'string', default: '10' },
    'budget-per-customer': { type: 'string', default: '20' },
    actions: { type: 'string' },
  },
});
const n = Number(values.n);
const segments = Number(values.segments);
const predictions = generateManySegments(n, segments, 7);

/** The default catalog, or `count` generated actions over four channels (a catalog's largest size is 64). */
function catalogOf(count: number | undefined): Action[] {
  if (count === undefined) return [...DEFAULT_CATALOG];
  const channels = ['email', 'push', 'in_app', 'sms'] as const;
  return Array.from({ length: count }, (_, k) => ({
    id: k + 1,
    name: `Action ${k + 1}`,
    channel: channels[k % 4],
    cost: 0.5 + (k % 9),
    uplift: 0.02 + 0.003 * k,
  }));
}

if (values.write) {
  await writePredictionsCsv(predictions, values.write);
  process.stdout.write(`wrote ${n} customers in ${segments} segments to ${values.write}\n`);
} else {
  const timeLimitSeconds = Number(values['time-limit']);
  const catalog = catalogOf(values.actions === undefined ? undefined : Number(values.actions));
  const policy = { ...scaledPolicy(n), budget: Number(values['budget-per-customer']) * n, email_cap: n, push_cap: n };
  const started = performance.now();
  const result: Record<string, unknown> = { n, segments, actions: catalog.length, timeLimitSeconds };
  try {
    const outcome = await planWeek({ predictions, catalog, policy, timeLimitSeconds });
    Object.assign(result, { status: outcome.status, gap: outcome.solver.gap, solveSeconds: outcome.solver.seconds });
  } catch (error) {
    Object.assign(result, { status: 'refused', code: isPlannerError(error) ? error.code : 'INTERNAL' });
  }
  const wallSeconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `RESULT ${JSON.stringify({ ...result, wallSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}
