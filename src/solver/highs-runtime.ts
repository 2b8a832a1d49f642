import type { Highs, InitOptions } from 'highs';

type HighsLoader = (options?: InitOptions) => Promise<Highs>;

/** A compiled `WebAssembly.Module`, opaque here: the project's TypeScript libraries declare no WebAssembly API. */
export type CompiledWasm = object;

/** The one WebAssembly constructor used here. */
const { Instance } = (
  globalThis as unknown as { WebAssembly: { Instance: new (module: object, imports: object) => object } }
).WebAssembly;

/** The Emscripten hook the loader calls instead of reading and compiling `highs.wasm` itself. */
type InstantiateWasm = (imports: object, done: (instance: object) => void) => object;

/**
 * The HiGHS loader, imported on first use so that a run that never solves (help, bad input,
 * the Slack acknowledgement) never loads it. The package's types describe a CommonJS default
 * export; at run time ESM and bundlers both expose `default`.
 */
async function loadHighs(options: InitOptions & { instantiateWasm?: InstantiateWasm }): Promise<Highs> {
  const highsModule = (await import('highs')) as unknown as { default: HighsLoader };
  return highsModule.default(options);
}

let runtime: Promise<Highs> | undefined;
let wasmPath: string | undefined;
let compiled: Promise<CompiledWasm> | undefined;

/**
 * Where the HiGHS `.wasm` lives when it is not beside the loader (a bundled Lambda).
 * Call before the first {@link getHighs}.
 */
export function setHighsWasmPath(path: string | undefined): void {
  wasmPath = path;
}

/**
 * HiGHS's Wasm compiled ahead, by a command that starts compiling it on other threads while
 * its own code loads. The first {@link getHighs} instantiates it; when it failed to compile,
 * the file is read and compiled as usual. Call before the first {@link getHighs}.
 */
export function useCompiledHighs(module: Promise<CompiledWasm> | undefined): void {
  compiled = module;
}

/** The loader's options: the compiled module when there is one, else where the file is. */
async function loaderOptions(): Promise<InitOptions & { instantiateWasm?: InstantiateWasm }> {
  const module = await compiled?.catch(() => undefined);
  // Instantiated synchronously: the loader's promise has no path for an asynchronous failure.
  if (module) return { instantiateWasm: (imports, done) => (done(new Instance(module, imports)), {}) };
  return wasmPath ? { locateFile: () => wasmPath as string } : {};
}

/** The HiGHS Wasm runtime, loaded once per process on first use. */
export function getHighs(): Promise<Highs> {
  if (!runtime) {
    const loading = loaderOptions().then(loadHighs);
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
