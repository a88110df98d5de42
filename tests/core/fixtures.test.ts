/**
 * Named cascade fixtures (chain, diamond, cycle, k-of-n, delays, protected, cross-border,
 * antimeridian, pole, geometries): each runs as the CLI would and matches its golden answer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { analyzeFiles, parseArgs } from '../../src/cli/run.ts';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import { expectGolden, FIXTURES, source } from '../helpers.ts';

const dir = join(FIXTURES, 'cascade');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.args'))
  .map((f) => f.replace(/\.args$/, ''));

describe('cascade fixtures', () => {
  it.each(names)('%s answers as its golden file says', async (name) => {
    const argv = readFileSync(join(dir, `${name}.args`), 'utf8')
      .trim()
      .split(/\s+/);
    const args = parseArgs([join(dir, `${name}.geojson`), ...argv]);
    const outcome = await analyzeFiles(args.files.map(source), args, await loadCountryIndex());
    expectGolden(join(dir, `${name}.expected.json`), {
      exitCode: outcome.exitCode,
      ...(outcome.stdout as object),
    });
  });
});
