/** The analyze command without its I/O: arguments in, JSON and an exit code out. */
import { scenarioIdNotes } from '../core/scenario-notes.ts';
import type { CountryIndex } from '../core/countries.ts';
import { computeImpacts } from '../core/criticality.ts';
import { rankByImpact } from '../core/ranking.ts';
import { buildGraph } from '../core/graph.ts';
import { describeMapping, type FieldMapping } from '../core/field-mapping.ts';
import { loadSources, type LoadInput } from '../core/load-pipeline.ts';
import { columnsFor, type MappingFile } from '../core/mapping-file.ts';
import type { SectorValues } from '../core/sector-values.ts';
import { failedEntries, resolveScenario, runScenario, summarize } from '../core/scenario.ts';
import { SpatialIndex } from '../core/spatial-index.ts';
import {
  recoveryEntries,
  recoverySummary,
  runRecoveryScenario,
  usesRecovery,
} from '../core/recovery-scenario.ts';
import { parseCrews, recoveryOptions } from './recovery-args.ts';
import type { Inventory, ReportEntry } from '../core/types.ts';
import { readUncertainty } from '../core/uncertainty.ts';
import {
  checkWorstArgs,
  emptyWorstArgs,
  parseWorstFlag,
  worstMode,
  type WorstArgs,
} from './worst-modes.ts';

export class UsageError extends Error {}

export interface CliArgs {
  files: string[];
  compromise: string[] | null;
  radiusKm: number;
  protect: string[];
  rank: number | null;
  validate: boolean;
  help: boolean;
  /**
   * docs/format.md §5: crews (null: every repair at once) and the ids to repair first (null:
   * default).
   */
  crews: number | null;
  repairOrder: string[] | null;
  /** The modes of docs/format.md §6 (worst-modes.ts). */
  worst: WorstArgs;
  /** --mapping FILE: the saved field mapping to read the files with (null: the proposal). */
  mapping: string | null;
}

const ids = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Parses the command line of docs/format.md §3; throws UsageError with a one-line message. */
export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    files: [],
    compromise: null,
    radiusKm: 0,
    protect: [],
    rank: null,
    validate: false,
    help: false,
    crews: null,
    repairOrder: null,
    worst: emptyWorstArgs(),
    mapping: null,
  };
  let radiusGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    switch (flag) {
      case '--compromise':
        args.compromise = [...(args.compromise ?? []), ...ids(value())];
        break;
      case '--protect':
        args.protect.push(...ids(value()));
        break;
      case '--radius-km': {
        const text = value();
        const km = Number(text);
        if (text.trim() === '' || !Number.isFinite(km) || km < 0) {
          throw new UsageError(`--radius-km needs a number of kilometres >= 0, got "${text}"`);
        }
        args.radiusKm = km;
        radiusGiven = true;
        break;
      }
      case '--rank': {
        const next = inline ?? argv[i + 1];
        if (next !== undefined && /^-\d/.test(next)) {
          throw new UsageError(`--rank takes a whole number >= 0, got "${next}"`);
        }
        if (next !== undefined && /^\d+$/.test(next)) {
          args.rank = Number(next);
          if (inline === undefined) i++;
        } else if (inline !== undefined) {
          throw new UsageError(`--rank takes a whole number, got "${inline}"`);
        } else args.rank = Infinity;
        break;
      }
      case '--validate':
        args.validate = true;
        break;
      case '--crews': {
        const text = value();
        const crews = parseCrews(text);
        if (crews === undefined) {
          throw new UsageError(`--crews needs a whole number of crews >= 1, got "${text}"`);
        }
        args.crews = crews;
        break;
      }
      case '--repair-order':
        args.repairOrder = [...(args.repairOrder ?? []), ...ids(value())];
        break;
      case '--mapping':
        args.mapping = value();
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default: {
        const used = parseWorstFlag(args.worst, argv, i, flag, inline, value);
        if (used >= 0) {
          i += used;
          break;
        }
        if (raw.startsWith('-') && raw !== '-') throw new UsageError(`unknown option ${flag}`);
        args.files.push(raw);
      }
    }
  }
  if (args.help) return args;
  if (args.files.length === 0)
    throw new UsageError('no input file (usage: analyze FILE... [options])');
  if (args.compromise !== null && args.compromise.length === 0) {
    throw new UsageError('--compromise needs at least one facility id');
  }
  if (args.compromise === null && (radiusGiven || args.protect.length > 0)) {
    throw new UsageError('--radius-km and --protect describe a scenario: add --compromise ID');
  }
  if (args.compromise === null && (args.crews !== null || args.repairOrder !== null)) {
    throw new UsageError('--crews and --repair-order describe a scenario: add --compromise ID');
  }
  checkWorstArgs(args, args.validate);
  if (args.compromise === null && args.rank === null && worstMode(args.worst) === null) {
    args.validate = true;
  }
  return args;
}

export interface CliOutcome {
  exitCode: number;
  stdout?: unknown;
  stderr?: string;
  /** Lines said on stderr before `stderr` (how the fields were mapped). */
  notes?: string[];
}

/**
 * The outcome when the input is refused as a whole (exit 1): the reason on stderr, and with
 * --validate the report too, the refusal last after whatever was found before it.
 */
export function refusedOutcome(
  args: Pick<CliArgs, 'validate'>,
  refusal: ReportEntry,
  errors: ReportEntry[] = [],
  warnings: ReportEntry[] = [],
): CliOutcome {
  const stderr = `${refusal.file}: ${refusal.message}`;
  if (!args.validate) return { exitCode: 1, stderr };
  const stdout = {
    ok: false,
    facilities: 0,
    dependencies: 0,
    errors: [...errors, refusal],
    warnings,
  };
  return { exitCode: 1, stdout, stderr };
}

/** What the CLI loads with besides the files. */
export interface CliLoadOptions {
  /** The country boundaries (null: none; missing countries stay empty). */
  countries: CountryIndex | null;
  /** The saved mapping of --mapping FILE (absent: every file gets the proposal). */
  mapping?: MappingFile | null;
}

/** The inventory the viewer would load from these files, or the outcome that ends the run. */
export type CliLoad =
  { ok: true; inventory: Inventory; notes: string[] } | { ok: false; outcome: CliOutcome };

/**
 * Loads the files through the viewer's own load pipeline (src/core/load-pipeline.ts), field
 * mapping included: a saved mapping's columns for the files that have them, else the proposal
 * the mapping dialog would make, said in one line (`notes`). Every given country is checked
 * against the boundaries, however large the inventory.
 */
export async function loadForCli(
  inputs: readonly LoadInput[],
  args: Pick<CliArgs, 'validate'>,
  options: CliLoadOptions,
): Promise<CliLoad> {
  const saved = options.mapping ?? null;
  const used = new Set<string>();
  const proposed: string[] = [];
  const result = await loadSources(inputs, {
    countries: async () => options.countries,
    locationCheckLimit: Infinity,
    ...(saved
      ? {
          mappingFor: ({ fields }) => {
            const columns = columnsFor(saved, fields);
            for (const column of Object.values(columns ?? {})) used.add(column);
            return columns ?? undefined;
          },
          sectorValues: Object.fromEntries(inputs.map((i) => [i.name, saved.sectorValues])),
        }
      : {}),
    ask: async (asks) => {
      const mappings: Record<string, FieldMapping> = {};
      const sectorValues: Record<string, SectorValues> = {};
      for (const a of asks) {
        mappings[a.source] = a.mapping;
        sectorValues[a.source] = a.sectorValues;
        proposed.push(`${a.source}: ${arrows(a.mapping)}`);
      }
      return { mappings, sectorValues };
    },
  });
  if (!result.ok) {
    const refusal = { file: result.file, index: -1, code: result.code, message: result.message };
    return { ok: false, outcome: refusedOutcome(args, refusal, result.errors, result.warnings) };
  }
  if (saved) {
    const unused = Object.entries(saved.columns).filter(([, column]) => !used.has(column!));
    if (unused.length > 0) {
      const list = unused.map(([role, column]) => `${role}<-${JSON.stringify(column)}`).join(', ');
      return {
        ok: false,
        outcome: {
          exitCode: 2,
          stderr: `--mapping: no file has the column(s) ${list}; the files have ${fieldList(result.inventory)}`,
        },
      };
    }
  }
  const notes =
    proposed.length > 0
      ? [
          `columns mapped by proposal: ${proposed.join('; ')}; to choose them, save a mapping (${mappingHint(result.mappings)}) and give it with --mapping FILE`,
        ]
      : [];
  return { ok: true, inventory: result.inventory, notes };
}

/** `id<-Site ID, name<-Site Name`, as the CLI says a mapping. */
function arrows(mapping: FieldMapping): string {
  const text = describeMapping(mapping).replace(
    /("(?:[^"\\]|\\.)*") -> (\w+)/g,
    (_, c, r) => `${r}<-${JSON.parse(c)}`,
  );
  return text === '' ? 'nothing' : text;
}

/** The saved-mapping JSON of the proposals taken, for the user to copy and correct. */
function mappingHint(mappings: Record<string, FieldMapping>): string {
  const columns: FieldMapping = {};
  for (const m of Object.values(mappings)) Object.assign(columns, m);
  return JSON.stringify({ columns });
}

/** The fields of the loaded facilities and dependencies, for a message (at most 12). */
function fieldList(inventory: Inventory): string {
  const names = new Set<string>();
  for (const f of inventory.facilities.slice(0, 200))
    for (const k of Object.keys(f.properties)) names.add(k);
  for (const p of inventory.dependencies.properties.slice(0, 200))
    for (const k of Object.keys(p)) names.add(k);
  const list = [...names].slice(0, 12).map((n) => JSON.stringify(n));
  return list.length > 0 ? list.join(', ') : 'no fields';
}

/** Loads the files and answers what the arguments ask, as docs/format.md §3 prints it. */
export async function analyzeFiles(
  inputs: readonly LoadInput[],
  args: CliArgs,
  options: CliLoadOptions | CountryIndex | null,
): Promise<CliOutcome> {
  const loaded = await loadForCli(inputs, args, cliOptions(options));
  if (!loaded.ok) return loaded.outcome;
  const outcome = analyzeInventory(loaded.inventory, args);
  const notes = [...loaded.notes, ...(outcome.notes ?? [])];
  return notes.length > 0 ? { ...outcome, notes } : outcome;
}

/** Options, or the country index alone (tests and scripts). */
export function cliOptions(options: CliLoadOptions | CountryIndex | null): CliLoadOptions {
  return options !== null && 'countries' in options ? options : { countries: options };
}

/** Answers what the arguments ask of a loaded inventory (docs/format.md §3). */
export function analyzeInventory(inventory: Inventory, args: CliArgs): CliOutcome {
  const out: Record<string, unknown> = {};
  const notes: string[] = [];
  if (args.validate) {
    out.ok = inventory.errors.length === 0;
    out.facilities = inventory.facilities.length;
    out.dependencies = inventory.dependencies.length;
    out.errors = inventory.errors;
    out.warnings = [...inventory.warnings, ...readUncertainty(inventory).warnings];
  }
  const graph = buildGraph(inventory);
  const facilityIds = inventory.facilities.map((f) => f.id);
  if (args.compromise !== null) {
    const resolved = resolveScenario(inventory, {
      compromised: args.compromise,
      protected: args.protect,
      radiusKm: args.radiusKm,
    });
    if (!resolved.ok) return { exitCode: 2, stderr: resolved.message };
    notes.push(...scenarioNotes(args.compromise, args.protect));
    const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
    const recovery = recoveryOptions(inventory, args);
    if (!recovery.ok) return { exitCode: 2, stderr: recovery.message };
    if (usesRecovery(inventory, recovery)) {
      const scenario = { ...resolved, radiusKm: args.radiusKm, ...recovery };
      const run = runRecoveryScenario(inventory, graph, facilityIds, index, scenario);
      out.failed = recoveryEntries(inventory, graph, run);
      out.summary = { ...summarize(inventory, run), ...recoverySummary(inventory, run) };
    } else {
      const run = runScenario(graph, facilityIds, index, { ...resolved, radiusKm: args.radiusKm });
      out.failed = failedEntries(inventory, graph, run);
      out.summary = summarize(inventory, run);
    }
  }
  if (args.rank !== null) {
    out.ranking = rankByImpact(facilityIds, computeImpacts(graph), args.rank);
  }
  const rejected = inventory.errors.length;
  const stderr =
    rejected > 0 && !args.validate
      ? `${rejected} item(s) rejected and ${inventory.warnings.length} warning(s); --validate lists them`
      : undefined;
  const outcome: CliOutcome = stderr
    ? { exitCode: 0, stdout: out, stderr }
    : { exitCode: 0, stdout: out };
  return notes.length > 0 ? { ...outcome, notes } : outcome;
}

/**
 * What the viewer says of a scenario's ids (src/state/scenario-io.ts), for stderr: ids listed
 * twice are read once, and a facility both compromised and protected is read as compromised.
 * @example scenarioNotes(['a', 'a'], ['a', 'b', 'b']) // two notes
 */
export function scenarioNotes(compromise: readonly string[], protect: readonly string[]): string[] {
  const compromised = new Set(compromise);
  const protectedIds = new Set(protect);
  const repeated = compromise.length - compromised.size + (protect.length - protectedIds.size);
  const overlap = [...protectedIds].filter((id) => compromised.has(id));
  return scenarioIdNotes(repeated, overlap, false);
}
