/**
 * Packages the Lambda artifacts offline (see `runServerlessPackage`) and prints each zip
 * with its size.
 *
 *   npm run package -- [--out DIR] [--stage STAGE] [--region REGION] [--param="key=value" ...]
 *
 * Without --out the zips land in .serverless/ (where `serverless deploy --package` expects
 * them). Exit code: serverless' own.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT, runServerlessPackage } from './package-lib.ts';

/** Splits our own `--out DIR` from the arguments passed through to serverless. */
function parseArgs(argv: string[]): { out: string | undefined; passThrough: string[] } {
  const passThrough: string[] = [];
  let out: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--out') {
      out = argv[index + 1];
      index += 1;
      if (!out) throw new Error('--out needs a folder');
    } else if (arg.startsWith('--out=')) {
      out = arg.slice('--out='.length);
    } else {
      passThrough.push(arg);
    }
  }
  return { out: out ? resolve(out) : undefined, passThrough };
}

function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

const { out, passThrough } = parseArgs(process.argv.slice(2));
const { code } = await runServerlessPackage({ args: passThrough, outDir: out, stdio: 'inherit' });
if (code === 0) {
  const folder = out ?? join(REPO_ROOT, '.serverless');
  for (const name of readdirSync(folder)
    .filter((file) => file.endsWith('.zip'))
    .sort()) {
    console.log(
      `${name.padEnd(16)} ${humanSize(statSync(join(folder, name)).size).padStart(10)}  ${join(folder, name)}`,
    );
  }
}
process.exitCode = code;
