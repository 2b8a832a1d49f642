import { spawn } from 'node:child_process';

export type Measured = Record<string, unknown> & { status: string; seconds?: number; peakRssMb?: number };

/**
 * Runs bench/solve-one.ts in a fresh Node process and returns its RESULT line; a process that
 * outlives `patienceSeconds` is killed and reported as giving no answer.
 */
export function child(args: string[], patienceSeconds: number, extraNode: string[] = []): Promise<Measured> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [...extraNode, '--import', 'tsx', 'bench/solve-one.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      proc.kill('SIGKILL');
    }, patienceSeconds * 1000);
    proc.on('close', (code, signal) => {
      clearTimeout(guard);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice(7)) as Measured);
      else if (killed)
        resolve({
          status: 'no answer',
          seconds: patienceSeconds,
          message: `killed after ${patienceSeconds} s: no answer within twice the time limit`,
        });
      else
        resolve({
          status: 'crashed',
          message: `exit ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' ').slice(0, 240)}`,
        });
    });
  });
}

export function log(text: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

export function summary(m: Measured): string {
  const fmt = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : String(x));
  return `${m.status} obj=${fmt(m.objective)} bound=${fmt(m.bound)} ${fmt(m.seconds)} s ${fmt(m.peakRssMb)} MB ${String(m.message ?? '')}`;
}
