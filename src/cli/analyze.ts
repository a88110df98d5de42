/**
 * `npm run --silent analyze -- FILE [FILE...] [--compromise ID[,ID...]] [--radius-km KM]
 *  [--protect ID[,ID...]] [--rank [N]] [--validate]` (docs/format.md §3).
 *
 * JSON on stdout, one-line diagnostics on stderr. Exit 0 done, 1 input refused as a whole,
 * 2 usage error. The same core as the viewer does the work.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { analyzeFiles, parseArgs, refusedOutcome, UsageError, type CliOutcome } from './run.ts';
import { loadCountryIndex } from './node-countries.ts';
import { useNodeSqlite } from './node-sqlite.ts';
import { parseMappingFile, type MappingFile } from '../core/mapping-file.ts';
import type { LoadInput } from '../core/load-pipeline.ts';
import { analyzeWorstFiles, worstMode } from './worst-modes.ts';

async function main(argv: string[]): Promise<number> {
  useNodeSqlite();
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`analyze: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let mapping: MappingFile | null = null;
  if (args.mapping !== null) {
    const read = await readMapping(args.mapping);
    if (!read.ok) {
      process.stderr.write(`analyze: --mapping ${args.mapping}: ${read.message}\n`);
      return 2;
    }
    mapping = read.mapping;
  }
  const sources: LoadInput[] = [];
  let outcome: CliOutcome | undefined;
  for (const file of args.files) {
    try {
      sources.push({ name: basename(file), bytes: await readFile(file) });
    } catch (e) {
      const message = `cannot read it: ${readFailure(e)} (${file})`;
      const refusal = { file: basename(file), index: -1, code: 'unreadable-file', message };
      outcome = refusedOutcome(args, refusal);
      break;
    }
  }
  const log = (line: string) => process.stderr.write(`analyze: ${line}\n`);
  const options = { countries: await loadCountryIndex(), mapping };
  outcome ??=
    worstMode(args.worst) !== null
      ? await analyzeWorstFiles(sources, args, options, log)
      : await analyzeFiles(sources, args, options);
  for (const note of outcome.notes ?? []) log(note.replace(/\s+/g, ' '));
  if (outcome.stdout !== undefined)
    process.stdout.write(JSON.stringify(outcome.stdout, null, 2) + '\n');
  if (outcome.stderr) process.stderr.write(`analyze: ${outcome.stderr.replace(/\s+/g, ' ')}\n`);
  return outcome.exitCode;
}

/** The saved mapping at `path`, or why it cannot be used. */
async function readMapping(
  path: string,
): Promise<{ ok: true; mapping: MappingFile } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { ok: false, message: `cannot read it: ${readFailure(e)}` };
  }
  return parseMappingFile(text);
}

function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

const USAGE = `usage: npm run --silent analyze -- FILE [FILE...] [--compromise ID[,ID...]]
    [--radius-km KM] [--protect ID[,ID...]] [--rank [N]] [--validate]
    [--crews N] [--repair-order ID[,ID...]]   (with --compromise: recovery, docs/format.md §5)
    [--mapping FILE]   (the columns to read: {"columns": {role: column}, "sectorValues": {...}})
  or one of (docs/format.md §6):
    FILE... --pairs [N]
    FILE... --worst-radius KM [--top N]
    FILE... --compromise ID... [--radius-km KM] [--protect ID,...] --protect-budget K
    FILE... --compromise ID... [--radius-km KM] [--protect ID,...] --monte-carlo RUNS [--seed S]
`;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `analyze: internal error: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exitCode = 1;
  },
);
