import type { ColumnMetaData, FileMetaData } from 'hyparquet';
import { parquetMetadata } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';

/**
 * Rewrites a flat Parquet file of data pages v2 (all hyparquet-writer writes) with data pages
 * v1, as pyarrow and Spark write by default: the definition levels, length-prefixed, go inside
 * the compressed body. Dictionary pages, values and encodings are kept; the footer is rewritten.
 */
export function toDataPagesV1(bytes: Uint8Array, compress: (raw: Uint8Array) => Uint8Array): Uint8Array {
  const metadata: FileMetaData = parquetMetadata(bytes.slice().buffer);
  const out = new ByteWriter();
  out.appendUint32(0x31524150);
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data as ColumnMetaData;
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: start };
      const newStart = out.offset;
      let uncompressed = 0;
      meta.dictionary_page_offset = undefined;
      meta.data_page_offset = -1n;
      while (reader.offset < end) {
        const headerStart = reader.offset;
        const header = parquetHeader(reader);
        const body = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        const v2 = header.data_page_header_v2;
        if (!v2) {
          if (header.type === 'DICTIONARY_PAGE') meta.dictionary_page_offset = BigInt(out.offset);
          out.appendBytes(bytes.subarray(headerStart, reader.offset));
          uncompressed += reader.offset - headerStart;
          continue;
        }
        const levels = body.subarray(0, v2.definition_levels_byte_length);
        const values = decompressPage(
          body.subarray(levels.length),
          header.uncompressed_page_size - levels.length,
          meta.codec,
          compressors,
        );
        const raw = new ByteWriter();
        if (levels.length > 0) {
          raw.appendUint32(levels.length);
          raw.appendBytes(levels);
        }
        raw.appendBytes(values);
        const plain = raw.getBytes();
        const packed = compress(plain);
        if (meta.data_page_offset < 0n) meta.data_page_offset = BigInt(out.offset);
        const before = out.offset;
        writePageHeader(out, {
          type: 'DATA_PAGE',
          uncompressed_page_size: plain.length,
          compressed_page_size: packed.length,
          data_page_header: {
            num_values: v2.num_values,
            encoding: v2.encoding,
            definition_level_encoding: 'RLE',
            repetition_level_encoding: 'RLE',
          },
        });
        uncompressed += out.offset - before + plain.length;
        out.appendBytes(packed);
      }
      meta.total_compressed_size = BigInt(out.offset - newStart);
      meta.total_uncompressed_size = BigInt(uncompressed);
      meta.statistics = undefined;
      meta.encoding_stats = undefined;
      meta.size_statistics = undefined;
      chunk.file_offset = BigInt(newStart);
      chunk.offset_index_offset = undefined;
      chunk.offset_index_length = undefined;
      chunk.column_index_offset = undefined;
      chunk.column_index_length = undefined;
    }
  }
  const footer = { ...metadata } as Partial<FileMetaData>;
  delete footer.metadata_length;
  writeMetadata(out, footer as FileMetaData);
  out.appendUint32(0x31524150);
  return new Uint8Array(out.getBytes());
}
