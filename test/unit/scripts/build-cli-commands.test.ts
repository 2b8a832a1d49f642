import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../scripts/build-cli.mjs';

describe('what the start-up prepares before a command loads (scripts/build-cli.mjs COMMANDS)', () => {
  it('starts the chart thread for a plan or a sweep, not for a comparison, which draws no chart', () => {
    // Act
    const starts = [[], ['--sweep', 'budget=100..200'], ['--compare', 'budget=1 | budget=2'], ['--compare=a | b']].map(
      (argv) => COMMANDS.plan.startsChartThread(argv),
    );

    // Assess
    expect(starts).toEqual([true, true, false, false]);
    expect(COMMANDS.plan.compilesHighs(['--compare', 'budget=1 | budget=2'])).toBe(true);
  });

  it('compiles HiGHS and starts the chart thread for a Slack plan, sweep or form, not for other requests', () => {
    // Prepare
    const requests = [
      ['/retention plan', '--json'],
      ['/retention sweep budget=150..1000'],
      ['--submit', 'budget=200'],
      ['/retention'],
      ['/retention help'],
      ['/retention planets'],
      ['--home'],
    ];

    // Act
    const prepared = requests.map((argv) => [
      COMMANDS.slack.compilesHighs(argv),
      COMMANDS.slack.startsChartThread(argv),
    ]);

    // Assess
    expect(prepared).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
    ]);
  });
});
