import { resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import { startChartThread } from '../analytics/chart-thread.ts';
import { isMainModule, processIo, type CliIo } from '../cli/io.ts';
import { splitCommandWords } from '../slack/command-grammar.ts';
import { renderMessageText } from './render-text.ts';
import { closeSimulator, simulateSlack, type SimulatedExchange, type SimulatedRequest } from './simulator.ts';

// The start-up (scripts/start-cli.mjs) hands over HiGHS's Wasm compiled while this bundle loaded,
// and the chart thread it started, when the arguments plan a week.
export { useCompiledHighs } from '../solver/highs-runtime.ts';
export { useChartWorker } from '../analytics/chart-thread.ts';

const USAGE = `usage:
  npm run --silent slack -- "/retention" [--json]                       the policy form (views.open)
  npm run --silent slack -- --submit "budget=200 min_high_risk=70%" [--sweep budget=150..1000] [--user U1] [--json]
  npm run --silent slack -- --home [--user U1] [--json]                 the Home tab (views.publish)
  npm run --silent slack -- --shortcut [--user U1] [--json]             the global shortcut "Plan retention"
  npm run --silent slack -- "/retention plan [key=value ...]" [--user U123] [--json]
  npm run --silent slack -- "/retention sweep budget=150..1000[:LEVELS][:log] [key=value ...]"
  npm run --silent slack -- "/retention compare budget=150 | budget=250 min_high_risk=70%"
  npm run --silent slack -- "/retention uplift|calibrate|history [N]|status|help"
  npm run --silent slack -- --click approve|download|edit --plan <plan_id> [--ts <message ts>] [--user U123] [--json]
  npm run --silent slack -- --click accept --version <catalog version> [--user U123] [--json]
  npm run --silent slack -- --monday [--json]
options:
  --user ID        Slack user id of the person typing or clicking (default ULOCAL); approvers come from APPROVER_USER_IDS (default ULOCAL,U1).
                   A plan that needs two approvers is sent on the second click by a different approver (e.g. --user U1).
  --channel ID     channel id (default CLOCAL)
  --submit WORDS   open the form as plain /retention does, type each key=value into its field, submit it (a signed view_submission)
  --sweep KEY=RANGE with --submit: choose "Sweep KEY" in the form and type the range
  --ts TS          with --click approve: the ts of a Monday summary message, updated with chat.update
  --monday         post the Monday summary now, as if it were Monday 09:xx in TIME_ZONE (once per Monday)
  --store DIR      the embedded local store (default .local-store); seeded with data/sample/predictions.csv.
                   Files the app uploads to Slack (plan CSVs, charts) are saved in DIR/slack-files/; outcomes for
                   uplift and calibrate go in DIR/outcomes/<YYYY-MM-DD>/*.csv (customer_id,churned,observed_at).
                   POLICY_GUARDRAILS and PLAN_VIEWER_USER_IDS in the environment apply as in production.
  --json           print the ack and every call Slack would receive as one JSON array of {kind, method, body}
  -h, --help       print this and exit`;

/** Arguments the simulator cannot run: answered with the usage and exit code 2. */
class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

type Parsed = ReturnType<typeof parse>;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        user: { type: 'string', default: 'ULOCAL' },
        channel: { type: 'string', default: 'CLOCAL' },
        store: { type: 'string', default: '.local-store' },
        json: { type: 'boolean', default: false },
        click: { type: 'string' },
        plan: { type: 'string' },
        version: { type: 'string' },
        ts: { type: 'string' },
        monday: { type: 'boolean', default: false },
        home: { type: 'boolean', default: false },
        shortcut: { type: 'boolean', default: false },
        submit: { type: 'string' },
        sweep: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
}

function clickRequest(values: Parsed['values'], common: { user: string; channel: string }): SimulatedRequest {
  if (values.click === 'accept') {
    if (!values.version)
      fail('--click accept needs --version <catalog version> (it is on the Accept button of /retention calibrate)');
    return { kind: 'accept', version: values.version, ...common };
  }
  if (values.click !== 'approve' && values.click !== 'download' && values.click !== 'edit')
    fail(`--click accepts "approve", "download", "edit" or "accept"; got "${values.click}"`);
  if (!values.plan) fail(`--click ${values.click} needs --plan <plan_id> (the id is in the plan message)`);
  if (values.click === 'approve')
    return { kind: 'approve', planId: values.plan, ...common, ...(values.ts ? { messageTs: values.ts } : {}) };
  return { kind: values.click, planId: values.plan, words: [], ...common };
}

type ParsedArgs = { request: SimulatedRequest; json: boolean; storeDir: string } | { help: true };

function parseRequest(argv: string[]): ParsedArgs {
  const { values, positionals } = parse(argv);
  if (values.help) return { help: true };
  const common = { user: values.user, channel: values.channel };
  const answer = (request: SimulatedRequest) => ({ request, json: values.json, storeDir: resolve(values.store) });
  if (values.monday) return answer({ kind: 'monday', channel: values.channel });
  if (values.home) return answer({ kind: 'home', user: values.user });
  if (values.shortcut) return answer({ kind: 'shortcut', user: values.user });
  if (values.submit !== undefined)
    return answer({
      kind: 'submit',
      words: splitCommandWords(values.submit),
      ...(values.sweep ? { sweep: values.sweep } : {}),
      ...common,
    });
  if (values.click !== undefined) return answer(clickRequest(values, common));
  const text = positionals.join(' ').trim();
  if (!/^\/retention(\s|$)/.test(text)) fail(`the command must start with /retention; got "${text}"`);
  return answer({ kind: 'command', text: text.slice('/retention'.length).trim(), ...common });
}

function describe(exchange: SimulatedExchange): string {
  const body = (
    typeof exchange.body === 'object' && exchange.body !== null ? exchange.body : { text: String(exchange.body) }
  ) as Record<string, unknown>;
  const title =
    exchange.kind === 'ack' && exchange.method === 'schedule'
      ? `schedule: ${String(body.reason)}`
      : exchange.kind === 'ack'
        ? `ack: HTTP ${exchange.status}${body.response_type ? ` (${String(body.response_type)})` : ''}`
        : exchange.kind === 'response_url'
          ? `response_url post${body.response_type ? ` (${String(body.response_type)})` : ''}${body.replace_original ? ' replacing the original' : ''}`
          : exchange.kind === 'upload'
            ? `upload of ${String(body.filename)} (${String(body.bytes)} bytes)${body.saved ? `, saved as ${String(body.saved)}` : ''}`
            : `${exchange.kind === 'api' ? 'Web API' : 'webhook'} ${exchange.method}${body.channel ? ` to ${String(body.channel)}` : ''}`;
  const text = exchange.kind === 'upload' ? '' : renderMessageText(body);
  return `--- ${title}${text === '' ? '' : `\n${text}`}`;
}

/** Sends the app's log lines to `stderr` while `work` runs, so that stdout holds only what Slack would receive. */
async function withLogsTo<T>(stderr: CliIo['stderr'], work: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  console.log = console.error = (...args: unknown[]) => void stderr.write(`${format(...args)}\n`);
  try {
    return await work();
  } finally {
    Object.assign(console, { log, error });
  }
}

/**
 * `npm run slack` in-process: `argv` as after `npm run slack --`. Prints what Slack would
 * receive to `io.stdout` and returns the exit code: 0 when the request was answered with 200
 * (or the Monday summary ran), 1 when it was refused or failed, 2 for arguments it cannot run.
 */
export async function runSlackCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const parsed = parseRequest(argv);
    if ('help' in parsed) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const { request, json, storeDir } = parsed;
    // A plan or a sweep ends with a chart: the chart thread loads the renderer while the week is solved.
    if (request.kind === 'command' || request.kind === 'submit' || request.kind === 'monday') startChartThread();
    const approvers = process.env.APPROVER_USER_IDS ?? 'ULOCAL,U1';
    const exchanges = await withLogsTo(io.stderr, () => simulateSlack(request, { storeDir, approvers }));
    io.stdout.write(`${json ? JSON.stringify(exchanges, null, 2) : exchanges.map(describe).join('\n\n')}\n`);
    return exchanges[0]?.status === 200 || exchanges[0]?.status === 204 ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    const planner = error as { code?: string; message?: string };
    io.stderr.write(
      `slack simulator failed${planner.code ? ` (${planner.code})` : ''}: ${planner.message ?? String(error)}\n`,
    );
    return 1;
  } finally {
    await closeSimulator();
  }
}

if (isMainModule(import.meta.url)) process.exitCode = await runSlackCli(process.argv.slice(2));
