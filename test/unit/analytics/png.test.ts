import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src/analytics/png.ts';

describe('encodePng', () => {
  it('writes a PNG any reader decodes to the same pixels, translucent ones divided back by their alpha', () => {
    // Prepare: 3 × 2 pixels, premultiplied RGBA: opaque red, green, blue; white at half alpha; clear; grey
    const premultiplied = Uint8Array.of(
      ...[255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255],
      ...[128, 128, 128, 128, 0, 0, 0, 0, 60, 60, 60, 255],
    );

    // Act
    const image = decode(encodePng(3, 2, premultiplied));

    // Assess
    expect([image.width, image.height, image.channels, image.depth]).toEqual([3, 2, 4, 8]);
    expect([...image.data]).toEqual([
      ...[255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255],
      ...[255, 255, 255, 128, 0, 0, 0, 0, 60, 60, 60, 255],
    ]);
  });
});
