import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = normalize(join(dirname(fileURLToPath(import.meta.url)), '../../../src'));
const DECOMPOSITION = 'solver/decomposition/';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's local imports and re-exports as paths relative to `src`; with `loadsCode`, only those that load code (`import type` is erased). */
function importGraph(loadsCode: boolean): Map<string, string[]> {
  const pattern = loadsCode
    ? /^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'(\.[^']+)'/gm
    : /^(?:import|export)\s+[^'";]*?from\s+'(\.[^']+)'/gm;
  const graph = new Map<string, string[]>();
  for (const path of sourceFiles(SRC)) {
    const text = readFileSync(path, 'utf8');
    const targets = [...text.matchAll(pattern)].map((match) => relative(SRC, normalize(join(dirname(path), match[1]))));
    graph.set(relative(SRC, path), targets);
  }
  return graph;
}

/** Every import cycle found by a depth-first walk, each as the files along it. */
function findCycles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('the import graph of src', () => {
  const graph = importGraph(true);

  it('has no cycle (type-only imports aside)', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('reaches the decomposition only through its index.ts from outside it', () => {
    const reaching = [...importGraph(false)]
      .filter(([from]) => !from.startsWith(DECOMPOSITION))
      .flatMap(([from, targets]) => targets.map((to) => ({ from, to })))
      .filter(({ to }) => to.startsWith(DECOMPOSITION) && to !== `${DECOMPOSITION}index.ts`)
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(reaching).toEqual([]);
  });

  it('finds a cycle and the imports it checks (a parser that found none would pass everything)', () => {
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', ['a.ts']],
        ]),
      ),
    ).toEqual(['a.ts -> b.ts -> a.ts']);
    expect(graph.get('solver/solve.ts')).toContain(`${DECOMPOSITION}index.ts`);
  });
});
