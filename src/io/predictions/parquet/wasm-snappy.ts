import { parquetCorrupt } from './parquet-errors.ts';

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

/** The parts of the WebAssembly API used here (Node's types declare only a few of them). */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  exports: Record<string, unknown>;
}
interface WasmApi {
  Instance: new (module: unknown, imports?: unknown) => WasmInstance;
  Memory: abstract new (...args: never[]) => WasmMemory;
  Global: abstract new (...args: never[]) => { value: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The decoder whose pages are views of one reused area, by the copying decoder hyparquet is given. */
const reusing = new WeakMap<Decompress, Decompress>();

/** The length a Snappy block says it decompresses to (its leading varint), or -1 when it has none. */
export function snappyLength(input: Uint8Array): number {
  let length = 0;
  for (let at = 0, shift = 1; at < input.length && at < 5; at++, shift *= 128) {
    length += (input[at] & 0x7f) * shift;
    if (input[at] < 0x80) return length;
  }
  return -1;
}

/** `decompress` refusing first a block whose varint length is not the page's size. */
function checked(decompress: Decompress): Decompress {
  return (input, outputLength) => {
    const length = snappyLength(input);
    if (length !== outputLength)
      throw parquetCorrupt(`a Snappy page of ${length} bytes where its header says ${outputLength}`);
    return decompress(input, outputLength);
  };
}

/** Runs `make`, returning what it made and the last WebAssembly instance it created. */
function capturingInstance<T>(make: () => T): [T, WasmInstance | undefined] {
  const Original = wasm.Instance;
  let made: WasmInstance | undefined;
  wasm.Instance = new Proxy(Original, {
    construct: (target, args) => (made = Reflect.construct(target, args) as WasmInstance),
  });
  try {
    return [make(), made];
  } finally {
    wasm.Instance = Original;
  }
}

const FAILURES: Record<number, string> = {
  [-1]: 'invalid snappy length header',
  [-2]: 'missing eof marker',
  [-3]: 'premature end of input',
};

/**
 * A decoder calling the module's `uncompress` directly, whose page is a view of the module's
 * memory (valid until the next call) rather than a fresh copy; undefined when the module does
 * not export what it needs.
 */
function viewingDecoder(instance: WasmInstance | undefined): Decompress | undefined {
  // `__heap_base`: where the module's own data and stack end; memory past it is free.
  const { memory, uncompress, __heap_base: base } = instance?.exports ?? {};
  if (!(memory instanceof wasm.Memory) || typeof uncompress !== 'function') return undefined;
  if (!(base instanceof wasm.Global) || typeof base.value !== 'number') return undefined;
  const inputAt = base.value;
  return (input, outputLength) => {
    const outputAt = inputAt + Math.ceil(input.length / 8) * 8;
    const end = outputAt + outputLength;
    if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65_536));
    new Uint8Array(memory.buffer).set(input, inputAt);
    const result = (uncompress as (input: number, length: number, output: number) => number)(
      inputAt,
      input.length,
      outputAt,
    );
    if (result !== 0) throw new Error(FAILURES[result] ?? `failed to uncompress data ${result}`);
    return new Uint8Array(memory.buffer, outputAt, outputLength);
  };
}

/**
 * hysnappy's WebAssembly Snappy decoder as a Parquet page decompressor, loaded only when a
 * Snappy file is read. A block must say it decompresses to the page's size: the decoder
 * writes as much as the block says, and the page is cut to the size its header gives.
 */
export async function loadWasmSnappy(): Promise<Decompress> {
  const { snappyUncompressor } = await import('hysnappy');
  const [uncompress, instance] = capturingInstance(snappyUncompressor);
  const copying = checked(uncompress);
  const viewing = viewingDecoder(instance);
  if (viewing) reusing.set(copying, checked(viewing));
  return copying;
}

/**
 * The decoder that writes each page into one reused area, for a reader done with a page
 * before it decompresses the next (ours): hyparquet keeps views of a page's bytes, so it gets
 * `decompress`, which copies. Undefined when `decompress` has none.
 */
export function reusingSnappy(decompress: Decompress | undefined): Decompress | undefined {
  return decompress && reusing.get(decompress);
}
