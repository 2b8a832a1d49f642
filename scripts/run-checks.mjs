/**
 * `npm run check`: the typecheck, eslint and prettier at once, each on its own core where there
 * is one (each is single-threaded), instead of one after the other. Each one's output is printed
 * whole when it ends; the exit code is 1 when any of them failed.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const CHECKS = [
  ['typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.json']],
  ['eslint', 'eslint', ['.']],
  ['prettier', 'prettier', ['--check', '.']],
];

/** Runs a package's binary from node_modules/.bin; resolves with its exit code and its output. */
function run(name, bin, args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(`node_modules/.bin/${bin}`, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: String(error), seconds: 0 }));
    child.on('close', (code) => resolve({ name, code, output, seconds: (performance.now() - started) / 1000 }));
  });
}

const results = await Promise.all(CHECKS.map(([name, bin, args]) => run(name, bin, args)));
for (const { name, code, output, seconds } of results) {
  process.stdout.write(`> ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${seconds.toFixed(1)} s\n`);
  if (code !== 0 || output.trim() !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}
process.exitCode = results.every(({ code }) => code === 0) ? 0 : 1;
