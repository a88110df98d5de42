/**
 * docs/format.md cannot drift from the code: every `npm run --silent analyze -- ...` command
 * on the page runs as the CLI runs it (src/cli/run.ts and worst-modes.ts, the same code as
 * `analyze.ts` without its I/O), and its output must contain what the JSON block after the command shows (the
 * page shows a few keys of each entry; arrays must have exactly the entries shown).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import { analyzeFiles, parseArgs } from '../../src/cli/run.ts';
import { analyzeWorstFiles, worstMode } from '../../src/cli/worst-modes.ts';
import { source } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PAGE = join(ROOT, 'docs', 'format.md');
const COMMAND = 'npm run --silent analyze -- ';

interface Example {
  command: string;
  expected: unknown;
}

/** The page's fenced blocks in order: each command block is followed by its JSON result. */
export function examplesOf(markdown: string): Example[] {
  const blocks = [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    body: m[2]!,
  }));
  const out: Example[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== 'sh') return;
    const commands = block.body.split('\n').filter((line) => line.startsWith(COMMAND));
    if (commands.length === 0) return;
    if (commands.length > 1) throw new Error(`one command per block: ${commands.join(' / ')}`);
    const next = blocks[i + 1];
    if (next?.lang !== 'json') throw new Error(`no JSON result after: ${commands[0]}`);
    out.push({ command: commands[0]!, expected: JSON.parse(next.body) });
  });
  return out;
}

const examples = examplesOf(readFileSync(PAGE, 'utf8'));

describe('docs/format.md', () => {
  it('has worked examples', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(examples.map((e) => [e.command, e] as const))('%s', async (_, { command, expected }) => {
    const args = parseArgs(command.slice(COMMAND.length).trim().split(/\s+/));
    const sources = args.files.map((file) => source(join(ROOT, file)));
    const countries = await loadCountryIndex();
    // As analyze.ts does: the worst-case modes (docs/format.md §6) have their own entry.
    const outcome =
      worstMode(args.worst) !== null
        ? await analyzeWorstFiles(sources, args, countries, () => {})
        : await analyzeFiles(sources, args, countries);
    expect({ exitCode: outcome.exitCode, ...(outcome.stdout as object) }).toMatchObject(
      expected as object,
    );
  });

  it('uses every file in docs/examples', () => {
    const used = examples.map((e) => e.command).join(' ');
    for (const file of readdirSync(join(ROOT, 'docs', 'examples')))
      expect(used, file).toContain(`docs/examples/${file}`);
  });

  it('reads a command without its result as an error', () => {
    expect(() => examplesOf('```sh\nnpm run --silent analyze -- a.geojson --rank\n```\n')).toThrow(
      /no JSON result/,
    );
  });
});
