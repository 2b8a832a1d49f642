import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** How to get moto_server where it is missing. */
export const MOTO_INSTALL = "pip install 'moto[server]'";

/** Credentials moto accepts (any will do); region of every moto client. */
export const MOTO_CREDENTIALS = { accessKeyId: 'moto-test', secretAccessKey: 'moto-test' };
export const MOTO_REGION = 'us-east-1';

/** The `moto_server` executable on PATH, or undefined when Python's moto is not installed. */
export function findMotoServer(path: string = process.env.PATH ?? ''): string | undefined {
  for (const folder of path.split(delimiter).filter(Boolean)) {
    const candidate = join(folder, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** A moto_server on loopback: S3 (with conditional writes), SSM, Lambda, … at one endpoint. */
export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

const STARTUP_MS = 60_000;

/** A `sitecustomize.py` that makes moto serve one request at a time, so its conditional writes are atomic as S3's are. */
const SERIAL_SITE = fileURLToPath(new URL('./moto-serial', import.meta.url));

/**
 * Starts `moto_server` on 127.0.0.1 and a free port (it binds port 0 and prints the one it
 * got), waits until it listens and returns its endpoint. `stop` ends that process only.
 */
export async function startMotoServer(): Promise<MotoServer> {
  const executable = findMotoServer();
  if (!executable) throw new Error(`moto_server is not on PATH; install it with ${MOTO_INSTALL}`);
  const env = { ...process.env, PYTHONPATH: [SERIAL_SITE, process.env.PYTHONPATH].filter(Boolean).join(delimiter) };
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`moto_server did not listen within ${STARTUP_MS} ms: ${output}`)),
      STARTUP_MS,
    );
    const read = (chunk: Buffer) => {
      // Werkzeug logs every request: keep reading so the pipe never fills, keep only the start.
      if (output.length < 4000) output += chunk.toString();
      const listening = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`moto_server exited (${code}) before listening: ${output}`)));
  });
  return {
    endpoint,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `describe` for cases that need moto_server. Without it they are skipped under a name that
 * says so and how to install it; with `CI` set its absence fails the run instead.
 */
export function describeWithMoto(name: string, body: () => void): void {
  if (findMotoServer()) {
    describe(name, body);
    return;
  }
  const missing = `moto_server is not installed, so the cases "${name}" did not run; install it with ${MOTO_INSTALL}`;
  if (process.env.CI) {
    describe(name, () => {
      it('needs moto_server, which CI requires', () => {
        throw new Error(missing);
      });
    });
    return;
  }
  process.stderr.write(`NOTE: ${missing}\n`);
  describe.skip(`${name} (NOT RUN: moto_server is missing; ${MOTO_INSTALL})`, body);
}
