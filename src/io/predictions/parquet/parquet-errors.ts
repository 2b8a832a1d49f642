/** A valid Parquet feature our decoder leaves to hyparquet (an encoding, a type, a level layout). */
export class ParquetUnsupported extends Error {
  override name = 'ParquetUnsupported';
}

/** Bytes that break the Parquet format: the file is refused as unreadable. */
export function parquetCorrupt(why: string): Error {
  return new Error(`corrupt page: ${why}`);
}
