import type { ColumnMetaData, FileMetaData } from 'hyparquet';

/** The metadata of every chunk of the top-level columns `names`, row group by row group. */
export function* columnChunks(metadata: FileMetaData, names: readonly string[]): Generator<ColumnMetaData> {
  for (const group of metadata.row_groups)
    for (const { meta_data: meta } of group.columns) if (meta && names.includes(meta.path_in_schema[0])) yield meta;
}

/** The bytes `[start, end)` a column chunk takes in its file, from its dictionary page when it has one. */
export function chunkSpan(meta: ColumnMetaData): [number, number] {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  return [start, start + Number(meta.total_compressed_size)];
}
