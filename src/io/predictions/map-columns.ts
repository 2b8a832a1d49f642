import { inputError } from '../../domain/errors.ts';
import type { FileColumns } from './predictions-builder.ts';
import { showValue } from './show-value.ts';

/** Where each used column sits in a file's header (or Parquet schema), and what to tell the user about it. */
export interface ColumnMap {
  id: number;
  p: number;
  segment: number;
  clv: number | undefined;
  /** Header positions of the `churn_reduction_<id>` columns, in header order. */
  reductionAt: number[];
  columns: FileColumns;
  warnings: string[];
}

const REDUCTION_COLUMN = /^churn_reduction_(\d+)$/;
const SEPARATORS: [string, string][] = [
  [';', 'semicolons'],
  ['\t', 'tabs'],
  ['|', 'pipes'],
];

function separatorHint(names: readonly string[]): string {
  if (names.length !== 1) return '';
  const found = SEPARATORS.find(([separator]) => names[0].includes(separator));
  return found
    ? `. The header is one column split by ${found[1]}: the file seems separated by ${found[1]}, not commas; save it as comma-separated CSV (UTF-8)`
    : '';
}

/**
 * Maps a header to the columns of SPEC 2.1 (names trimmed, any case): `customer_id`,
 * `churn_probability` (alias `p`), `subscription_type`, optional `clv` (alias `v`),
 * `churn_reduction_<action id>`. A used column named twice, or two reduction columns for one
 * action, is refused (which one would be meant?); a repeated ignored column and an alias
 * given beside its column are warned about.
 */
export function mapColumns(header: readonly string[], file: string, format: 'csv' | 'parquet' = 'csv'): ColumnMap {
  const headerRow = format === 'csv' ? 1 : undefined;
  const names = header.map((name) => name.trim().toLowerCase());
  const warnings: string[] = [];
  const positions = new Map<string, number[]>();
  names.forEach((name, index) => positions.set(name, [...(positions.get(name) ?? []), index]));
  const find = (name: string): number | undefined => {
    const at = positions.get(name);
    if (at && at.length > 1)
      throw inputError(
        { file, row: headerRow, column: name },
        `the header names "${name}" ${at.length} times (columns ${at.map((i) => i + 1).join(', ')}); keep one`,
      );
    return at?.[0];
  };
  const pick = (main: string, alias: string): number | undefined => {
    const first = find(main);
    if (first === undefined) return find(alias);
    if (positions.has(alias))
      warnings.push(`${file} has both "${main}" and "${alias}" columns; "${main}" was used and "${alias}" ignored`);
    return first;
  };
  const require = (index: number | undefined, label: string, alias?: string): number => {
    if (index !== undefined) return index;
    const shown = names.join(', ');
    throw inputError(
      { file, row: headerRow, column: label },
      `required column "${label}"${alias ? ` (or ${alias})` : ''} is missing; the header has ${shown === '' ? 'no columns' : showValue(shown)}${format === 'csv' ? separatorHint(header) : ''}`,
    );
  };
  const id = require(find('customer_id'), 'customer_id');
  const p = require(pick('churn_probability', 'p'), 'churn_probability', 'p');
  const segment = require(find('subscription_type'), 'subscription_type');
  const clv = pick('clv', 'v');

  const reductionAt: number[] = [];
  const reductions: FileColumns['reductions'] = [];
  names.forEach((name, index) => {
    const match = REDUCTION_COLUMN.exec(name);
    if (!match) return;
    find(name);
    const actionId = Number(match[1]);
    const twin = reductions.find((r) => r.actionId === actionId);
    if (twin)
      throw inputError(
        { file, row: headerRow, column: name },
        `"${twin.name}" and "${name}" both give churn reductions for action ${actionId}; keep one`,
      );
    reductionAt.push(index);
    reductions.push({ actionId, name });
  });
  for (const [name, at] of positions)
    if (name !== '' && at.length > 1)
      warnings.push(`${file} names the column "${name}" ${at.length} times; it is not used, so it was ignored`);
  return {
    id,
    p,
    segment,
    clv,
    reductionAt,
    columns: { pName: names[p], clvName: clv === undefined ? undefined : names[clv], reductions },
    warnings,
  };
}
