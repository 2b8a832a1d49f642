/**
 * The CPU time of a 75k budget sweep against one warm plan, in one process, for developing the
 * sweep (bench/solve-one.ts --method sweep is what the bench reports):
 *   --family F --n N --seed S [--rounds R] [--profile FILE]
 * With --profile, the sweeps alone are recorded as a V8 CPU profile. Prints the last sweep's
 * per-level statuses, objectives, wall and CPU seconds (on a loaded host a level's wall time
 * measures its neighbours too), so that two versions' outputs can be compared.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { runSweep } from '../src/analytics/sweep.ts';
import { parseSweepSpec } from '../src/analytics/sweep-spec.ts';
import { planWeek } from '../src/solver/plan-week.ts';
import { drawWeek, isFamilyName } from './families.ts';

const { values } = parseArgs({
  options: {
    family: { type: 'string', default: 'reference' },
    n: { type: 'string', default: '75000' },
    seed: { type: 'string', default: '7' },
    rounds: { type: 'string', default: '4' },
    profile: { type: 'string' },
  },
});
if (!isFamilyName(values.family)) throw new Error(`unknown family ${values.family}`);
const week = await drawWeek(values.family, Number(values.n), Number(values.seed));
const cpuOf = async (run: () => Promise<unknown>) => {
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1e6;
};
const { policy } = week;
const spec = parseSweepSpec(`budget=${Math.round(policy.budget)}..${Math.round((policy.budget * 1000) / 150)}:12`);
for (let i = 0; i < 2; i++) {
  await planWeek({ ...week, timeLimitSeconds: 120 });
  await runSweep({ ...week, spec, timeLimitSeconds: 120 });
}
const session = new Session();
if (values.profile) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const plans: number[] = [];
const sweeps: number[] = [];
let last: Awaited<ReturnType<typeof runSweep>> | undefined;
let levelCpu = new Map<number, number>();
for (let round = 0; round < Number(values.rounds); round++) {
  if (values.profile) await session.post('Profiler.stop');
  plans.push(await cpuOf(() => planWeek({ ...week, timeLimitSeconds: 120 })));
  if (values.profile) await session.post('Profiler.start');
  levelCpu = new Map();
  let since = process.cpuUsage();
  // Each level's CPU: from the end of the level before (or the sweep's start) to its report.
  const onLevel = ({ value }: { value: number }) => {
    const used = process.cpuUsage(since);
    levelCpu.set(value, (used.user + used.system) / 1e6);
    since = process.cpuUsage();
  };
  sweeps.push(
    await cpuOf(async () => {
      since = process.cpuUsage();
      last = await runSweep({ ...week, spec, timeLimitSeconds: 120, onLevel });
    }),
  );
}
if (values.profile) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(values.profile, JSON.stringify(profile));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const levels = (last?.points ?? []).map(
  (p) =>
    `${Math.round(p.value)}:${p.status}:${p.outcome.solver.objective.toFixed(2)}:${p.seconds.toFixed(3)}:${(levelCpu.get(p.value) ?? NaN).toFixed(3)}:${p.outcome.solver.method}`,
);
process.stdout.write(
  `RESULT ${JSON.stringify({ family: values.family, seed: values.seed, planCpu: median(plans), sweepCpu: median(sweeps), ratio: median(sweeps) / median(plans), plans, sweeps })}\n`,
);
process.stdout.write(`LEVELS ${levels.join(' ')}\n`);
