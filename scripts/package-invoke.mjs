/**
 * Runs a packaged Lambda handler the way the Node.js runtime does, with no tsx and no repo
 * node_modules, in one of two ways:
 *
 *   node package-invoke.mjs <bundle.mjs> <event.json>
 *     one cold invocation: imports the bundle, calls `handler(event, context)` once, prints one
 *     `@@RESULT <json>` line and exits at once (Lambda freezes the process when the handler
 *     returns, so work left running must not count);
 *   node package-invoke.mjs <bundle.mjs>   (started with an IPC channel, as `fork` does)
 *     a Lambda instance kept warm: each message `{ event }` is one invocation, answered with
 *     its report; the first is the cold one. It ends when the parent disconnects.
 *
 * `RETENTION_FAKE_NOW=<ISO instant>` starts the clock the code reads with `new Date()` at that
 * instant (for the Monday schedule); `Date.now()` stays real, so request signatures stay valid.
 *
 * Timings (ms): `importMs` (module load: the cold start's init; 0 once loaded), `handlerMs`
 * (the call), `sinceProcessStartMs` (node start to the answer, i.e. Slack's view of a cold
 * start minus the runtime's own bootstrap); `cpuMs`, the process' CPU time (user and system) at the
 * answer, which other load on the machine hardly stretches; `maxRssMb`, the process' peak resident
 * memory (Lambda's "Max Memory Used").
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
if (!bundle || (!eventFile && !process.send)) {
  process.stderr.write('usage: node package-invoke.mjs <bundle.mjs> <event.json>   (or forked, with IPC)\n');
  process.exit(2);
}

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

let invocations = 0;

/** The context Lambda passes: a deadline INVOKE_TIMEOUT_MS (120 s by default) from the call. */
function lambdaContext() {
  const deadline = Date.now() + Number(process.env.INVOKE_TIMEOUT_MS ?? 120_000);
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
  return {
    functionName,
    functionVersion: '$LATEST',
    awsRequestId: `req-${process.pid}-${(invocations += 1)}`,
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1024',
    logGroupName: '/aws/lambda/local',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

let loaded;

/** Imports the bundle once, as Lambda's init does; the time it took is the cold start's. */
async function load() {
  if (!loaded) {
    const started = performance.now();
    const module = await import(pathToFileURL(bundle).href);
    if (typeof module.handler !== 'function') throw new Error(`${bundle} exports no handler function`);
    loaded = { module, importMs: performance.now() - started };
    return loaded;
  }
  return { module: loaded.module, importMs: 0 };
}

/** One invocation: the handler's result (or its error) and the timings. */
async function invoke(event) {
  let importMs;
  try {
    const { module, importMs: took } = await load();
    importMs = took;
    const called = performance.now();
    const result = await new Promise((resolve, reject) => {
      const callback = (error, value) => (error ? reject(error) : resolve(value));
      Promise.resolve(module.handler(event, lambdaContext(), callback)).then((value) => {
        if (value !== undefined || module.handler.length < 3) resolve(value);
      }, reject);
    });
    const answered = performance.now();
    const cpu = process.cpuUsage();
    return {
      ok: true,
      result: result ?? null,
      importMs,
      handlerMs: answered - called,
      sinceProcessStartMs: answered,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } catch (error) {
    return {
      ok: false,
      error: { name: error?.name, message: error?.message, code: error?.code, stack: error?.stack },
      importMs,
    };
  }
}

if (eventFile) {
  const report = await invoke(JSON.parse(readFileSync(eventFile, 'utf8')));
  process.stdout.write(`\n@@RESULT ${JSON.stringify(report)}\n`, () => process.exit(0));
} else {
  process.on('message', ({ event }) => void invoke(event).then((report) => process.send(report)));
  process.on('disconnect', () => process.exit(0));
}
