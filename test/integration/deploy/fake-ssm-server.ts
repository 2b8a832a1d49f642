import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One stored parameter of the fake SSM. */
export interface FakeParameter {
  value: string;
  type?: 'String' | 'SecureString';
}

/** A running fake SSM endpoint on loopback and the `GetParameters` requests it answered. */
export interface FakeSsmServer {
  endpoint: string;
  requests: { Names: string[]; WithDecryption?: boolean }[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 (random port) that speaks the SSM JSON 1.1 protocol for
 * `AmazonSSM.GetParameters`, so the real AWS SDK client (or a bundled Lambda pointed at it
 * with `AWS_ENDPOINT_URL_SSM`) can be tested with no network and no account.
 */
export async function startFakeSsm(parameters: Record<string, FakeParameter>): Promise<FakeSsmServer> {
  const requests: FakeSsmServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'AmazonSSM.GetParameters') {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'UnknownOperationException', message: `unsupported ${String(target)}` }));
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Names: string[]; WithDecryption?: boolean };
      requests.push(input);
      const known = input.Names.filter((name) => Object.hasOwn(parameters, name));
      response.end(
        JSON.stringify({
          Parameters: known.map((name) => ({
            Name: name,
            Type: parameters[name].type ?? 'SecureString',
            Value: input.WithDecryption ? parameters[name].value : 'AQICAHencrypted',
            Version: 1,
          })),
          InvalidParameters: input.Names.filter((name) => !known.includes(name)),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
