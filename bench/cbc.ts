import { spawn, spawnSync } from 'node:child_process';

export interface CbcResult {
  status: 'optimal' | 'feasible' | 'infeasible' | 'error';
  objective: number | undefined;
  bound: number | undefined;
  seconds: number;
  peakRssMb: number | undefined;
  /** User + system CPU seconds (GNU time). */
  cpuSeconds: number | undefined;
  detail: string;
}

/** True when Debian's coinor-cbc (`cbc`) and GNU time are on the PATH. */
export function cbcAvailable(): boolean {
  return (
    spawnSync('cbc', ['-quit'], { stdio: 'ignore' }).status === 0 &&
    spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0
  );
}

function numberAfter(text: string, label: string): number | undefined {
  const match = new RegExp(`${label}\\s*:?\\s*(-?[0-9.eE+-]+)`).exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * Runs CBC on an MPS file written by `writeMps` (objective negated) under /usr/bin/time,
 * capped at `seconds`, and reads objective, bound, wall time and peak RSS from its output.
 */
export async function runCbc(mpsPath: string, seconds: number): Promise<CbcResult> {
  const started = performance.now();
  const child = spawn(
    '/usr/bin/time',
    [
      '-f',
      'PEAK_RSS_KB %M CPU_USER %U CPU_SYS %S',
      'cbc',
      mpsPath,
      'timeMode',
      'elapsed',
      'sec',
      String(seconds),
      'ratio',
      '1e-6',
      'solve',
      'quit',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wall = (performance.now() - started) / 1000;
  const rss = numberAfter(output, 'PEAK_RSS_KB');
  const peakRssMb = rss === undefined ? undefined : rss / 1024;
  const user = numberAfter(output, 'CPU_USER');
  const system = numberAfter(output, 'CPU_SYS');
  const cpuSeconds = user === undefined || system === undefined ? undefined : user + system;
  const result = /Result - (.*)/.exec(output)?.[1]?.trim() ?? `exit ${code}`;
  const minimised = numberAfter(output, 'Objective value');
  const lower = numberAfter(output, 'Lower bound');
  if (/infeasible/i.test(result))
    return {
      status: 'infeasible',
      objective: undefined,
      bound: undefined,
      seconds: wall,
      peakRssMb,
      cpuSeconds,
      detail: result,
    };
  if (minimised === undefined || /no feasible/i.test(result))
    return {
      status: 'error',
      objective: undefined,
      bound: lower === undefined ? undefined : -lower,
      seconds: wall,
      peakRssMb,
      cpuSeconds,
      detail: result,
    };
  const optimal = /Optimal solution found/i.test(result);
  return {
    status: optimal ? 'optimal' : 'feasible',
    objective: -minimised,
    bound: optimal ? -minimised : lower === undefined ? undefined : -lower,
    seconds: wall,
    peakRssMb,
    cpuSeconds,
    detail: result,
  };
}
