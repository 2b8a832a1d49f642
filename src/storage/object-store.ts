import type { Readable } from 'node:stream';
import type { ChunkBody } from './file-chunks.ts';

/** Metadata of one stored object. */
export interface ObjectInfo {
  key: string;
  size: number;
  etag?: string;
  lastModified?: Date;
}

/** Bytes `[start, end)` of an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The storage port (SPEC 6). Keys are `/`-separated paths relative to the store's root
 * (a bucket, or a local folder). Adapters: S3 (`s3-store.ts`) and local folder (`local-store.ts`).
 */
export interface ObjectStore {
  /** Human-readable location of a key, e.g. `s3://bucket/key` or a file path, for messages. */
  describe(key: string): string;
  /**
   * Reads an object as a byte stream, or only `range` of it (`info.size` is still the whole
   * object's size); NOT_FOUND when absent.
   */
  get(key: string, range?: ByteRange): Promise<{ body: Readable; info: ObjectInfo }>;
  /**
   * Reads a whole object as chunks of one reused buffer, each valid only until the next is
   * asked for: for a reader that keeps no chunk. Optional; a store without it is read by `get`.
   */
  getChunks?(key: string): Promise<{ body: ChunkBody; info: ObjectInfo }>;
  /** Writes an object whole (readers never see a partial object). */
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<ObjectInfo>;
  /** Writes only when absent. Returns false (and writes nothing) when the key already exists. */
  putIfAbsent(key: string, body: string | Uint8Array, contentType?: string): Promise<boolean>;
  /** Every object under a prefix, in key order. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** A link a person can open to download the object, valid for `expiresInSeconds`. */
  link(key: string, expiresInSeconds: number): Promise<string>;
}
