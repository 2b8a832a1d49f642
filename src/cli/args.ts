import { parseArgs } from 'node:util';
import { PlannerError } from '../domain/errors.ts';
import { dayNumber } from '../domain/history.ts';
import { cutText, quoteInput } from '../domain/quote.ts';
import { POLICY_KEYS } from '../domain/policy.ts';
import { isSolveMethod, SOLVE_METHODS, type SolveMethod } from '../solver/solve.ts';
import { checkPlanId } from '../storage/run-ids.ts';

export interface PlanArgs {
  words: string[];
  predictions?: string;
  actions?: string;
  out: string;
  json: boolean;
  timeLimitSeconds: number;
  method: SolveMethod;
  progress: boolean;
  /** `--sweep key=FROM..TO[:LEVELS][:linear|log]`: plan every level instead of one plan. */
  sweep?: string;
  /** `--compare "A words | B words"`: plan two scenarios and compare them. */
  compare?: string;
  /** Marginal values of binding rules in the summary and JSON (off with --no-marginal). */
  marginal: boolean;
  /** `--history DIR|s3://bucket/prefix`: a store whose approved exports are the contact history. */
  history?: string;
  /** `--as-of YYYY-MM-DD`: the planning day for the history rules (default: today, UTC). */
  asOf?: string;
  /** `--plan-id ID`: seeds the holdout draw (default: a new plan id when holdout > 0). */
  planId?: string;
  /** `--help` or `-h`: print {@link USAGE} and plan nothing. */
  help: boolean;
}

/** Parses `npm run plan` arguments (SPEC 5); unknown flags are BAD_INPUT with the usage. */
export function parsePlanArgs(argv: string[]): PlanArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        predictions: { type: 'string' },
        actions: { type: 'string' },
        out: { type: 'string', default: 'out' },
        json: { type: 'boolean', default: false },
        'time-limit': { type: 'string', default: '60' },
        method: { type: 'string', default: 'auto' },
        'no-progress': { type: 'boolean', default: false },
        sweep: { type: 'string' },
        compare: { type: 'string' },
        'no-marginal': { type: 'boolean', default: false },
        history: { type: 'string' },
        'as-of': { type: 'string' },
        'plan-id': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (cause) {
    throw new PlannerError('BAD_INPUT', `${cutText((cause as Error).message, 200)}\n${USAGE}`, { cause });
  }
  const { values, positionals } = parsed;
  const timeLimitSeconds = Number(values['time-limit']);
  if (!Number.isFinite(timeLimitSeconds) || timeLimitSeconds <= 0) {
    throw new PlannerError(
      'BAD_INPUT',
      `--time-limit must be a number of seconds > 0; got ${quoteInput(String(values['time-limit']))}`,
    );
  }
  const method = values.method;
  if (!isSolveMethod(method)) {
    throw new PlannerError(
      'BAD_INPUT',
      `--method must be ${SOLVE_METHODS.join(', ')}; got ${quoteInput(String(method))}`,
    );
  }
  if (values.sweep !== undefined && values.compare !== undefined) {
    throw new PlannerError('BAD_INPUT', `give --sweep or --compare, not both\n${USAGE}`);
  }
  if (values['as-of'] !== undefined) dayNumber(values['as-of']);
  if (values['plan-id'] !== undefined) checkPlanId(values['plan-id']);
  return {
    words: positionals,
    predictions: values.predictions,
    actions: values.actions,
    out: values.out,
    json: values.json,
    timeLimitSeconds,
    method,
    progress: !values['no-progress'],
    sweep: values.sweep,
    compare: values.compare,
    marginal: !values['no-marginal'],
    history: values.history,
    asOf: values['as-of'],
    planId: values['plan-id'],
    help: values.help,
  };
}

/** What `--help` prints and what a bad option is answered with. */
export const USAGE = `usage: npm run --silent plan -- [key=value ...] [options]
Plans the week's retention actions (the embedded sample unless --predictions is given), prints the KPIs
and writes the plan CSV and its chart (plan.png).
Exit 0: a plan; 3: the policy is infeasible (the answer says why); 1: bad input.
options:
  --predictions PATH|s3://bucket/prefix   a CSV or Parquet file, or a folder or prefix holding predictions/<YYYY-MM-DD>/
  --actions FILE                          the action catalog (a JSON array; the default catalog otherwise)
  --out DIR                               where plan.csv and plan.png go (default out)
  --json                                  one JSON document on stdout instead of the summary
  --time-limit SECONDS                    the solver's limit (default 60)
  --method auto|mip|counts|decomposition  how to solve (default auto)
  --sweep key=FROM..TO[:LEVELS][:linear|log]      plan every level; a chart and a table
  --compare "key=value ... | key=value ..."       plan two scenarios side by side
  --no-marginal                           leave out what relaxing each binding rule is worth
  --history DIR|s3://bucket/prefix        approved exports as contact history (cooldown_weeks, max_contacts_4w)
  --as-of YYYY-MM-DD                      the planning day for the history rules (default today, UTC)
  --plan-id YYYYMMDD-HHMMSS-xxxxxx        seeds the holdout draw
  --no-progress                           no progress bar on a terminal
  -h, --help                              print this and exit
keys: ${Object.keys(POLICY_KEYS).join(', ')}`;
