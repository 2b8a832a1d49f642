import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedSince, COMMANDS } from '../../../scripts/build-cli.mjs';

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

describe('the week a command names, which a large one runs with huge pages (COMMANDS namedWeek)', () => {
  it('reads a plan’s --predictions in either form; the sample and the Slack commands name none', () => {
    // Act
    const named = [
      ['--predictions', 'big.csv', '--json'],
      ['--predictions=weeks'],
      ['budget=100', '--predictions', 's3://bucket/weekly'],
      [],
      ['--out', 'big.csv'],
    ].map((argv) => COMMANDS.plan.namedWeek(argv));

    // Assess
    expect(named).toEqual(['big.csv', 'weeks', 's3://bucket/weekly', undefined, undefined]);
    expect(COMMANDS.slack.namedWeek(['/retention plan', '--predictions', 'big.csv'])).toBeUndefined();
  });
});

describe('whether the sources changed since the last build (scripts/build-cli.mjs changedSince)', () => {
  it('finds a file modified after the build however deep it lies, and nothing when none is', () => {
    // Prepare: sources two folders deep, all modified at second 1,000; the build at second 2,000.
    const root = mkdtempSync(join(tmpdir(), 'changed-since-'));
    const deep = join(root, 'solver', 'dual');
    mkdirSync(deep, { recursive: true });
    const files = [join(root, 'a.ts'), join(root, 'solver', 'b.ts'), join(deep, 'c.ts')];
    for (const file of files) {
      writeFileSync(file, '');
      utimesSync(file, 1_000, 1_000);
    }

    // Act
    const before = changedSince(root, 2_000_000);
    utimesSync(files[2], 3_000, 3_000);
    const after = changedSince(root, 2_000_000);

    // Assess
    expect([before, after]).toEqual([false, true]);
    rmSync(root, { recursive: true });
  });
});
