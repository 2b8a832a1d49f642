import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../../src/io/write-atomically.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

describe('writeAtomically', () => {
  it('writes every line of a file larger than one chunk, in order (10M-row plans failed as one string: "Invalid string length")', async () => {
    // Prepare: 60,000 lines, about 3 MB, so the text crosses several chunks
    const dir = await tempDirForTest('write-lines-');
    const path = join(dir, 'plan.csv');
    const lines = Array.from(
      { length: 60_000 },
      (_, i) => `CUST-${String(i).padStart(9, '0')},3,Email offer,email,0.5,0.4\r\n`,
    );

    // Act
    await writeAtomically(path, lines);

    // Assess
    expect(readFileSync(path, 'utf8')).toBe(lines.join(''));
    expect(readdirSync(dir)).toEqual(['plan.csv']);
  });

  it('writes byte chunks (the plan CSV) and text in the order given', async () => {
    // Prepare
    const dir = await tempDirForTest('write-lines-');
    const path = join(dir, 'plan.csv');
    const bytes = (text: string) => new TextEncoder().encode(text);
    const chunks = ['header\r\n', bytes('Zoë,1\r\n'.repeat(50_000)), 'text,2\r\n', bytes('last,3\r\n')];

    // Act
    await writeAtomically(path, chunks);

    // Assess
    expect(readFileSync(path, 'utf8')).toBe(`header\r\n${'Zoë,1\r\n'.repeat(50_000)}text,2\r\nlast,3\r\n`);
    expect(readdirSync(dir)).toEqual(['plan.csv']);
  });

  it('leaves the previous file as it was, and no temp file, when the lines fail midway', async () => {
    // Prepare: an earlier plan.csv, and lines that throw after more than a chunk
    const dir = await tempDirForTest('write-lines-');
    const path = join(dir, 'plan.csv');
    writeFileSync(path, 'the earlier plan\r\n');
    function* failing(): Generator<string> {
      for (let i = 0; i < 40_000; i++) yield `CUST-${i},1,Push,push,0.1,0.2\r\n`;
      throw new Error('the plan could not be rendered');
    }

    // Act
    const written = writeAtomically(path, failing());

    // Assess
    await expect(written).rejects.toThrow('the plan could not be rendered');
    expect(readFileSync(path, 'utf8')).toBe('the earlier plan\r\n');
    expect(readdirSync(dir)).toEqual(['plan.csv']);
  });
});
