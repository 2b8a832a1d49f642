import type { HorizonWeek, PlanOutcome } from '../domain/plan.ts';
import { reductionOf } from '../domain/predictions.ts';
import { CsvBytes, idCellBytes, CSV_CHUNK_BYTES, NUMBER_CELL_BYTES, numberCell, textCell } from './csv-bytes.ts';

export { textCell } from './csv-bytes.ts';

export const PLAN_CSV_COLUMNS = [
  'customer_id',
  'action_id',
  'action_name',
  'channel',
  'cost',
  'churn_probability',
  'clv',
  'uplift',
  'churn_reduction',
  'expected_retained_clv',
  'net_value',
  'subscription_type',
  'risk_segment',
  'group',
] as const;

/** The plan CSV's `group` values, in the order their indexes are computed. */
const GROUPS = ['treatment', 'holdout', 'planned', 'planned_holdout'] as const;

/** Which rows a CSV holds: every row, or only one group's (the export holds the `treatment` rows). */
export interface PlanCsvOptions {
  group?: 'treatment' | 'holdout';
  /**
   * Chunk buffers reused in turn (see `CsvBytes`): each chunk stays as it is until the
   * `ring`-th chunk after it is being made, so only for a consumer done with a chunk by then.
   */
  ring?: number;
}

const bytesOf = (text: string): Buffer => Buffer.from(text, 'utf8');

/** Customers looked at per call of {@link writeLines}. */
const BATCH_CUSTOMERS = 512;

/** What the lines of one week need, prepared once. */
interface WeekLines {
  out: CsvBytes;
  outcome: PlanOutcome;
  actionCells: Buffer[];
  upliftCells: Buffer[];
  segmentCells: Buffer[];
  reductions: (Float64Array | undefined)[];
  /** A line's last cells by group (index in GROUPS) and risk. */
  tails: Buffer[];
  week: HorizonWeek | undefined;
  choice: Int16Array;
  held: Uint8Array;
  firstGroup: number;
  /** The only group written, or -1 for every group. */
  wanted: number;
  /** Room a line needs besides its id cell. */
  rowBytes: number;
}

/**
 * Writes the lines of customers from `from` on, at most {@link BATCH_CUSTOMERS} of them and
 * only while they fit in the current chunk; returns the next customer to look at. A plain
 * function called batch after batch, so V8 optimizes it between calls rather than in the
 * middle of one long loop.
 */
function writeLines(lines: WeekLines, from: number): number {
  const { out, outcome, actionCells, upliftCells, segmentCells, reductions, tails, week, choice, held } = lines;
  const { predictions, policy } = outcome;
  const { ids } = predictions;
  const actions = outcome.assignment?.actions ?? [];
  const to = Math.min(choice.length, from + BATCH_CUSTOMERS);
  for (let i = from; i < to; i++) {
    const k = choice[i];
    if (k < 0) continue;
    const group = lines.firstGroup + (held[i] ? 1 : 0);
    if (lines.wanted >= 0 && group !== lines.wanted) continue;
    if (!out.fits(idCellBytes(ids, i) + lines.rowBytes)) return i;
    const action = actions[k];
    const p = predictions.p[i];
    const v = predictions.v[i];
    const r = week ? week.reduction[i] : reductionOf(reductions[k]?.[i], p, action.uplift);
    out.id(ids, i);
    out.raw(actionCells[k]);
    out.number(p);
    out.comma();
    out.number(v);
    out.comma();
    if (week) {
      out.number(week.uplift[i]);
      out.comma();
    } else out.raw(upliftCells[k]);
    out.number(r);
    out.comma();
    out.number(r * v);
    out.comma();
    out.number(r * v - action.cost);
    out.comma();
    out.raw(segmentCells[predictions.segmentOf[i]]);
    out.raw(tails[2 * group + (p > policy.high_risk_threshold ? 1 : 0)]);
  }
  return to;
}

/**
 * SPEC 4 plan CSV as UTF-8 chunks (header first, each line ending in CRLF), one line per
 * assigned customer. A plan over several weeks (issue 20) has one line per customer-week
 * assignment and a `week` column last; the weeks after the first are the intended
 * continuation, in groups `planned` and `planned_holdout`, so that only week 1's `treatment`
 * lines are ever exported. Cells that repeat (an action's, a segment's) are encoded once.
 */
export function* planCsvChunks(
  outcome: PlanOutcome,
  options: PlanCsvOptions = {},
  chunkBytes = CSV_CHUNK_BYTES,
): Generator<Uint8Array> {
  const weeks = outcome.horizon?.weeks;
  const out = new CsvBytes(chunkBytes, options.ring);
  out.text(`${[...PLAN_CSV_COLUMNS, ...(weeks ? ['week'] : [])].join(',')}\r\n`);
  const assignment = outcome.assignment;
  if (assignment) {
    const { predictions } = outcome;
    const { actions } = assignment;
    const actionCells = actions.map((a) =>
      bytesOf(`,${a.id},${textCell(a.name)},${textCell(a.channel)},${numberCell(a.cost)},`),
    );
    const upliftCells = actions.map((a) => bytesOf(`${numberCell(a.uplift)},`));
    const segmentCells = predictions.segments.map((segment) => bytesOf(textCell(segment)));
    const reductions = actions.map((a) => predictions.reductions.get(a.id));
    // A row's last cells, `,risk,group[,week]` and CRLF, by group (index in GROUPS) and risk.
    const tailsOf = (week: number | undefined): Buffer[] =>
      GROUPS.flatMap((group) =>
        ['not_high_risk', 'high_risk'].map((risk) =>
          bytesOf(`,${risk},${group}${week === undefined ? '' : `,${week}`}\r\n`),
        ),
      );
    const { ids } = predictions;
    const wanted = options.group === undefined ? -1 : GROUPS.indexOf(options.group);
    const longest = (cells: Buffer[]) => Math.max(0, ...cells.map((b) => b.length));
    const rowBytes = longest(actionCells) + longest(upliftCells) + longest(segmentCells) + 6 * NUMBER_CELL_BYTES + 64;
    for (const week of weeks ?? [undefined]) {
      const lines: WeekLines = {
        out,
        outcome,
        actionCells,
        upliftCells,
        segmentCells,
        reductions,
        tails: tailsOf(week?.week),
        week,
        choice: week?.choice ?? assignment.choice,
        held: week?.holdout ?? assignment.holdout,
        // Weeks after the first are `planned` and `planned_holdout`.
        firstGroup: week !== undefined && week.week > 1 ? 2 : 0,
        wanted,
        rowBytes,
      };
      for (let i = 0; i < lines.choice.length;) {
        i = writeLines(lines, i);
        // Customer i's line did not fit: the chunk goes out (or grows for a line longer than a chunk).
        const full = i < lines.choice.length ? out.reserve(idCellBytes(ids, i) + rowBytes) : undefined;
        if (full) yield full;
      }
    }
  }
  yield out.take();
}

/** The plan CSV as one buffer: what the worker stores and shares (a buffer holds what one string cannot). */
export function planCsvBytes(outcome: PlanOutcome, options: PlanCsvOptions = {}): Buffer {
  return Buffer.concat([...planCsvChunks(outcome, options)]);
}

/** The plan CSV as one string, for small plans (tests, messages); a large plan goes through {@link planCsvChunks}. */
export function renderPlanCsv(outcome: PlanOutcome, options: PlanCsvOptions = {}): string {
  return planCsvBytes(outcome, options).toString('utf8');
}
