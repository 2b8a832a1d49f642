import { describe, expect, it } from 'vitest';
import {
  BLOCK_LIMITS,
  checkBlockLimits,
  fitMessage,
  joinLinesWithin,
  section,
} from '../../../../src/slack/blocks/block-kit.ts';

describe('joinLinesWithin', () => {
  it('keeps every line when they fit', () => {
    expect(joinLinesWithin(['a', 'b', 'c'], 100)).toBe('a\nb\nc');
  });

  it('stops before the limit and counts the lines left out', () => {
    // Prepare
    const lines = Array.from({ length: 500 }, (_, i) => `• line ${i} ${'x'.repeat(30)}`);

    // Act
    const text = joinLinesWithin(lines, 3000);

    // Assess
    expect(text.length).toBeLessThanOrEqual(3000);
    const kept = text.split('\n');
    const more = Number(/…and (\d+) more$/.exec(text)?.[1]);
    expect(kept.length - 1 + more).toBe(500);
  });

  it('cuts one overlong line rather than dropping it', () => {
    const text = joinLinesWithin(['y'.repeat(10_000)], 3000);
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('fitMessage', () => {
  it('keeps at most 50 blocks, the first ones and the closing actions block', () => {
    // Prepare
    const blocks = [
      ...Array.from({ length: 80 }, (_, i) => section(`s${i}`)),
      { type: 'actions' as const, elements: [] },
    ];

    // Act
    const message = fitMessage('t', blocks);

    // Assess
    expect(message.blocks).toHaveLength(BLOCK_LIMITS.blocksPerMessage);
    expect(message.blocks[0]).toEqual(section('s0'));
    expect(message.blocks.at(-1)?.type).toBe('actions');
    expect(checkBlockLimits(message)).toEqual([]);
  });
});
