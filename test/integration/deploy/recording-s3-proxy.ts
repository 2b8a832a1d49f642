import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One S3 call as the packaged function made it: the IAM action it needs and its answer. */
export interface S3Call {
  action: 's3:GetObject' | 's3:PutObject' | 's3:ListBucket' | 's3:DeleteObject' | 's3:HeadObject' | 'other';
  bucket: string;
  /** The object key, or for ListBucket the `prefix` parameter. */
  key: string;
  status: number;
}

/** A loopback proxy in front of s3rver that records every call, labelled by who made it. */
export interface RecordingS3Proxy {
  url: string;
  calls: Map<string, S3Call[]>;
  /** Calls from now on are recorded under `label` (e.g. the function being run). */
  label(name: string): void;
  close(): Promise<void>;
}

function classify(method: string, url: URL): Omit<S3Call, 'status'> {
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  if (method === 'GET' && key === '' && (url.searchParams.get('list-type') === '2' || url.searchParams.has('prefix'))) {
    return { action: 's3:ListBucket', bucket, key: url.searchParams.get('prefix') ?? '' };
  }
  if (method === 'GET' && key !== '') return { action: 's3:GetObject', bucket, key };
  if (method === 'HEAD' && key !== '') return { action: 's3:HeadObject', bucket, key };
  if (method === 'PUT' && key !== '') return { action: 's3:PutObject', bucket, key };
  if (method === 'DELETE' && key !== '') return { action: 's3:DeleteObject', bucket, key };
  return { action: 'other', bucket, key: `${method} ${url.pathname}${url.search}` };
}

/** Starts the proxy on a random loopback port in front of `upstream` (path-style S3). */
export async function startRecordingS3Proxy(upstream: string): Promise<RecordingS3Proxy> {
  const target = new URL(upstream);
  const calls = new Map<string, S3Call[]>();
  let current = 'unlabelled';
  const server = createServer((req, res) => {
    const call = classify(req.method ?? 'GET', new URL(req.url ?? '/', upstream));
    const label = current;
    const out = forward(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        calls.set(label, [...(calls.get(label) ?? []), { ...call, status: answer.statusCode ?? 0 }]);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    label(name) {
      current = name;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
