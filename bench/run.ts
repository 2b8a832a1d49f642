/**
 * `npm run bench [-- --quick] [-- --sizes 250,5000 --time-limit 120 --cbc-max 300000 --sweep-sizes 75000
 *   --families reference,harder --family-sizes 75000,1000000 --big-sizes 10000000 --e2e-sizes 75000
 *   --read-sizes 1000000,10000000 --big-rows 10000000 --horizon-sizes 75000,1000000 --pass-sizes 1000000
 *   --explore-seeds 1-300 --explore-n 20000 --explore-limit 20 --explore-large-seeds 1-300
 *   --explore-large-n 200000]`:
 * the structure-aware solver against the whole-model HiGHS MIP and CBC on the reference family
 * (the default catalog, the default policy scaled to the size), then every family of
 * bench/families.ts at each size (solves, marginal values, sweeps, end to end, 10M), then the
 * product as a user runs it (the compiled CLIs on the sample, the big week end to end, the
 * readers, the horizon), weeks of random shapes (bench/explore.ts; the first of them again at
 * a larger size, plans alone), every measurement in a fresh process (an empty size list, or --big-rows 0,
 * skips its part). Writes bench/RESULTS.md;
 * `--quick` runs every part at small sizes in a few minutes and writes bench/tmp/RESULTS-quick.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { cbcAvailable, runCbc } from './cbc.ts';
import { exploreInChild } from './explore.ts';
import { child as childProcess, log, summary } from './child.ts';
import { FAMILY_NAMES, isFamilyName, type FamilyName } from './families.ts';
import { renderFamilies } from './family-results.ts';
import { measureFamilies } from './measure-families.ts';
import { buildCompiledCli } from './cli-run.ts';
import { measureProduct, renderProduct } from './product-runs.ts';
import { renderResults, type Row } from './results-table.ts';

/** `--quick`: every part of the bench at sizes that run in minutes, to check that it runs. */
const QUICK: Record<string, string> = {
  sizes: '250,5000',
  'time-limit': '30',
  'e2e-sizes': '5000',
  'sweep-sizes': '5000',
  'family-sizes': '5000',
  'big-sizes': '',
  'read-sizes': '100000',
  'read-reference-max': '100000',
  'big-rows': '100000',
  'horizon-sizes': '5000',
  'pass-sizes': '100000',
  'explore-seeds': '1-6',
  'explore-n': '2000',
  'explore-limit': '10',
  'explore-large-seeds': '1-2',
  'explore-large-n': '5000',
  out: 'bench/tmp/RESULTS-quick.md',
};

const { values: given } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '250,5000,75000,300000,1000000' },
    'time-limit': { type: 'string', default: '120' },
    'highs-max': { type: 'string', default: '150000' },
    'cbc-max': { type: 'string', default: '300000' },
    'e2e-sizes': { type: 'string', default: '75000,1000000' },
    'sweep-sizes': { type: 'string', default: '75000' },
    families: { type: 'string', default: FAMILY_NAMES.join(',') },
    'family-sizes': { type: 'string', default: '75000,1000000' },
    'big-sizes': { type: 'string', default: '10000000' },
    'big-families': { type: 'string', default: 'reference,harder' },
    'read-sizes': { type: 'string', default: '1000000,10000000' },
    'read-reference-max': { type: 'string', default: '1000000' },
    'big-rows': { type: 'string', default: '10000000' },
    'horizon-sizes': { type: 'string', default: '75000,1000000' },
    'pass-sizes': { type: 'string', default: '1000000,10000000' },
    'explore-seeds': { type: 'string', default: '1-300' },
    'explore-n': { type: 'string', default: '20000' },
    'explore-limit': { type: 'string', default: '20' },
    'explore-large-seeds': { type: 'string', default: '1-300' },
    'explore-large-n': { type: 'string', default: '200000' },
    'data-dir': { type: 'string', default: 'bench/tmp' },
    out: { type: 'string', default: 'bench/RESULTS.md' },
  },
});
const values = given.quick ? { ...given, ...QUICK } : given;
const numbers = (text: string) => text.split(',').filter(Boolean).map(Number);
const sizes = numbers(values.sizes);
const timeLimit = Number(values['time-limit']);
const highsMax = Number(values['highs-max']);
const cbcMax = Number(values['cbc-max']);
const e2eSizes = numbers(values['e2e-sizes']);
const sweepSizes = numbers(values['sweep-sizes']);
const familySizes = numbers(values['family-sizes']);
const bigSizes = numbers(values['big-sizes']);
const namesOf = (text: string): FamilyName[] =>
  text
    .split(',')
    .filter(Boolean)
    .map((name) => {
      if (!isFamilyName(name)) throw new Error(`unknown family ${name} (${FAMILY_NAMES.join(', ')})`);
      return name;
    });
const familyNames = namesOf(values.families);
const bigFamilies = namesOf(values['big-families']);
const work = join(tmpdir(), `retention-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

const child = (args: string[], extraNode: string[] = []) => childProcess(args, 2 * timeLimit, extraNode);

async function measureSize(n: number, cbc: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const limit = ['--time-limit', String(timeLimit)];
  log(`n=${n}: structure-aware (warm)`);
  const warm = await child(['--method', 'structured', '--n', String(n), ...limit]);
  log(`  ${summary(warm)}`);
  rows.push({ ...warm, n, method: 'structure-aware', note: `${String(warm.solver)}, after warm-up` });
  log(`n=${n}: structure-aware (cold)`);
  const cold = await child(['--method', 'structured', '--n', String(n), '--cold', ...limit]);
  log(`  ${summary(cold)}`);
  rows.push({
    ...cold,
    n,
    method: 'structure-aware, cold',
    note: `${String(cold.solver)}, first HiGHS solve of a fresh process`,
  });

  if (n <= highsMax) {
    log(`n=${n}: whole-model HiGHS`);
    const whole = await child(['--method', 'highs', '--n', String(n), ...limit]);
    log(`  ${summary(whole)}`);
    rows.push({ ...whole, n, method: 'HiGHS whole model', note: `time limit ${timeLimit} s, after warm-up` });
  } else {
    rows.push({
      n,
      method: 'HiGHS whole model',
      status: 'not run',
      note: `Wasm heap: HiGHS Wasm crashes near 500k customers (2 GiB heap); skipped above ${highsMax.toLocaleString('en-US')}`,
    });
  }

  if (!cbc) {
    rows.push({ n, method: 'CBC', status: 'not run', note: 'cbc not installed (apt-get install -y coinor-cbc)' });
  } else if (n > cbcMax) {
    rows.push({
      n,
      method: 'CBC',
      status: 'not run',
      note: `skipped above ${cbcMax.toLocaleString('en-US')} customers (MPS of ${n.toLocaleString('en-US')} customers: reading alone nears the time cap)`,
    });
  } else {
    const file = join(work, `model-${n}.mps`);
    log(`n=${n}: writing MPS`);
    const written = await child(['--method', 'mps', '--n', String(n), '--file', file]);
    log(`n=${n}: CBC`);
    const result = await runCbc(file, timeLimit);
    log(
      `  ${result.status} obj=${result.objective} bound=${result.bound} ${result.seconds.toFixed(2)} s ${result.peakRssMb} MB (${result.detail})`,
    );
    rows.push({
      ...result,
      n,
      method: 'CBC',
      note: `${result.detail}; wall time incl. reading the MPS (${Number(written.seconds).toFixed(1)} s to write it, not counted)`,
    });
    rmSync(file, { force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  const cbc = cbcAvailable();
  const cbcVersion = cbc
    ? (/Version: (\S+)/.exec(spawnSync('cbc', ['-quit'], { encoding: 'utf8' }).stdout)?.[1] ?? '?')
    : 'not installed';
  const startLoad = loadavg()[0];
  const started = new Date();
  const solverRows: Row[] = [];
  for (const n of sizes) solverRows.push(...(await measureSize(n, cbc)));
  buildCompiledCli();
  const families = await measureFamilies({
    families: familyNames,
    sizes: familySizes,
    analysisSizes: sweepSizes,
    bigSizes,
    bigFamilies,
    e2eSizes,
    timeLimit,
    work,
  });
  const product = await measureProduct({
    bigRows: Number(values['big-rows']),
    readSizes: numbers(values['read-sizes']),
    readReferenceMax: Number(values['read-reference-max']),
    horizonSizes: numbers(values['horizon-sizes']),
    passSizes: numbers(values['pass-sizes']),
    timeLimit,
    dir: values['data-dir'],
    work,
  });
  log(`random shapes: seeds ${values['explore-seeds']}, n=${values['explore-n']}`);
  const explore = values['explore-seeds']
    ? await exploreInChild(values['explore-seeds'], Number(values['explore-n']), Number(values['explore-limit']), true)
    : '';
  log(`random shapes, larger: seeds ${values['explore-large-seeds']}, n=${values['explore-large-n']}`);
  const exploreLarge = values['explore-large-seeds']
    ? await exploreInChild(
        values['explore-large-seeds'],
        Number(values['explore-large-n']),
        Number(values['explore-limit']),
      )
    : '';
  const markdown = renderResults({
    started,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, CBC ${cbcVersion}; load average ${startLoad.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end (the machine is shared)`,
    timeLimit,
    solverRows,
    e2eRows: families.e2e,
    sweepRows: families.sweeps,
    families: renderFamilies(families),
    product: renderProduct(product),
    explore,
    exploreLarge,
  });
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, markdown);
  rmSync(work, { recursive: true, force: true });
  log(`wrote ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
