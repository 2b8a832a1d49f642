import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Resvg as ResvgRenderer } from '@resvg/resvg-wasm';
import { PlannerError } from '../domain/errors.ts';
import { CHART_FONT_FAMILY, CHART_FONT_FILES } from './chart-font.ts';
import { runningChartThread } from './chart-thread.ts';

/**
 * Where the renderer's Wasm and the font come from. By default both are files of npm packages
 * (@resvg/resvg-wasm, dejavu-fonts-ttf), so rendering needs no browser, no system font and no
 * native binary: the same on a laptop, in CI and on an arm64 Lambda. A bundle that does not
 * ship node_modules sets both paths before the first render.
 */
export interface ChartAssets {
  wasmPath: string;
  /** TrueType files of the chart's font family (regular, bold). */
  fontPaths: string[];
}

let assets: ChartAssets | undefined;
let ready: Promise<Renderer> | undefined;

export function setChartAssets(paths: ChartAssets): void {
  assets = paths;
  ready = undefined;
}

function defaultAssets(): ChartAssets {
  const require = createRequire(import.meta.url);
  return {
    wasmPath: require.resolve('@resvg/resvg-wasm/index_bg.wasm'),
    fontPaths: CHART_FONT_FILES.map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`)),
  };
}

let wasmLoaded = false;

/** The renderer and the font bytes, once the Wasm is loaded. */
interface Renderer {
  Resvg: typeof ResvgRenderer;
  fonts: Uint8Array[];
}

/**
 * Imports resvg and loads its Wasm once per process (resvg refuses a second init), on the
 * first chart: a run that draws none never loads them. Returns the renderer and the font bytes.
 */
function prepare(): Promise<Renderer> {
  if (!ready) {
    const { wasmPath, fontPaths } = assets ?? defaultAssets();
    const loading = (async () => {
      const { initWasm, Resvg } = await import('@resvg/resvg-wasm');
      if (!wasmLoaded) {
        // The package's Wasm outlives this module when modules are reloaded (tests, hot reload).
        await initWasm(await readFile(wasmPath)).catch((error: unknown) => {
          if (!(error instanceof Error && error.message.startsWith('Already initialized'))) throw error;
        });
        wasmLoaded = true;
      }
      const fonts = await Promise.all(fontPaths.map(async (path) => new Uint8Array(await readFile(path))));
      return { Resvg, fonts };
    })();
    ready = loading;
    loading.catch(() => {
      if (ready === loading) ready = undefined;
    });
  }
  return ready;
}

/** Text in both of the chart's weights, in a small picture: what a first chart needs the renderer to have done once. */
const WARM_UP_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="48">' +
  '<text x="4" y="18" font-size="14">Net value by segment 0123456789 $%,.</text>' +
  '<text x="4" y="40" font-size="14" font-weight="bold">Coverage, actions and knee</text></svg>';

/**
 * Loads the renderer's Wasm and font and draws one small picture with text, whose PNG is
 * returned. The renderer's first picture costs several times its later ones (its code's and
 * the fonts' first use): the chart thread pays that while the plan is solved, not after.
 */
export async function warmRenderer(): Promise<Uint8Array> {
  return rasterizeHere(WARM_UP_SVG);
}

/**
 * Renders an SVG document to PNG bytes with resvg (Wasm) and the shipped DejaVu Sans font,
 * in this thread. The PNG is encoded from resvg's pixels by Node's zlib.
 */
export async function rasterizeHere(svg: string): Promise<Uint8Array> {
  let renderer: Renderer;
  try {
    renderer = await prepare();
  } catch (cause) {
    throw new PlannerError('CONFIG', `cannot load the chart renderer or its font (${(cause as Error).message})`, {
      cause,
    });
  }
  // The encoder (and node:zlib with it) loads with the first chart, not with every command.
  const { encodePng } = await import('./png.ts');
  const resvg = new renderer.Resvg(svg, {
    font: { fontBuffers: renderer.fonts, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
    background: '#ffffff',
  });
  try {
    const image = resvg.render();
    try {
      return encodePng(image.width, image.height, image.pixels);
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * Renders an SVG document to PNG bytes: on the chart thread when one was started (it loaded
 * the renderer while the plan was solved), else in this thread.
 */
export async function rasterizeSvg(svg: string): Promise<Uint8Array> {
  const thread = runningChartThread();
  if (thread) {
    try {
      return await thread.render(svg);
    } catch {
      // A thread that failed is gone; the chart is drawn here instead, with this thread's own error if any.
    }
  }
  return rasterizeHere(svg);
}
