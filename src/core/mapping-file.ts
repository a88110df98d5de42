/**
 * The saved field mapping: what the mapping dialog's "Save mapping" writes and the CLI's
 * `--mapping FILE` reads, `{"columns": {role: column}, "sectorValues": {value: sector}}`
 * (docs/loading.md). `columns` is a FieldMapping; `sectorValues` maps the sector column's own
 * words to sectors (a core sector id, or the word itself to keep it as its own sector).
 */
import { FIELD_ROLES, type FieldMapping, type FieldRole } from './field-mapping.ts';

export interface MappingFile {
  columns: FieldMapping;
  sectorValues: Record<string, string>;
}

export type MappingFileResult = { ok: true; mapping: MappingFile } | { ok: false; message: string };

const ROLES: ReadonlySet<string> = new Set(FIELD_ROLES);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a saved mapping's JSON text, or says in one line what is wrong with it.
 * @example parseMappingFile('{"columns": {"id": "Site ID"}}') // { ok: true, mapping: ... }
 */
export function parseMappingFile(text: string): MappingFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, message: `not JSON (${(error as Error).message})` };
  }
  const shape = 'expected {"columns": {role: column}, "sectorValues": {value: sector}}';
  if (!isObject(value)) return { ok: false, message: `not a mapping: ${shape}` };
  const unknown = Object.keys(value).filter((k) => k !== 'columns' && k !== 'sectorValues');
  if (unknown.length > 0) {
    return { ok: false, message: `unknown member(s) ${quoteAll(unknown)}: ${shape}` };
  }
  if (!isObject(value.columns)) {
    return { ok: false, message: `"columns" must be an object of role -> column: ${shape}` };
  }
  const columns: FieldMapping = {};
  const byColumn = new Map<string, string>();
  for (const [role, column] of Object.entries(value.columns)) {
    if (!ROLES.has(role)) {
      return {
        ok: false,
        message: `"columns" names an unknown role ${JSON.stringify(role)}; the roles are ${FIELD_ROLES.join(', ')}`,
      };
    }
    if (typeof column !== 'string' || column.trim() === '') {
      return {
        ok: false,
        message: `"columns"."${role}" must be a column name (text), got ${JSON.stringify(column)}`,
      };
    }
    const other = byColumn.get(column);
    if (other !== undefined) {
      return {
        ok: false,
        message: `column ${JSON.stringify(column)} is given for both ${other} and ${role}: one role per column`,
      };
    }
    byColumn.set(column, role);
    columns[role as FieldRole] = column;
  }
  if ((columns.lat === undefined) !== (columns.lon === undefined)) {
    return { ok: false, message: '"columns" needs lat and lon together (or neither)' };
  }
  if ((columns.from === undefined) !== (columns.to === undefined)) {
    return { ok: false, message: '"columns" needs from and to together (or neither)' };
  }
  const sectorValues: Record<string, string> = {};
  if (value.sectorValues !== undefined) {
    if (!isObject(value.sectorValues)) {
      return { ok: false, message: `"sectorValues" must be an object of value -> sector` };
    }
    for (const [word, sector] of Object.entries(value.sectorValues)) {
      if (typeof sector !== 'string' || sector.trim() === '') {
        return {
          ok: false,
          message: `"sectorValues".${JSON.stringify(word)} must be a sector (text), got ${JSON.stringify(sector)}`,
        };
      }
      sectorValues[word] = sector;
    }
  }
  return { ok: true, mapping: { columns, sectorValues } };
}

/**
 * The part of a saved mapping that applies to one file: the columns it has. Null when it has
 * none of them (that file then gets the proposal).
 */
export function columnsFor(mapping: MappingFile, fields: readonly string[]): FieldMapping | null {
  const present = new Set(fields);
  const out: FieldMapping = {};
  let any = false;
  for (const role of FIELD_ROLES) {
    const column = mapping.columns[role];
    if (column !== undefined && present.has(column)) {
      out[role] = column;
      any = true;
    }
  }
  return any ? out : null;
}

function quoteAll(names: string[]): string {
  return names.map((n) => JSON.stringify(n)).join(', ');
}
