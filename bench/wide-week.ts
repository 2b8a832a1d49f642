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
import { policyWords } from '../src/domain/policy-words.ts';
import { writePredictionsCsv } from './generate-instance.ts';
import { drawWideWeek } from './wild-weeks.ts';

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
const words = policyWords(week.policy).join(' ');
writeFileSync(join(values.dir, 'words.txt'), `${words}\n`);
process.stdout.write(
  `${week.shape}\nnode scripts/start-cli.mjs plan ${words} --predictions ${predictions} --actions ${catalog} --json\n`,
);
