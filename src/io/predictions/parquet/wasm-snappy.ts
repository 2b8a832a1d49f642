import { parquetCorrupt } from './parquet-errors.ts';

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

/** The length a Snappy block says it decompresses to (its leading varint), or -1 when it has none. */
export function snappyLength(input: Uint8Array): number {
  let length = 0;
  for (let at = 0, shift = 1; at < input.length && at < 5; at++, shift *= 128) {
    length += (input[at] & 0x7f) * shift;
    if (input[at] < 0x80) return length;
  }
  return -1;
}

/**
 * hysnappy's WebAssembly Snappy decoder as a Parquet page decompressor, loaded only when a
 * Snappy file is read. A block must say it decompresses to the page's size: the decoder
 * writes as much as the block says, and the page is cut to the size its header gives.
 */
export async function loadWasmSnappy(): Promise<Decompress> {
  const uncompress = (await import('hysnappy')).snappyUncompressor();
  return (input, outputLength) => {
    const length = snappyLength(input);
    if (length !== outputLength)
      throw parquetCorrupt(`a Snappy page of ${length} bytes where its header says ${outputLength}`);
    return uncompress(input, outputLength);
  };
}
