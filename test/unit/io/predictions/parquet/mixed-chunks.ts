import type { ColumnMetaData, FileMetaData } from 'hyparquet';
import { parquetMetadata } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';

/**
 * Joins two flat files of one row group each and the same schema into one file of one row
 * group whose every column chunk holds the first file's pages, then the second's data pages:
 * with the first written dictionary-encoded and the second PLAIN, a chunk is what pyarrow and
 * Spark write when a column's dictionary outgrows its limit (a dictionary, then plain pages).
 */
export function joinRowGroups(first: Uint8Array, second: Uint8Array): Uint8Array {
  const [a, b] = [first, second].map((bytes): FileMetaData => parquetMetadata(bytes.slice().buffer));
  const out = new ByteWriter();
  out.appendUint32(0x31524150);
  const groupA = a.row_groups[0];
  const groupB = b.row_groups[0];
  groupA.columns.forEach((chunk, j) => {
    const metaA = chunk.meta_data as ColumnMetaData;
    const metaB = groupB.columns[j].meta_data as ColumnMetaData;
    if (metaB.dictionary_page_offset) throw new Error('the second file must be written PLAIN');
    const startA = Number(metaA.dictionary_page_offset || metaA.data_page_offset);
    const newStart = out.offset;
    out.appendBytes(first.subarray(startA, startA + Number(metaA.total_compressed_size)));
    const startB = Number(metaB.data_page_offset);
    out.appendBytes(second.subarray(startB, startB + Number(metaB.total_compressed_size)));
    const shift = BigInt(newStart - startA);
    metaA.data_page_offset += shift;
    if (metaA.dictionary_page_offset) metaA.dictionary_page_offset += shift;
    metaA.total_compressed_size += metaB.total_compressed_size;
    metaA.total_uncompressed_size += metaB.total_uncompressed_size;
    metaA.num_values += metaB.num_values;
    metaA.encodings = [...new Set([...metaA.encodings, ...metaB.encodings])];
    metaA.statistics = undefined;
    metaA.encoding_stats = undefined;
    metaA.size_statistics = undefined;
    Object.assign(chunk, { file_offset: BigInt(newStart) });
    for (const key of ['offset_index_offset', 'offset_index_length', 'column_index_offset', 'column_index_length'])
      delete (chunk as unknown as Record<string, unknown>)[key];
  });
  groupA.num_rows += groupB.num_rows;
  const footer = { ...a, num_rows: a.num_rows + b.num_rows } as Partial<FileMetaData>;
  delete footer.metadata_length;
  writeMetadata(out, footer as FileMetaData);
  out.appendUint32(0x31524150);
  return new Uint8Array(out.getBytes());
}
