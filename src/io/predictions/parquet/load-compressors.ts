import type { Compressors, FileMetaData } from 'hyparquet';
import { columnChunks } from './column-chunks.ts';
import { loadWasmSnappy } from './wasm-snappy.ts';

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;
type ZstdDecompressSync = (input: Uint8Array, options: { maxOutputLength: number }) => Uint8Array;

/**
 * Node's own Zstandard decompressor (`zlib.zstdDecompressSync`, Node 22.15 and later) as a
 * Parquet page decompressor, or undefined where `lib` (`node:zlib`) has none: it is native code,
 * where hyparquet-compressors' is JavaScript. A page never grows past the size its header gives.
 */
export function nativeZstd(lib: object): Decompress | undefined {
  const decompress = (lib as { zstdDecompressSync?: ZstdDecompressSync }).zstdDecompressSync;
  return decompress && ((input, outputLength) => decompress(input, { maxOutputLength: Math.max(outputLength, 1) }));
}

/**
 * The decompressors for the codecs of the top-level columns `names` of a file: none when they
 * are uncompressed; hysnappy's WebAssembly decoder for Snappy (pyarrow's default), which beats
 * hyparquet's JavaScript one; Node's Zstandard decompressor when `zstd` is given; and
 * hyparquet-compressors (with those in place of its own) only for another codec, as its
 * Brotli, gzip and Zstandard code would otherwise load for every file. Without `zstd`, Node's
 * is looked up in `node:zlib`, loaded only for a Zstandard file: every command start is spared it.
 */
export async function loadCompressors(
  metadata: FileMetaData,
  names: readonly string[],
  zstd?: Decompress,
): Promise<Compressors> {
  const codecs = new Set<string>();
  for (const meta of columnChunks(metadata, names)) if (meta.codec !== 'UNCOMPRESSED') codecs.add(meta.codec);
  const snappy = codecs.delete('SNAPPY') ? { SNAPPY: await loadWasmSnappy() } : {};
  const nativeCodec = codecs.has('ZSTD') ? (zstd ?? nativeZstd(await import('node:zlib'))) : undefined;
  const native = nativeCodec && codecs.delete('ZSTD') ? { ZSTD: nativeCodec, ...snappy } : snappy;
  if (codecs.size === 0) return native;
  return { ...(await import('hyparquet-compressors')).compressors, ...native };
}
