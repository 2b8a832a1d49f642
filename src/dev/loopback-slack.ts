import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { answerApi, type UploadedFile } from './loopback-api.ts';
import { createCallLog } from './call-log.ts';

/** One thing Slack (or the campaign system) would have received. */
export interface CapturedCall {
  /**
   * `api` for Web API methods, `response_url` for response URL posts, `upload` for the bytes
   * posted to a file's upload URL, `webhook` for the campaign system.
   */
  kind: 'api' | 'response_url' | 'upload' | 'webhook';
  /** The Web API method (`chat.postMessage`), or the path for the other kinds. */
  target: string;
  body: Record<string, unknown>;
  raw: string;
  headers: IncomingHttpHeaders;
  /** When the call arrived (`performance.now()`), to tell what happened before an answer. */
  at: number;
}

/** A Slack stand-in on 127.0.0.1: the Web API under `/api/`, response URLs under `/response/`, uploads under `/upload/`, a webhook at `/webhook`. */
export interface LoopbackSlack {
  /** Pass to the WebClient as `slackApiUrl`. */
  apiUrl: string;
  /** A fresh response URL (Slack gives one per command, click or form with a channel). */
  responseUrl(): string;
  webhookUrl: string;
  calls: CapturedCall[];
  /** Every file completed with files.completeUploadExternal, with the bytes uploaded for it. */
  files: UploadedFile[];
  /** Resolves with the first call (past or future) that `match` accepts; rejects after `timeoutMs`. */
  waitFor(match: (call: CapturedCall) => boolean, timeoutMs?: number): Promise<CapturedCall>;
  /** The HTTP status the webhook answers with (default 200). */
  setWebhookStatus(status: number): void;
  /** Makes a Web API method answer `{ ok: false, error }` from now on (undefined: answer normally again). */
  failMethod(method: string, error: string | undefined): void;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  /** Saves every uploaded file here under its file id and name, so a person can open it. */
  filesDir?: string;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const form: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
    for (const key of ['blocks', 'attachments', 'view', 'files'])
      if (typeof form[key] === 'string') form[key] = JSON.parse(form[key]);
    return form;
  }
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { text: raw };
  }
}

function kindOf(path: string): CapturedCall['kind'] {
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/response/')) return 'response_url';
  if (path.startsWith('/upload/')) return 'upload';
  return 'webhook';
}

/** Starts the stand-in on a random loopback port. Used by the local simulator and the tests. */
export async function startLoopbackSlack(options: LoopbackOptions = {}): Promise<LoopbackSlack> {
  const log = createCallLog<CapturedCall>((call) => call.target);
  const files: UploadedFile[] = [];
  const uploads = new Map<string, { filename: string; bytes?: Buffer }>();
  const failures = new Map<string, string>();
  let webhookStatus = 200;
  let sequence = 0;
  let responses = 0;
  let base = '';

  const record = (call: CapturedCall) => log.record(call);

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const bytes = Buffer.concat(chunks);
        const path = request.url ?? '/';
        const kind = kindOf(path);
        const at = performance.now();
        sequence += 1;
        if (kind === 'upload') {
          const id = path.slice('/upload/'.length);
          const pending = uploads.get(id);
          if (pending) pending.bytes = bytes;
          const saved = options.filesDir && pending ? join(options.filesDir, `${id}-${pending.filename}`) : undefined;
          if (saved && options.filesDir) {
            await mkdir(options.filesDir, { recursive: true });
            await writeFile(saved, bytes);
          }
          const body = { file_id: id, filename: pending?.filename, bytes: bytes.length, ...(saved ? { saved } : {}) };
          record({ kind, target: path, body, raw: '', headers: request.headers, at });
          response.writeHead(pending ? 200 : 404, { 'content-type': 'text/plain' });
          response.end(pending ? `OK - ${bytes.length}` : 'unknown upload');
          return;
        }
        const raw = bytes.toString('utf8');
        const body = parseBody(raw, request.headers['content-type']);
        const target = kind === 'api' ? path.slice('/api/'.length).split('?')[0] : path;
        record({ kind, target, body, raw, headers: request.headers, at });
        const failure = kind === 'api' ? failures.get(target) : undefined;
        const answer =
          kind !== 'api'
            ? { ok: true }
            : failure
              ? { ok: false, error: failure }
              : answerApi(target, body, { sequence, base, uploads, files });
        response.writeHead(kind === 'webhook' ? webhookStatus : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: () => `${base}/response/${(responses += 1)}`,
    webhookUrl: `${base}/webhook`,
    calls: log.items,
    files,
    waitFor: (match, timeoutMs = 30_000) => log.waitFor(match, timeoutMs),
    setWebhookStatus: (status) => {
      webhookStatus = status;
    },
    failMethod: (method, error) => {
      if (error === undefined) failures.delete(method);
      else failures.set(method, error);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
