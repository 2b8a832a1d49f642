/**
 * Where a random week's plan spends its time, phase by phase, for developing the solver:
 *   node --import tsx bench/phase-profile.ts --seeds 45,10,31 [--n 1000000]
 * Each week of bench/wild-weeks.ts is planned as bench/explore.ts plans it (one warm process,
 * after an untimed small week), with the solver's progress events timed: for each phase (the
 * model and the sample's dual; the whole dual with the repairs at its certified points; the
 * cores' searches) its wall and CPU seconds, then the status, objective and gap, so two
 * versions' outputs can be compared.
 */
import { parseArgs } from 'node:util';
import { planWeek } from '../src/solver/plan-week.ts';
import { parseSeeds } from './explore.ts';
import { drawWildWeek } from './wild-weeks.ts';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '45' }, n: { type: 'string', default: '1000000' } },
});
const n = Number(values.n);
const seconds = (micros: number) => (micros / 1e6).toFixed(2);

await planWeek({ ...drawWildWeek(1, 2_000), timeLimitSeconds: 60 });
for (const seed of parseSeeds(values.seeds)) {
  const week = drawWildWeek(seed, n);
  const cpu = process.cpuUsage();
  const started = performance.now();
  // Each phase's first event closes the one before: [name, wall ms, CPU µs] at its start.
  const marks: [string, number, number][] = [['model and sample', started, 0]];
  const mark = (phase: string) => {
    const used = process.cpuUsage(cpu);
    marks.push([phase, performance.now(), used.user + used.system]);
  };
  const planned = await planWeek({
    ...week,
    timeLimitSeconds: 60,
    onProgress: ({ phase }) => {
      if (marks[marks.length - 1][0] !== phase) mark(phase);
    },
  });
  mark('end');
  console.log(`seed ${seed}: ${week.shape}`);
  for (let j = 0; j + 1 < marks.length; j++) {
    const [phase, wall, used] = marks[j];
    const [, nextWall, nextUsed] = marks[j + 1];
    console.log(`  ${phase}: wall ${((nextWall - wall) / 1000).toFixed(2)} s, CPU ${seconds(nextUsed - used)} s`);
  }
  const { solver } = planned;
  const total = marks[marks.length - 1];
  console.log(
    `  ${planned.status}, objective ${solver.objective}, gap ${solver.gap}; wall ${((total[1] - started) / 1000).toFixed(2)} s, CPU ${seconds(total[2])} s`,
  );
}
