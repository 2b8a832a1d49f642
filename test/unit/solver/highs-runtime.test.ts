import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const WASM = createRequire(import.meta.url).resolve('highs/runtime');
const { compile } = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<object> } })
  .WebAssembly;

/** A fresh copy of the runtime module: it holds one loaded runtime per process. */
const freshRuntime = () => import('../../../src/solver/highs-runtime.ts');

describe('the HiGHS runtime', () => {
  beforeEach(() => {
    vi.resetModules();
  });

  it('instantiates the module compiled ahead instead of reading the file', async () => {
    // Prepare: a wasm path that cannot be read, so only the handed module can load
    const runtime = await freshRuntime();
    runtime.setHighsWasmPath('/nonexistent/highs.wasm');
    runtime.useCompiledHighs(readFile(WASM).then(compile));
    // Act
    const highs = await runtime.getHighs();
    // Assess
    expect(highs.version.major).toBeGreaterThanOrEqual(1);
  });

  it('reads and compiles the file as usual when the module compiled ahead failed', async () => {
    // Prepare
    const runtime = await freshRuntime();
    runtime.useCompiledHighs(Promise.reject(new Error('no such file')));
    // Act
    const highs = await runtime.getHighs();
    // Assess
    expect(highs.version.major).toBeGreaterThanOrEqual(1);
  });
});
