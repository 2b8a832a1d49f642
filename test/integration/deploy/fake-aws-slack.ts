import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCallLog } from '../../../src/dev/call-log.ts';

/** One request a fake received: method, path, headers and the parsed body. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A running loopback server and everything it received. */
export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** Resolves with the first request (already received or future) that `match` accepts. */
  waitFor(match: (request: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

type Answer = { status: number; headers?: Record<string, string>; body: string | Buffer };
type Responder = (request: RecordedRequest, raw: Buffer) => Answer | Promise<Answer>;

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(raw));
    for (const key of ['blocks', 'attachments']) {
      if (typeof form[key] === 'string') form[key] = JSON.parse(form[key]);
    }
    return form;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function startFake(respond: Responder): Promise<FakeServer> {
  const log = createCallLog<RecordedRequest>((r) => `${r.method} ${r.path}`);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        body: parseBody(raw.toString('utf8'), request.headers['content-type']),
      };
      log.record(recorded);
      void Promise.resolve(respond(recorded, raw)).then(
        (answer) => {
          response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          response.end(answer.body);
        },
        () => response.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: log.items,
    waitFor: (match, timeoutMs) => log.waitFor(match, timeoutMs),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * A fake Slack: the Web API under `/api/` (chat.*, views.*, auth.test and the file upload
 * methods answer ok), file uploads under `/upload/` and `response_url` posts under `/respond/`.
 * Point the app at it with `SLACK_API_URL=<url>/api/`.
 */
export async function startFakeSlack(): Promise<FakeServer> {
  let ts = 1_700_000_000;
  let base = '';
  const fake = await startFake((request) => {
    if (request.path.startsWith('/api/')) {
      const method = request.path.slice('/api/'.length).split('?')[0];
      const body = (request.body ?? {}) as { channel?: string; ts?: string; file?: string; files?: string };
      if (method === 'auth.test')
        return { status: 200, body: JSON.stringify({ ok: true, user_id: 'UBOT', team_id: 'T1', bot_id: 'B1' }) };
      if (method === 'files.getUploadURLExternal') {
        ts += 1;
        return {
          status: 200,
          body: JSON.stringify({ ok: true, file_id: `F${ts}`, upload_url: `${base}/upload/F${ts}` }),
        };
      }
      if (method === 'files.completeUploadExternal') {
        const files = (JSON.parse(body.files ?? '[]') as { id: string }[]).map((file) => ({ id: file.id }));
        return { status: 200, body: JSON.stringify({ ok: true, files }) };
      }
      if (method === 'files.info') {
        const file = { id: body.file, shares: { public: { C0PLANS01: [{ ts: '1' }] } } };
        return { status: 200, body: JSON.stringify({ ok: true, file }) };
      }
      ts += 1;
      return {
        status: 200,
        body: JSON.stringify({ ok: true, channel: body.channel ?? 'C1', ts: body.ts ?? `${ts}.000100` }),
      };
    }
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
  });
  base = fake.url;
  return fake;
}

/**
 * A fake Lambda service that accepts `Invoke` with `InvocationType: Event` (202, as AWS does)
 * and records the payload. Point the SDK at it with `AWS_ENDPOINT_URL_LAMBDA=<url>`.
 */
export function startFakeLambda(): Promise<FakeServer> {
  return startFake((request) => {
    if (request.method === 'POST' && /^\/2015-03-31\/functions\/[^/]+\/invocations/.test(request.path)) {
      return { status: 202, body: '' };
    }
    return {
      status: 404,
      body: JSON.stringify({ Type: 'User', message: `unexpected ${request.method} ${request.path}` }),
    };
  });
}

/** The function name of a recorded Lambda invoke (`/2015-03-31/functions/<name>/invocations`). */
export function invokedFunction(request: RecordedRequest): string {
  return decodeURIComponent(request.path.split('/')[3] ?? '');
}

/** Headers that belong to one connection, which fetch sets itself. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * A loopback server that records every request (as the fakes do) and forwards it to
 * `upstream` (e.g. moto_server's Lambda API), answering with upstream's answer.
 */
export function startRecordingForwarder(upstream: string): Promise<FakeServer> {
  return startFake(async (request, raw) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && !HOP_HEADERS.has(entry[0]),
      ),
    );
    const answer = await fetch(new URL(request.path, upstream), {
      method: request.method,
      headers,
      ...(raw.length > 0 ? { body: raw } : {}),
    });
    return {
      status: answer.status,
      headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' },
      body: Buffer.from(await answer.arrayBuffer()),
    };
  });
}
