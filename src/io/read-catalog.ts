import { createReadStream } from 'node:fs';
import { parseCatalog, type Action } from '../domain/catalog.ts';
import { isPlannerError, PlannerError } from '../domain/errors.ts';

/**
 * Largest action catalog file read: 256 KiB. A catalog holds at most 64 actions (see
 * `parseCatalog`), a few hundred bytes each; anything bigger is a wrong file, not a catalog.
 */
export const MAX_CATALOG_BYTES = 256 * 1024;

/**
 * Reads a text stream whole, refusing it as TOO_LARGE (naming `source`) as soon as it passes
 * `maxBytes`, so a huge or endless input (a wrong path, `/dev/zero`) is never held in memory.
 * A leading UTF-8 BOM (as Windows editors save JSON) is dropped.
 */
export async function readBoundedText(
  stream: AsyncIterable<Buffer | string>,
  options: { source: string; maxBytes: number; what: string },
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += bytes.length;
    if (size > options.maxBytes) {
      (stream as { destroy?: () => void }).destroy?.();
      throw new PlannerError(
        'TOO_LARGE',
        `${options.source}: the ${options.what} is larger than the limit of ${options.maxBytes} bytes`,
      );
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/**
 * `--actions FILE`: reads and validates an action catalog (SPEC 2.2). NOT_FOUND when the file
 * cannot be read, TOO_LARGE past `maxBytes`, BAD_CATALOG when it is not JSON or not a catalog.
 */
export async function readCatalogFile(path: string, options: { maxBytes?: number } = {}): Promise<Action[]> {
  let text: string;
  try {
    text = await readBoundedText(createReadStream(path), {
      source: path,
      maxBytes: options.maxBytes ?? MAX_CATALOG_BYTES,
      what: 'action catalog',
    });
  } catch (cause) {
    if (isPlannerError(cause)) throw cause;
    throw new PlannerError('NOT_FOUND', `${path}: cannot read the action catalog (${(cause as Error).message})`, {
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PlannerError('BAD_CATALOG', `${path}: not valid JSON (${(cause as Error).message})`, { cause });
  }
  return parseCatalog(json, path);
}
