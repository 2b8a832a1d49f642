/**
 * `npx tsx bench/wide-week.ts [--seed 3] [--n 1000000] [--actions 63] [--dir bench/tmp/wide]`: a
 * week of random shape (bench/wild-weeks.ts) whose catalog is widened to `--actions` actions, each
 * with a churn-reduction column of its own: an uplift model per action over a wide catalog. Writes
 * predictions.csv, catalog.json and the policy as `npm run plan` words, and prints the command
 * that plans it. The figures measured with it are in bench/RESULTS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Action } from '../src/domain/catalog.ts';
import { DEFAULT_POLICY, type Policy } from '../src/domain/policy.ts';
import { seededRandom } from '../scripts/seeded-random.ts';
import { writePredictionsCsv } from './generate-instance.ts';
import { drawWildWeek, type WildWeek } from './wild-weeks.ts';

const CHANNELS = ['email', 'push', 'in_app', 'sms', 'call', 'direct_mail'] as const;

/**
 * The week of `seed` with `actions` actions in turn on six channels, costs $0-8 and uplifts up to
 * 0.3, and per customer and action a churn reduction of up to 0.4 of the customer's p.
 */
export function drawWideWeek(seed: number, n: number, actions: number): WildWeek {
  const week = drawWildWeek(seed, n);
  const draw = seededRandom(seed * 31 + 7);
  const catalog: Action[] = [
    week.catalog[0],
    ...Array.from({ length: actions }, (_, a) => ({
      id: a + 1,
      name: `Wide ${a + 1}`,
      channel: CHANNELS[a % CHANNELS.length],
      cost: Math.round(draw() * 800) / 100,
      uplift: Math.round(draw() * 300) / 1000,
    })),
  ];
  const reductions = new Map<number, Float64Array>();
  for (const action of catalog.slice(1))
    reductions.set(
      action.id,
      Float64Array.from(week.predictions.p, (p) => Math.round(p * draw() * 0.4 * 1e5) / 1e5),
    );
  return {
    ...week,
    catalog,
    predictions: { ...week.predictions, reductions },
    shape: `${week.shape.replace(/\d+ actions/, `${actions} actions`)}, a reduction column per action`,
  };
}

/** The rules a wild week draws, as `npm run plan` words (those off the default). */
function ruleWords(policy: Policy): string[] {
  const keys = [
    'budget',
    'email_cap',
    'push_cap',
    'min_high_risk',
    'high_risk_threshold',
    'min_premium',
    'max_action_share',
    'min_segment_coverage',
    'objective',
  ] as const;
  return keys.filter((key) => policy[key] !== DEFAULT_POLICY[key]).map((key) => `${key}=${policy[key]}`);
}

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '3' },
    n: { type: 'string', default: '1000000' },
    actions: { type: 'string', default: '63' },
    dir: { type: 'string', default: 'bench/tmp/wide' },
  },
});
const week = drawWideWeek(Number(values.seed), Number(values.n), Number(values.actions));
mkdirSync(values.dir, { recursive: true });
const predictions = join(values.dir, 'predictions.csv');
const catalog = join(values.dir, 'catalog.json');
await writePredictionsCsv(week.predictions, predictions);
writeFileSync(catalog, `${JSON.stringify(week.catalog, null, 2)}\n`);
const words = ruleWords(week.policy).join(' ');
writeFileSync(join(values.dir, 'words.txt'), `${words}\n`);
process.stdout.write(
  `${week.shape}\nnode scripts/start-cli.mjs plan ${words} --predictions ${predictions} --actions ${catalog} --json\n`,
);
