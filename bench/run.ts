/**
 * `npm run bench [-- --sizes 250,5000 --time-limit 120 --cbc-max 300000 --sweep-sizes 75000]`: the structure-aware solver
 * against the whole-model HiGHS MIP and CBC on generated instances of the default catalog
 * with the default policy scaled to the size, every measurement in a fresh process.
 * Writes bench/RESULTS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cbcAvailable, runCbc } from './cbc.ts';
import { scaledPolicy } from './generate-instance.ts';
import { renderResults, type Row } from './results-table.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '250,5000,75000,300000,1000000' },
    'time-limit': { type: 'string', default: '120' },
    'highs-max': { type: 'string', default: '150000' },
    'cbc-max': { type: 'string', default: '300000' },
    'e2e-sizes': { type: 'string', default: '75000,1000000' },
    'sweep-sizes': { type: 'string', default: '75000' },
    out: { type: 'string', default: 'bench/RESULTS.md' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const timeLimit = Number(values['time-limit']);
const highsMax = Number(values['highs-max']);
const cbcMax = Number(values['cbc-max']);
const e2eSizes = values['e2e-sizes'].split(',').filter(Boolean).map(Number);
const sweepSizes = values['sweep-sizes'].split(',').filter(Boolean).map(Number);
const work = join(tmpdir(), `retention-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

type Measured = Record<string, unknown> & { status: string; seconds?: number; peakRssMb?: number };

/** Runs bench/solve-one.ts in a fresh Node process and returns its RESULT line. */
function child(args: string[], extraNode: string[] = []): Promise<Measured> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [...extraNode, '--import', 'tsx', 'bench/solve-one.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const patience = 2 * timeLimit;
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      proc.kill('SIGKILL');
    }, patience * 1000);
    proc.on('close', (code, signal) => {
      clearTimeout(guard);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice(7)) as Measured);
      else if (killed)
        resolve({
          status: 'no answer',
          seconds: patience,
          message: `killed after ${patience} s: the solver did not return within its ${timeLimit} s time limit`,
        });
      else
        resolve({
          status: 'crashed',
          message: `exit ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' ').slice(0, 240)}`,
        });
    });
  });
}

function log(text: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

function summary(m: Measured): string {
  const fmt = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : String(x));
  return `${m.status} obj=${fmt(m.objective)} bound=${fmt(m.bound)} ${fmt(m.seconds)} s ${fmt(m.peakRssMb)} MB ${m.message ?? ''}`;
}

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

/** The scaled policy as the CLI's key=value words. */
function policyWords(n: number): string[] {
  const policy = scaledPolicy(n);
  return [`budget=${policy.budget}`, `email_cap=${policy.email_cap}`, `push_cap=${policy.push_cap}`];
}

async function measureEndToEnd(n: number): Promise<Row[]> {
  const file = join(work, `predictions-${n}.csv`);
  log(`n=${n}: writing predictions CSV`);
  await child(['--method', 'csv-write', '--n', String(n), '--file', file]);
  log(`n=${n}: CSV -> readPredictions -> buildProblem -> solveProblem`);
  const e2e = await child(['--method', 'csv', '--n', String(n), '--file', file, '--time-limit', String(timeLimit)]);
  log(`  ${summary(e2e)} read ${e2e.readSeconds} s`);
  const rows: Row[] = [
    {
      ...e2e,
      n,
      method: 'CSV → plan (library)',
      note: `read ${Number(e2e.readSeconds).toFixed(2)} s + build ${Number(e2e.buildSeconds).toFixed(2)} s + solve ${Number(e2e.seconds).toFixed(2)} s (cold)`,
      seconds: e2e.totalSeconds as number,
    },
  ];
  if (existsSync('src/cli/plan.ts')) {
    log(`n=${n}: npm run plan -- --predictions FILE --json`);
    const started = performance.now();
    const cli = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        'PEAK_RSS_KB %M CPU_USER %U CPU_SYS %S',
        process.execPath,
        '--import',
        'tsx',
        'src/cli/plan.ts',
        ...policyWords(n),
        '--predictions',
        file,
        '--json',
        '--no-marginal',
        '--out',
        join(work, 'out'),
        '--time-limit',
        String(timeLimit),
      ],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const rss = /PEAK_RSS_KB (\d+)/.exec(cli.stderr ?? '')?.[1];
    const cpu = /CPU_USER ([\d.]+) CPU_SYS ([\d.]+)/.exec(cli.stderr ?? '');
    let parsed: { status?: string; solver?: { objective?: number; bound?: number; gap?: number; method?: string } } =
      {};
    try {
      parsed = JSON.parse(cli.stdout) as typeof parsed;
    } catch {
      parsed = { status: `unparsed output (exit ${cli.status})` };
    }
    log(`  ${parsed.status} ${seconds.toFixed(2)} s`);
    rows.push({
      n,
      method: 'npm run plan --json',
      note: `whole CLI process (--no-marginal) incl. start-up, reading, KPIs, baselines, plan CSV; solver ${parsed.solver?.method ?? '?'}`,
      status: parsed.status ?? 'unknown',
      objective: parsed.solver?.objective,
      bound: parsed.solver?.bound,
      gap: parsed.solver?.gap,
      seconds,
      cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined,
      peakRssMb: rss ? Number(rss) / 1024 : undefined,
    });
  }
  rmSync(file, { force: true });
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
  const e2eRows: Row[] = [];
  for (const n of e2eSizes) e2eRows.push(...(await measureEndToEnd(n)));
  const sweepRows: Row[] = [];
  for (const n of sweepSizes) {
    log(`n=${n}: one plan, then a 12-level budget sweep`);
    const sweep = await child(['--method', 'sweep', '--n', String(n), '--time-limit', String(timeLimit)]);
    log(`  ${summary(sweep)} single ${String(sweep.singleSeconds)} s`);
    sweepRows.push({ ...sweep, n, method: 'sweep budget=150..1000 (scaled):12' });
  }
  const markdown = renderResults({
    started,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, CBC ${cbcVersion}; load average ${startLoad.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end (the machine is shared)`,
    timeLimit,
    solverRows,
    e2eRows,
    sweepRows,
  });
  writeFileSync(values.out, markdown);
  rmSync(work, { recursive: true, force: true });
  log(`wrote ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
