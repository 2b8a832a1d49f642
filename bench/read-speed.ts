/**
 * `npx tsx bench/read-speed.ts [--sizes 1000000,10000000] [--reference-max 1000000] [--dir bench/tmp] [--readers parquet-open,csv]`:
 * how fast predictions are read. Generates (once) a week of each size as CSV and Parquet
 * (`bench/read-week.ts`), then reads each in a fresh Node process: the CSV with the byte-level
 * reader alone (the file read into one reused buffer, as the local store serves it), the CSV and the Parquet file through `openPredictions` as the CLI does (with
 * metering; without the SHA-256, which only the Slack worker's run record keeps), and, up to
 * `--reference-max` rows, the CSV with the old csv-parse reader as the reference of the same run.
 * Where this machine has huge pages for the CLI's large weeks (scripts/huge-pages.mjs), the
 * CLI's two ways in are measured a second time in a process that has them, as the CLI reads.
 * Prints MB/s, rows/s, CPU time and peak RSS. `--readers` measures only the readers named.
 */
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hugePagesEnvironment } from '../scripts/huge-pages.mjs';
import { readPredictions } from '../src/io/read-predictions.ts';
import { FileChunks } from '../src/storage/file-chunks.ts';
import { openPredictions } from '../src/storage/open-predictions.ts';
import { readPredictionsWithCsvParse } from './csv-parse-reader.ts';
import { ensureReadWeek } from './read-week.ts';

export const READERS = ['csv', 'csv-open', 'parquet-open', 'csv-parse-old'] as const;
export type Reader = (typeof READERS)[number];

/** One measured read. MB are 10^6 bytes of the file read. */
export interface ReadSpeed {
  reader: Reader;
  rows: number;
  fileMb: number;
  seconds: number;
  cpuSeconds: number;
  mbPerSecond: number;
  rowsPerSecond: number;
  /** Peak resident set of the reading process, Node and the module graph included. */
  peakRssMb: number;
  /** Resident set before reading: what the peak adds to. */
  baseRssMb: number;
  /** Read in a process with huge pages, as the CLI reads a file this large (scripts/huge-pages.mjs). */
  hugePages?: boolean;
}

/** Reads `file` once with `reader` in this process and measures it. */
async function measureHere(reader: Reader, file: string): Promise<ReadSpeed> {
  const baseRssMb = process.memoryUsage().rss / 1e6;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const source = { source: file, expectedBytes: statSync(file).size };
  const stream = () => createReadStream(file, { highWaterMark: 1024 * 1024 });
  const predictions =
    reader === 'csv'
      ? await readPredictions(new FileChunks(await open(file), 1024 * 1024), source)
      : reader === 'csv-parse-old'
        ? await readPredictionsWithCsvParse(stream(), source)
        : (await openPredictions(file, { hash: false })).predictions;
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const fileMb = statSync(file).size / 1e6;
  const rows = predictions.ids.length;
  return {
    reader,
    rows,
    fileMb,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    mbPerSecond: fileMb / seconds,
    rowsPerSecond: rows / seconds,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
    baseRssMb,
  };
}

/** Runs {@link measureHere} in a fresh Node process, so peak memory is that read's alone. */
function measureInChild(reader: Reader, file: string, env?: NodeJS.ProcessEnv): Promise<ReadSpeed> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--child', reader, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      ...(env ? { env } : {}),
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const line = out.split('\n').find((text) => text.startsWith('RESULT '));
      if (line) done({ ...(JSON.parse(line.slice(7)) as ReadSpeed), ...(env ? { hugePages: true } : {}) });
      else fail(new Error(`${reader} on ${file} exited ${code} without a result`));
    });
  });
}

/**
 * The reading benchmark, for `bench/run.ts` to call: every reader on the week of every size
 * (the old reader only up to `referenceMax` rows), each in its own process.
 */
export async function measureReadSpeed(options: {
  sizes: number[];
  referenceMax: number;
  dir: string;
  readers?: readonly Reader[];
  log?: (line: string) => void;
}): Promise<ReadSpeed[]> {
  const results: ReadSpeed[] = [];
  for (const rows of options.sizes) {
    options.log?.(`read-speed: preparing the ${rows.toLocaleString('en-US')}-row week`);
    const week = await ensureReadWeek(rows, options.dir);
    for (const reader of options.readers ?? READERS) {
      if (reader === 'csv-parse-old' && rows > options.referenceMax) continue;
      const file = reader === 'parquet-open' ? week.parquet : week.csv;
      const result = await measureInChild(reader, file);
      options.log?.(formatReadSpeed(result));
      results.push(result);
      // The CLI's ways in read a large file again with huge pages where this machine has them.
      const huge = reader.endsWith('-open') ? hugePagesEnvironment(file) : undefined;
      if (!huge) continue;
      const again = await measureInChild(reader, file, huge);
      options.log?.(formatReadSpeed(again));
      results.push(again);
    }
  }
  return results;
}

export function formatReadSpeed(r: ReadSpeed): string {
  const fixed = (value: number, digits = 0) => value.toFixed(digits).padStart(7);
  return `${(r.reader + (r.hugePages ? '+huge' : '')).padEnd(19)} ${String(r.rows).padStart(9)} rows ${fixed(r.fileMb)} MB ${fixed(r.seconds, 2)} s ${fixed(r.cpuSeconds, 2)} s cpu ${fixed(r.mbPerSecond, 1)} MB/s ${fixed(r.rowsPerSecond / 1e6, 2)} M rows/s  peak RSS ${fixed(r.peakRssMb)} MB (base ${r.baseRssMb.toFixed(0)})`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      sizes: { type: 'string', default: '1000000,10000000' },
      'reference-max': { type: 'string', default: '1000000' },
      dir: { type: 'string', default: 'bench/tmp' },
      readers: { type: 'string', default: READERS.join(',') },
    },
    allowPositionals: true,
    strict: false,
  });
  if (typeof values.child === 'string') {
    const file = process.argv[process.argv.length - 1];
    console.log(`RESULT ${JSON.stringify(await measureHere(values.child as Reader, file))}`);
    return;
  }
  const load = loadavg().map((value) => value.toFixed(1));
  console.log(`read-speed on ${cpus().length} cores, load average ${load.join(' ')}, Node ${process.version}`);
  await measureReadSpeed({
    sizes: String(values.sizes).split(',').map(Number),
    referenceMax: Number(values['reference-max']),
    dir: String(values.dir),
    readers: String(values.readers)
      .split(',')
      .filter((name): name is Reader => (READERS as readonly string[]).includes(name)),
    log: (line) => console.log(line),
  });
  console.log(
    `load average after: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
