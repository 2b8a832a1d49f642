/**
 * `npm run dev`: the Slack app on http://127.0.0.1:3000/slack/events for a real workspace
 * through a tunnel (cloudflared, ngrok), with the embedded local store and jobs run in this
 * process. Each HTTP request becomes the API Gateway (HTTP API 2.0) event the deployed
 * function receives and goes through the real Lambda handler (`src/handlers/slack.ts`), so
 * what works here works behind API Gateway: same signature check, same 3-second ack.
 *
 *   SLACK_SIGNING_SECRET=... SLACK_BOT_TOKEN=xoxb-... APPROVER_USER_IDS=U012ABCDEF npm run dev -- [--port 3000] [--host 127.0.0.1] [--store .local-store]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainModule } from '../cli/io.ts';
import { isPlannerError } from '../domain/errors.ts';
import type { AwsHandler } from '../slack/app.ts';
import { httpApiEvent, type AwsEvent } from '../slack/signed-request.ts';
import { localLambdaContext } from './lambda-context.ts';

/** Slack's requests are a few kB; anything this large is not from Slack. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The route the manifest and API Gateway use. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** The HTTP API 2.0 event API Gateway would hand the function for this request. */
export function toHttpApiEvent(
  request: { method: string; path: string; query: string; headers: IncomingMessage['headers'] },
  body: Buffer,
): AwsEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return httpApiEvent({ ...request, headers, body: body.toString('base64'), isBase64Encoded: true });
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolveBody(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function serve(handler: AwsHandler, request: IncomingMessage, response: ServerResponse): Promise<number> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== SLACK_EVENTS_PATH) {
    response.writeHead(url.pathname === '/' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(`retention planner dev server: Slack sends POST ${SLACK_EVENTS_PATH}\n`);
    return url.pathname === '/' ? 200 : 404;
  }
  if (request.method !== 'POST') {
    response.writeHead(405, { allow: 'POST' }).end();
    return 405;
  }
  const body = await readBody(request);
  if (body === undefined) {
    response.writeHead(413).end();
    return 413;
  }
  const answer = await handler(
    toHttpApiEvent({ method: 'POST', path: url.pathname, query: url.search.slice(1), headers: request.headers }, body),
    localLambdaContext('retention-planner-dev-slack'),
  );
  const headers = Object.fromEntries(
    Object.entries(answer.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
  response.writeHead(answer.statusCode, headers);
  response.end(answer.isBase64Encoded ? Buffer.from(answer.body, 'base64') : answer.body);
  return answer.statusCode;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      host: { type: 'string', default: '127.0.0.1' },
      store: { type: 'string', default: process.env.LOCAL_STORE_DIR ?? '.local-store' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number (0 for any free one); got "${values.port}"`);
  const storeDir = resolve(values.store);
  for (const name of ['DATA_BUCKET', 'WORKER_FUNCTION_NAME'] as const) {
    if (process.env[name])
      console.log(`dev: ignoring ${name}: the dev server uses the local store and runs jobs in-process`);
    delete process.env[name];
  }
  process.env.LOCAL_STORE_DIR = storeDir;

  const { seedLocalStore } = await import('./simulator.ts');
  const seeded = await seedLocalStore(storeDir, new Date());
  if (seeded) console.log(`dev: seeded ${storeDir}/${seeded} with the sample predictions`);
  const { handler } = await import('../handlers/slack.ts');

  const server = createServer((request, response) => {
    const started = performance.now();
    serve(handler, request, response)
      .then((status) =>
        console.log(`${request.method} ${request.url} -> ${status} in ${(performance.now() - started).toFixed(0)} ms`),
      )
      .catch((error: unknown) => {
        console.error(`${request.method} ${request.url} failed:`, error);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, values.host, resolveListen);
  });
  const { port: actualPort } = server.address() as AddressInfo;
  console.log(`dev: listening on http://${values.host}:${actualPort}${SLACK_EVENTS_PATH} (store ${storeDir})`);
  console.log(
    `dev: expose it with a tunnel (e.g. cloudflared tunnel --url http://localhost:${actualPort}) and put <tunnel URL>${SLACK_EVENTS_PATH} in the app manifest`,
  );
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(isPlannerError(error) ? `dev: ${error.message}` : error);
    process.exit(1);
  });
}
