import { describe, expect, it } from 'vitest';
import { parsePlanArgs } from '../../../src/cli/args.ts';

describe('npm run plan arguments', () => {
  it('takes --method counts', () => {
    // Act
    const args = parsePlanArgs(['--method', 'counts']);

    // Assess
    expect(args.method).toBe('counts');
  });

  it('refuses an unknown --method, listing every method it takes', () => {
    // Act
    const attempt = () => parsePlanArgs(['--method', 'simplex']);

    // Assess
    expect(attempt).toThrow('--method must be auto, mip, counts, decomposition; got "simplex"');
  });
});
