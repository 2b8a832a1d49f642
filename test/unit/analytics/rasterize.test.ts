import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { rasterizeSvg, warmRenderer } from '../../../src/analytics/rasterize.ts';

/** Pixels darker than the background in rows [from, to) of a decoded PNG. */
function darkPixels(image: ReturnType<typeof decode>, from: number, to: number): number {
  let dark = 0;
  for (let y = from; y < to; y++)
    for (let x = 0; x < image.width; x++) if (image.data[(y * image.width + x) * image.channels] < 100) dark++;
  return dark;
}

describe('the renderer warm-up', () => {
  it('draws text in both of the chart font weights, so a first chart finds both ready', async () => {
    // Act
    const image = decode(await warmRenderer());

    // Assess: a line of regular text on top, a line of bold text below it
    expect(darkPixels(image, 0, image.height / 2)).toBeGreaterThan(100);
    expect(darkPixels(image, image.height / 2, image.height)).toBeGreaterThan(100);
  });

  it('leaves the renderer drawing later pictures as before', async () => {
    // Prepare
    await warmRenderer();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="10" height="10"/></svg>';

    // Act
    const image = decode(await rasterizeSvg(svg));

    // Assess
    expect([image.width, image.height]).toEqual([20, 10]);
    expect(darkPixels(image, 0, 10)).toBe(100);
  });
});
