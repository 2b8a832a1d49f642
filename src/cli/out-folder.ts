import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PlannerError } from '../domain/errors.ts';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Refuses an `--out` that cannot hold the plan files, before anything is read or solved: a file
 * where the folder should be, a file above it, or a folder that cannot be written. The folder
 * itself is created only when a plan is written.
 */
export async function checkOutFolder(path: string): Promise<void> {
  const target = resolve(path);
  for (let at = target; ; at = dirname(at)) {
    let isFolder: boolean;
    try {
      isFolder = (await stat(at)).isDirectory();
    } catch (error) {
      const code = errorCode(error);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(at) !== at) continue;
      throw new PlannerError('BAD_INPUT', `--out ${path}: cannot be used (${code ?? 'unknown error'})`, {
        cause: error,
      });
    }
    if (!isFolder) {
      throw new PlannerError(
        'BAD_INPUT',
        at === target
          ? `--out ${path}: that is a file; give a folder (plan.csv is written inside it). Nothing was planned`
          : `--out ${path}: ${at} is a file, so the folder cannot be made there. Nothing was planned`,
      );
    }
    try {
      await access(at, constants.W_OK);
    } catch (cause) {
      throw new PlannerError('BAD_INPUT', `--out ${path}: ${at} cannot be written to. Nothing was planned`, { cause });
    }
    return;
  }
}
