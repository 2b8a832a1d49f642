import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One thing Slack (or the campaign system) would have received. */
export interface CapturedCall {
  /** `api` for Web API methods, `response_url` for response URL posts, `webhook` for the campaign system. */
  kind: 'api' | 'response_url' | 'webhook';
  /** The Web API method (`chat.postMessage`), or the path for the other kinds. */
  target: string;
  body: Record<string, unknown>;
  raw: string;
  headers: IncomingHttpHeaders;
}

/** A Slack stand-in on 127.0.0.1: the Web API under `/api/`, response URLs under `/response/`, a webhook at `/webhook`. */
export interface LoopbackSlack {
  /** Pass to the WebClient as `slackApiUrl`. */
  apiUrl: string;
  /** A fresh response URL (Slack gives one per command or click). */
  responseUrl(): string;
  webhookUrl: string;
  calls: CapturedCall[];
  /** Resolves with the first call (past or future) that `match` accepts; rejects after `timeoutMs`. */
  waitFor(match: (call: CapturedCall) => boolean, timeoutMs?: number): Promise<CapturedCall>;
  /** The HTTP status the webhook answers with (default 200). */
  setWebhookStatus(status: number): void;
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const form: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
    for (const key of ['blocks', 'attachments']) if (typeof form[key] === 'string') form[key] = JSON.parse(form[key]);
    return form;
  }
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { text: raw };
  }
}

const API_ANSWERS: Record<string, (body: Record<string, unknown>, ts: string) => Record<string, unknown>> = {
  'chat.postMessage': (body, ts) => ({ ok: true, channel: body.channel, ts, message: { text: body.text } }),
  'chat.update': (body) => ({ ok: true, channel: body.channel, ts: body.ts, text: body.text }),
  'auth.test': () => ({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T00000001' }),
};

/** Starts the stand-in on a random loopback port. Used by the local simulator and the tests. */
export async function startLoopbackSlack(): Promise<LoopbackSlack> {
  const calls: CapturedCall[] = [];
  const waiters: { match: (call: CapturedCall) => boolean; resolve: (call: CapturedCall) => void }[] = [];
  let webhookStatus = 200;
  let sequence = 0;
  let responses = 0;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '/';
      const body = parseBody(raw, request.headers['content-type']);
      const kind = path.startsWith('/api/') ? 'api' : path.startsWith('/response/') ? 'response_url' : 'webhook';
      const target = kind === 'api' ? path.slice('/api/'.length).split('?')[0] : path;
      const call: CapturedCall = { kind, target, body, raw, headers: request.headers };
      calls.push(call);
      for (const waiter of waiters.filter((w) => w.match(call))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
      sequence += 1;
      const ts = `1700000000.${String(sequence).padStart(6, '0')}`;
      const answer =
        kind === 'api' ? (API_ANSWERS[target]?.(body, ts) ?? { ok: false, error: 'unknown_method' }) : { ok: true };
      response.writeHead(kind === 'webhook' ? webhookStatus : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: () => `${base}/response/${(responses += 1)}`,
    webhookUrl: `${base}/webhook`,
    calls,
    waitFor(match, timeoutMs = 30_000) {
      const seen = calls.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching call within ${timeoutMs} ms; got ${calls.map((c) => c.target).join(', ') || 'none'}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ match, resolve: (call) => (clearTimeout(timer), resolve(call)) });
      });
    },
    setWebhookStatus: (status) => {
      webhookStatus = status;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
