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
  /** Ends the thread; a chart still being drawn fails. */
  stop(): Promise<void>;
}

/** What the thread answers to one render. */
export type ChartThreadReply = { id: number; png: Uint8Array } | { id: number; error: string };

let running: ChartThread | undefined;

/** The chart thread started by {@link startChartThread}, while it runs. */
export function runningChartThread(): ChartThread | undefined {
  return running;
}

/** What the chart thread is started with; `script` is for tests (the compiled script by default). */
export interface ChartThreadOptions {
  assets?: { wasmPath: string; fontPaths: string[] };
  script?: URL;
}

/**
 * Starts the chart thread once per process, when its script is there: it loads the
 * renderer's Wasm and font at once, so a command that starts it before solving gets its
 * chart drawn on the other core while it solves and writes. The thread holds the process open
 * only while a chart is being drawn. Returns whether a thread runs.
 */
export function startChartThread(options: ChartThreadOptions = {}): boolean {
  if (running) return true;
  const script = options.script ?? THREAD_SCRIPT;
  if (!existsSync(fileURLToPath(script))) return false;
  return useChartWorker(new Worker(script, { workerData: { assets: options.assets } }));
}

/**
 * Takes `worker`, a chart thread the start-up began before this code was loaded (it runs the
 * chart thread's script), as the process's chart thread. A worker that has already stopped
 * is not taken, nor any when a thread runs. Returns whether a thread runs.
 */
export function useChartWorker(worker: Worker | undefined): boolean {
  if (running) return true;
  if (!worker || worker.threadId < 0) return false;
  const pending = new Map<number, { resolve: (png: Uint8Array) => void; reject: (error: Error) => void }>();
  let next = 0;
  const settle = (id: number) => {
    const waiting = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return waiting;
  };
  let stopped: Error | undefined;
  const fail = (error: Error) => {
    stopped ??= error;
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
    stop: async () => {
      await worker.terminate();
    },
    render: (svg) =>
      new Promise((resolve, reject) => {
        if (stopped) return reject(stopped);
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, svg });
      }),
  };
  running = thread;
  // Unreferenced after the listeners are added (adding one references the thread's port again).
  worker.unref();
  return true;
}
