import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type Problem } from '../src/solver/problem.ts';
import { rowCoefficient } from '../src/solver/linking-rows.ts';

/**
 * Writes the whole model of SPEC 3 as free MPS, streamed (a million customers make a file of
 * a few hundred MB): one binary column x<j> per eligible pair, one "at most one" row o<i> per
 * customer with two or more eligible pairs, the linking rows r<r>. MPS minimises, so the
 * objective is negated: CBC's objective is minus ours.
 */
export async function writeMps(problem: Problem, path: string): Promise<{ columns: number }> {
  const { n, K, value, rows } = problem;
  const out = createWriteStream(path);
  let buffer: string[] = [];
  const flush = async () => {
    if (!out.write(buffer.join(''))) await once(out, 'drain');
    buffer = [];
  };
  const line = async (text: string) => {
    buffer.push(text, '\n');
    if (buffer.length >= 20_000) await flush();
  };
  const eligible = (i: number) => {
    let count = 0;
    for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) count++;
    return count;
  };

  await line('NAME retention');
  await line('ROWS');
  await line(' N obj');
  for (let i = 0; i < n; i++) if (eligible(i) >= 2) await line(` L o${i}`);
  for (let r = 0; r < rows.length; r++) await line(` ${rows[r].sense === '<=' ? 'L' : 'G'} r${r}`);
  await line('COLUMNS');
  await line(" MARK0000 'MARKER' 'INTORG'");
  let columns = 0;
  for (let i = 0; i < n; i++) {
    const own = eligible(i) >= 2;
    for (let k = 0; k < K; k++) {
      const v = value[i * K + k];
      if (Number.isNaN(v)) continue;
      const name = `x${columns++}`;
      await line(` ${name} obj ${-v}`);
      if (own) await line(` ${name} o${i} 1`);
      for (let r = 0; r < rows.length; r++) {
        const a = rowCoefficient(rows[r], i, k);
        if (a !== 0) await line(` ${name} r${r} ${a}`);
      }
    }
  }
  await line(" MARK0001 'MARKER' 'INTEND'");
  await line('RHS');
  for (let i = 0; i < n; i++) if (eligible(i) >= 2) await line(` rhs o${i} 1`);
  for (let r = 0; r < rows.length; r++) await line(` rhs r${r} ${rows[r].limit}`);
  await line('BOUNDS');
  for (let j = 0; j < columns; j++) await line(`    UP BND x${j} 1`);
  await line('ENDATA');
  await flush();
  out.end();
  await once(out, 'finish');
  return { columns };
}
