/**
 * The chart thread's script (compiled to `dist/analytics/chart-thread-main.js`): loads the
 * renderer and draws a first picture at once, then answers each `{ id, svg }` with
 * `{ id, png }` or `{ id, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ChartThreadReply } from './chart-thread.ts';
import { rasterizeHere, setChartAssets, warmRenderer, type ChartAssets } from './rasterize.ts';

const FETCH_GLOBALS = ['Request', 'Response'] as const;

/**
 * Runs `load` with `Request` and `Response` reading as absent, then puts them back. The
 * renderer's loader (wasm-bindgen) asks whether they exist before it instantiates the bytes it
 * is given, and in Node that question loads the whole fetch implementation; this thread
 * never fetches.
 */
async function withoutFetchGlobals(load: () => Promise<void>): Promise<void> {
  const saved = FETCH_GLOBALS.map((name) => Object.getOwnPropertyDescriptor(globalThis, name));
  for (const name of FETCH_GLOBALS)
    Object.defineProperty(globalThis, name, { value: undefined, configurable: true, writable: true });
  try {
    await load();
  } finally {
    FETCH_GLOBALS.forEach((name, at) => {
      const descriptor = saved[at];
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else Reflect.deleteProperty(globalThis, name);
    });
  }
}

const given = (workerData as { assets?: ChartAssets } | undefined)?.assets;
if (given) setChartAssets(given);
// A renderer that fails to load here fails again, with its message, in the first render.
const loaded = withoutFetchGlobals(async () => {
  await warmRenderer();
}).catch(() => undefined);
const port = parentPort;

port?.on('message', (request: { id: number; svg: string }) => {
  void loaded
    .then(() => rasterizeHere(request.svg))
    .then(
      (png): ChartThreadReply => ({ id: request.id, png }),
      (error: unknown): ChartThreadReply => ({ id: request.id, error: (error as Error).message }),
    )
    .then((reply) => port.postMessage(reply));
});
