import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { PLAN_CSV_COLUMNS, renderPlanCsv, textCell } from '../../../src/io/plan-csv.ts';
import { readPredictions } from '../../../src/io/read-predictions.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';

/** What a spreadsheet would run: the OWASP triggers, also after leading whitespace. */
const RUNS_AS_FORMULA = /^[\t\r\n]|^\s*[=+\-@]/;

/** The cell a spreadsheet gets after CSV unquoting. */
function cellAsRead(csvCell: string): string {
  const rows: string[][] = parse(`${csvCell}\r\n`, { relax_quotes: false });
  return rows[0]?.[0] ?? '';
}

describe('CSV formula injection in the plan and export CSVs', () => {
  it.each([
    ['=1+1'],
    ['+1'],
    ['-1'],
    ['@SUM(A1)'],
    ["=cmd|' /C calc'!A0"],
    ['\t=1+1'],
    ['\tplain text after a tab'],
    ['\r=1+1'],
    ['\n=1+1'],
    [' =1+1'],
    ['   @SUM(A1)'],
    ['\u00a0=HYPERLINK("http://x")'],
    [' \t+1'],
  ])('neutralises %j with a leading apostrophe, keeping the value', (value) => {
    // Act
    const read = cellAsRead(textCell(value));

    // Assess
    expect(read).toBe(`'${value}`);
    expect(read).not.toMatch(RUNS_AS_FORMULA);
  });

  it.each([['Premium'], ['C-1001'], ['a=b'], ['20% Discount Offer'], ['x@example.com'], ['']])(
    'leaves the harmless %j as it is',
    (value) => {
      expect(cellAsRead(textCell(value))).toBe(value);
    },
  );

  it('any string: the cell a spreadsheet reads is the value or the value behind an apostrophe, and never a formula (property)', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc
        .tuple(
          fc.constantFrom('', ' ', '\t', '\r', '\n', '\u00a0', '  '),
          fc.constantFrom('=', '+', '-', '@', 'a', '"', ','),
          fc.string({ maxLength: 8 }),
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(hostile, (value) => {
        const read = cellAsRead(textCell(value));
        expect([value, `'${value}`]).toContain(read);
        expect(read).not.toMatch(RUNS_AS_FORMULA);
      }),
      { numRuns: 1000 },
    );
  });

  it('a plan from a file of hostile ids and segments: every text cell of the plan and the export is inert', async () => {
    // Prepare
    const ids = ['=1+1', '+SUM(A1)', '-2', '@x', '"=cmd|\' /C calc\'!A0"', '"x,=1"', 'C7'];
    const segments = ['=Premium', 'Free', '@Family', '"-Student"', 'Free', 'Free', '+Gold'];
    const rows = ids.map((id, i) => `${id},${0.3 + i * 0.1},${segments[i]},${100 + i * 50}`);
    const csv = `customer_id,churn_probability,subscription_type,clv\n${rows.join('\n')}\n`;
    const predictions = await readPredictions(Readable.from([csv]), { source: 'hostile.csv' });
    const outcome = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy: { ...DEFAULT_POLICY, min_premium: 0, min_segment_coverage: 0, min_high_risk: 0, budget: 1000 },
    });

    // Act
    const plan: Record<string, string>[] = parse(renderPlanCsv(outcome), { columns: true });
    const exported: Record<string, string>[] = parse(renderPlanCsv(outcome, { group: 'treatment' }), {
      columns: true,
    });

    // Assess
    expect(plan.length).toBeGreaterThan(0);
    const textColumns = [
      'customer_id',
      'action_name',
      'channel',
      'subscription_type',
    ] satisfies (typeof PLAN_CSV_COLUMNS)[number][];
    for (const row of [...plan, ...exported]) {
      for (const column of textColumns) expect(row[column], `${column} = ${row[column]}`).not.toMatch(RUNS_AS_FORMULA);
      expect([...predictions.ids]).toContain(row.customer_id.replace(/^'/, ''));
    }
    expect(plan.map((row) => row.customer_id)).toContain("'=1+1");
  });
});
