import { describe, expect, it } from 'vitest';
import { processIo, traceLine } from '../../../src/cli/io.ts';
import { runPlan } from '../../../src/cli/plan.ts';
import { collectingIo } from '../../support/run-cli.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

describe('the stage trace of npm run plan (RETENTION_TRACE)', () => {
  it('names each stage of a plan of the sample as it ends, in order, and prints nothing more', async () => {
    // Prepare
    const out = await tempDirForTest('plan-trace-');
    const stages: string[] = [];
    const io = { ...collectingIo(), trace: (stage: string) => stages.push(stage) };

    // Act
    const code = await runPlan(['--out', out], io);

    // Assess
    expect(code).toBe(0);
    expect(stages).toEqual([
      'arguments',
      'catalog',
      'predictions read',
      'solved',
      'marginal values',
      'plan CSV written',
      'plan chart written',
      'printed',
    ]);
    expect(io.result(code).stderr).toBe('');
  });

  it('is on only when RETENTION_TRACE is set', () => {
    expect(processIo({ RETENTION_TRACE: '1' }).trace).toBeTypeOf('function');
    expect(processIo({}).trace).toBeUndefined();
  });

  it('writes one line per stage: milliseconds since the process started, then the stage', () => {
    expect(traceLine('solved', 454.56)).toBe('trace 454.6 ms solved\n');
  });
});
