import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to one request instead of forwarding it:
 * answer with a status (and headers/body), `hang` (never answer), `hold` (forward it when the
 * test calls {@link FaultProxy.release}), `drop` (close the socket), or `stall` (forward the
 * upstream's headers and first bytes, then go silent).
 */
export type Fault =
  { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'hold' | 'drop' | 'stall';

/** One request as the proxy saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  fault: string;
  /** When it arrived (performance.now(), ms). */
  at: number;
}

export type RequestMatch = (request: { method: string; path: string }) => boolean;

/** A loopback HTTP proxy in front of a real server (s3rver, the fake Slack) that injects faults on chosen requests. */
export interface FaultProxy {
  url: string;
  seen: SeenRequest[];
  /** The next `faults.length` matching requests get these faults, in order; later ones pass. */
  inject(match: RequestMatch, faults: Fault[]): void;
  /** Every matching request gets `fault` until {@link clear}. */
  always(match: RequestMatch, fault: Fault): void;
  clear(): void;
  /** Resolves once `count` requests are being held by a `hold` fault. */
  holding(count?: number): Promise<void>;
  /** Forwards every held request to the upstream, as if the network had answered late. */
  release(): void;
  close(): Promise<void>;
}

const describeFault = (fault: Fault | undefined): string =>
  fault === undefined ? 'pass' : typeof fault === 'string' ? fault : String(fault.status);

/** Starts the proxy on a random loopback port in front of `upstream` (`http://127.0.0.1:port`). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const rules: { match: RequestMatch; faults: Fault[]; always: boolean }[] = [];
  const seen: SeenRequest[] = [];
  const held: (() => void)[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];

  const pass = (req: IncomingMessage, res: ServerResponse, stall: boolean): void => {
    const out = forward(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (!stall) {
          answer.pipe(res);
          return;
        }
        answer.once('data', (chunk: Buffer) => {
          res.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))));
          answer.destroy();
        });
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    const info = { method: req.method ?? 'GET', path: req.url ?? '/' };
    const rule = rules.find((candidate) => candidate.match(info) && candidate.faults.length > 0);
    const fault = rule ? (rule.always ? rule.faults[0] : rule.faults.shift()) : undefined;
    seen.push({ ...info, fault: describeFault(fault), at: performance.now() });
    if (fault === undefined) return pass(req, res, false);
    if (fault === 'stall') return pass(req, res, true);
    if (fault === 'hold') {
      held.push(() => pass(req, res, false));
      for (const waiter of waiting.filter((candidate) => candidate.count <= held.length)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
      return;
    }
    req.resume();
    if (fault === 'hang') return;
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    res.writeHead(fault.status, { 'content-type': 'application/xml', ...fault.headers });
    res.end(fault.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    inject: (match, faults) => void rules.push({ match, faults: [...faults], always: false }),
    always: (match, fault) => void rules.push({ match, faults: [fault], always: true }),
    clear: () => void rules.splice(0, rules.length),
    holding: (count = 1) =>
      held.length >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve })),
    release: () => {
      for (const forward of held.splice(0, held.length)) forward();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An S3 error document, as S3 sends it with a 5xx. */
export function s3ErrorBody(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}
