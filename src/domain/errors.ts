/**
 * Stable error codes. Handlers map them to exit codes, HTTP statuses or Slack text;
 * nothing else should branch on message wording.
 */
export type PlannerErrorCode =
  | 'BAD_INPUT'
  | 'BAD_POLICY'
  | 'BAD_CATALOG'
  | 'NOT_FOUND'
  | 'TOO_LARGE'
  | 'STORAGE'
  | 'SOLVER'
  | 'TIMEOUT'
  | 'CONFIG'
  | 'FORBIDDEN'
  | 'CONFLICT';

/** Where in an input file a problem was found. Rows count the header as row 1. */
export interface InputLocation {
  file?: string;
  row?: number;
  column?: string;
}

/** The one error type the product raises on purpose: a code, a human message and a cause. */
export class PlannerError extends Error {
  override readonly name = 'PlannerError';
  readonly code: PlannerErrorCode;
  readonly location: InputLocation | undefined;

  constructor(code: PlannerErrorCode, message: string, options: { cause?: unknown; location?: InputLocation } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.location = options.location;
  }
}

/** Builds the "file, row N, column c: why" message used for every bad input. */
export function inputError(location: InputLocation, why: string, code: PlannerErrorCode = 'BAD_INPUT'): PlannerError {
  const where = [
    location.file,
    location.row !== undefined ? `row ${location.row}` : undefined,
    location.column !== undefined ? `column "${location.column}"` : undefined,
  ].filter((part) => part !== undefined);
  const prefix = where.length > 0 ? `${where.join(', ')}: ` : '';
  return new PlannerError(code, `${prefix}${why}`, { location });
}

export function isPlannerError(error: unknown): error is PlannerError {
  return error instanceof PlannerError;
}

/** The error's code when it is one of ours, else INTERNAL; and a message safe to show. */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (isPlannerError(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: 'an unexpected error stopped the run; the logs have the details' };
}
