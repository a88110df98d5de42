#!/usr/bin/env node
/**
 * `npm run analyze`: runs the CLI from a bundle built once (dist-cli/analyze.mjs), not by
 * compiling TypeScript at each run. The bundle is rebuilt with esbuild when it is missing or
 * older than any file under src/ (a fresh clone builds it on first run, or at `npm ci`
 * through the `prepare` script). See docs/performance.md, "CLI start".
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist-cli', 'analyze.mjs');

/** The newest modification time under `dir` (ms). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
    if (t > latest) latest = t;
  }
  return latest;
}

export async function buildCli() {
  const { build } = await import('esbuild');
  // Chunks of an earlier build are not reused: remove them before writing the new ones.
  const dir = join(root, 'dist-cli');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)) if (f.startsWith('chunk-')) rmSync(join(dir, f));
  }
  await build({
    entryPoints: [join(root, 'src/cli/analyze.ts'), join(root, 'src/cli/monte-carlo-worker.ts')],
    outdir: join(root, 'dist-cli'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The readers' libraries (sql.js, hyparquet, xmldom, read-excel-file, proj4...) are loaded
    // with import() when a file needs them: in chunks of their own, not parsed at every run.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    target: 'node20',
    // i18n-iso-countries' Node entry registers every language (900 kB of the bundle, parsed
    // at each run); the app registers English only, as its browser entry does.
    plugins: [
      {
        name: 'countries-english',
        setup: (b) =>
          b.onResolve({ filter: /^i18n-iso-countries$/ }, () => ({
            path: join(root, 'node_modules/i18n-iso-countries/index.js'),
          })),
      },
    ],
    logLevel: 'warning',
  });
}

const onlyBuild = process.argv[2] === '--build';
if (onlyBuild || !existsSync(out) || statSync(out).mtimeMs < newest(join(root, 'src'))) {
  await buildCli();
}
if (!onlyBuild) {
  process.argv.splice(1, 1, out);
  await import(pathToFileURL(out).href);
}
