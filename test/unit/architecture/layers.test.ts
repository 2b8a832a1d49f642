import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), '../../..'));

/**
 * The layers of `src`, lowest first. A module may import its own layer and the layers below;
 * folders not named here fail the test, so a new folder must be given its place.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['domain'],
  ['solver', 'observability', 'config'],
  ['analytics'],
  ['io'],
  ['storage'],
  ['learning'],
  ['approvals'],
  ['slack/blocks'],
  ['slack/outbox'],
  ['jobs'],
  ['slack'],
  ['handlers'],
  ['cli', 'dev'],
];

/** The most specific layer folder holding `file` (a path relative to `src`). */
function areaOf(file: string): string {
  const parts = file.split('/');
  const two = parts.slice(0, 2).join('/');
  return LAYERS.some((names) => names.includes(two)) ? two : parts[0];
}

function rankOf(area: string): number {
  return LAYERS.findIndex((names) => names.includes(area));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file names: static imports, re-exports and dynamic `import()`. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'([^']+)'/gm)].map((match) => match[1]);
}

interface Edge {
  from: string;
  to: string;
}

function edgesOf(): { local: Edge[]; packages: Edge[] } {
  const src = join(ROOT, 'src');
  const local: Edge[] = [];
  const packages: Edge[] = [];
  for (const path of sourceFiles(src)) {
    const from = relative(src, path);
    for (const specifier of specifiers(readFileSync(path, 'utf8'))) {
      if (!specifier.startsWith('.')) packages.push({ from, to: specifier });
      else {
        const to = relative(src, normalize(join(dirname(path), specifier)));
        if (!to.startsWith('..')) local.push({ from, to });
      }
    }
  }
  return { local, packages };
}

describe('the layers of src', () => {
  const { local, packages } = edgesOf();

  it('gives every folder a layer', () => {
    const unplaced = [...new Set(local.flatMap((edge) => [edge.from, edge.to]).map(areaOf))].filter(
      (area) => rankOf(area) < 0,
    );
    expect(unplaced).toEqual([]);
  });

  it('has no module that imports a higher layer', () => {
    const upward = local
      .filter((edge) => rankOf(areaOf(edge.to)) > rankOf(areaOf(edge.from)))
      .map((edge) => `${edge.from} -> ${edge.to}`);
    expect(upward).toEqual([]);
  });

  it('keeps the solver pure: it imports only the domain, itself and HiGHS', () => {
    const outside = local
      .filter((edge) => areaOf(edge.from) === 'solver' && !['solver', 'domain'].includes(areaOf(edge.to)))
      .map((edge) => `${edge.from} -> ${edge.to}`);
    const foreign = packages
      .filter((edge) => areaOf(edge.from) === 'solver' && edge.to !== 'highs')
      .map((edge) => `${edge.from} -> ${edge.to}`);
    expect([...outside, ...foreign]).toEqual([]);
  });

  it('sees the imports it checks (a parser that found none would pass everything)', () => {
    expect(local.some((edge) => edge.from === 'jobs/worker.ts' && edge.to === 'jobs/job-records.ts')).toBe(true);
    expect(packages.some((edge) => edge.from === 'solver/highs-runtime.ts' && edge.to === 'highs')).toBe(true);
  });
});
