/**
 * Runs one packaged Lambda handler the way the Node.js runtime does, in a fresh process with
 * no tsx and no repo node_modules: imports the bundle, calls `handler(event, context)` once,
 * prints one JSON line with the result and timings, and exits at once (Lambda freezes the
 * process when the handler returns, so work left running must not count).
 *
 *   node package-invoke.mjs <bundle.mjs> <event.json>
 *
 * `RETENTION_FAKE_NOW=<ISO instant>` starts the clock the code reads with `new Date()` at that
 * instant (for the Monday schedule); `Date.now()` stays real, so request signatures stay valid.
 *
 * Timings (ms): `importMs` (module load: the cold start's init), `handlerMs` (the call),
 * `sinceProcessStartMs` (node start to the answer, i.e. Slack's view of a cold start minus the
 * runtime's own bootstrap); `maxRssMb`, the process' peak resident memory (Lambda's "Max Memory Used").
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
if (!bundle || !eventFile) {
  process.stderr.write('usage: node package-invoke.mjs <bundle.mjs> <event.json>\n');
  process.exit(2);
}

const event = JSON.parse(readFileSync(eventFile, 'utf8'));

if (process.env.RETENTION_FAKE_NOW) {
  const RealDate = Date;
  const fakeStart = RealDate.parse(process.env.RETENTION_FAKE_NOW);
  const realStart = RealDate.now();
  if (Number.isNaN(fakeStart))
    throw new Error(`RETENTION_FAKE_NOW is not an instant: ${process.env.RETENTION_FAKE_NOW}`);
  globalThis.Date = class FakeNowDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(fakeStart + (RealDate.now() - realStart));
      else super(...args);
    }
  };
}
const deadline = Date.now() + Number(process.env.INVOKE_TIMEOUT_MS ?? 120_000);
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local',
  functionVersion: '$LATEST',
  awsRequestId: `req-${process.pid}`,
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local'}`,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1024',
  logGroupName: '/aws/lambda/local',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done() {},
  fail() {},
  succeed() {},
};

function report(line) {
  process.stdout.write(`\n@@RESULT ${JSON.stringify(line)}\n`, () => process.exit(0));
}

const started = performance.now();
let imported;
try {
  const module = await import(pathToFileURL(bundle).href);
  imported = performance.now();
  if (typeof module.handler !== 'function') throw new Error(`${bundle} exports no handler function`);
  const result = await new Promise((resolve, reject) => {
    const callback = (error, value) => (error ? reject(error) : resolve(value));
    Promise.resolve(module.handler(event, context, callback)).then((value) => {
      if (value !== undefined || module.handler.length < 3) resolve(value);
    }, reject);
  });
  const answered = performance.now();
  report({
    ok: true,
    result: result ?? null,
    importMs: imported - started,
    handlerMs: answered - imported,
    sinceProcessStartMs: answered,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  });
} catch (error) {
  report({
    ok: false,
    error: { name: error?.name, message: error?.message, code: error?.code, stack: error?.stack },
    importMs: imported === undefined ? undefined : imported - started,
  });
}
