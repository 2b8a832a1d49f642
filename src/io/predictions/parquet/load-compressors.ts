import type { Compressors, FileMetaData } from 'hyparquet';
import { columnChunks } from './column-chunks.ts';

/**
 * The decompressors for the codecs of the top-level columns `names` of a file: none when they
 * are uncompressed or Snappy (pyarrow's default), which hyparquet's own decoder reads, as ours
 * does into a reused buffer; else hyparquet-compressors, whose Brotli, gzip and Zstandard code
 * would otherwise load for every file.
 */
export async function loadCompressors(metadata: FileMetaData, names: readonly string[]): Promise<Compressors> {
  const codecs = new Set<string>();
  for (const meta of columnChunks(metadata, names)) if (meta.codec !== 'UNCOMPRESSED') codecs.add(meta.codec);
  if (codecs.size === 0 || (codecs.size === 1 && codecs.has('SNAPPY'))) return {};
  return (await import('hyparquet-compressors')).compressors;
}
