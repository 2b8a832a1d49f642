import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The compiled chart thread's script, beside the compiled commands (`dist/analytics/`; chunks
 * sit in `dist/chunks/`). Absent when running from the TypeScript sources (tests, tsx) and in
 * the Lambda bundle: charts are then drawn in the calling thread.
 */
const THREAD_SCRIPT = new URL('../analytics/chart-thread-main.js', import.meta.url);

/** A worker thread that draws charts: SVG in, PNG bytes out. */
export interface ChartThread {
  render(svg: string): Promise<Uint8Array>;
}

/** What the thread answers to one render. */
export type ChartThreadReply = { id: number; png: Uint8Array } | { id: number; error: string };

let running: ChartThread | undefined;

/** The chart thread started by {@link startChartThread}, while it runs. */
export function runningChartThread(): ChartThread | undefined {
  return running;
}

/**
 * Starts the chart thread once per process, when the compiled script is there: it loads the
 * renderer's Wasm and font and draws a small chart at once, so a command that starts it
 * before solving gets its chart drawn on the other core while it solves and writes. The
 * thread never keeps the process alive by itself. Returns whether a thread runs.
 */
export function startChartThread(assets?: { wasmPath: string; fontPaths: string[] }): boolean {
  if (running) return true;
  if (!existsSync(fileURLToPath(THREAD_SCRIPT))) return false;
  const worker = new Worker(THREAD_SCRIPT, { workerData: { assets } });
  worker.unref();
  const pending = new Map<number, { resolve: (png: Uint8Array) => void; reject: (error: Error) => void }>();
  let next = 0;
  const settle = (id: number) => {
    const waiting = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return waiting;
  };
  const fail = (error: Error) => {
    if (running === thread) running = undefined;
    for (const id of [...pending.keys()]) settle(id)?.reject(error);
  };
  worker.on('message', (reply: ChartThreadReply) => {
    const waiting = settle(reply.id);
    if ('png' in reply) waiting?.resolve(reply.png);
    else waiting?.reject(new Error(reply.error));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the chart thread stopped (exit code ${code})`)));
  const thread: ChartThread = {
    render: (svg) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, svg });
      }),
  };
  running = thread;
  return true;
}
