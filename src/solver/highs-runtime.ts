import type { Highs, InitOptions } from 'highs';

type HighsLoader = (options?: InitOptions) => Promise<Highs>;

/**
 * The HiGHS loader, imported on first use so that a run that never solves (help, bad input,
 * the Slack acknowledgement) never loads it. The package's types describe a CommonJS default
 * export; at run time ESM and bundlers both expose `default`.
 */
async function loadHighs(options: InitOptions): Promise<Highs> {
  const highsModule = (await import('highs')) as unknown as { default: HighsLoader };
  return highsModule.default(options);
}

let runtime: Promise<Highs> | undefined;
let wasmPath: string | undefined;

/**
 * Where the HiGHS `.wasm` lives when it is not beside the loader (a bundled Lambda).
 * Call before the first {@link getHighs}.
 */
export function setHighsWasmPath(path: string | undefined): void {
  wasmPath = path;
}

/** The HiGHS Wasm runtime, loaded once per process on first use. */
export function getHighs(): Promise<Highs> {
  if (!runtime) {
    const loading = loadHighs(wasmPath ? { locateFile: () => wasmPath as string } : {});
    runtime = loading;
    loading.catch(() => {
      if (runtime === loading) runtime = undefined;
    });
  }
  return runtime;
}

/**
 * Drops the loaded runtime so the next {@link getHighs} instantiates a fresh one,
 * used after a Wasm runtime error that may have left the module's memory unusable.
 */
export function resetHighs(): void {
  runtime = undefined;
}
