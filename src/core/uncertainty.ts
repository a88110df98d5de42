/**
 * The uncertainty properties of SPEC 6: a facility's `p_damage` (the chance that lying in the
 * impact zone makes it fail) and a dependency's `backup_reliability` (the chance that its
 * backup works; when it does not, the dependency's delay is 0 for that run). Both are in
 * 0..1 and default to 1. A number, or text holding one (CSV cells are text), counts; anything
 * else is reported as a warning naming the facility or dependency, and the default is used.
 */
import type { Inventory, ReportEntry } from './types.ts';

export interface Uncertainty {
  /** p_damage per facility (1 where absent or unusable). */
  pDamage: Float64Array;
  /** backup_reliability per dependency row (1 where absent or unusable). */
  backupReliability: Float64Array;
  /** True when some value is below 1: the runs then differ from one another. */
  uncertain: boolean;
  warnings: ReportEntry[];
}

/** A probability read from a property value, or null when it is not one. */
export function readProbability(value: unknown): number | null {
  let x: number;
  if (typeof value === 'number') x = value;
  else if (typeof value === 'string' && value.trim() !== '') x = Number(value.trim());
  else return null;
  return Number.isFinite(x) && x >= 0 && x <= 1 ? x : null;
}

const shown = (value: unknown) => {
  const text = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

/**
 * Reads p_damage and backup_reliability of every facility and dependency.
 * @example readUncertainty(inventory).pDamage[i] // 1 unless the facility says otherwise
 */
export function readUncertainty(inventory: Inventory): Uncertainty {
  const warnings: ReportEntry[] = [];
  const n = inventory.facilities.length;
  const pDamage = new Float64Array(n).fill(1);
  let uncertain = false;
  for (let i = 0; i < n; i++) {
    const f = inventory.facilities[i]!;
    const value = f.properties.p_damage;
    if (value === undefined || value === null) continue;
    const p = readProbability(value);
    if (p === null) {
      warnings.push({
        file: f.source.file,
        index: f.source.index,
        id: f.id,
        code: 'invalid-p-damage',
        message: `facility "${f.id}": p_damage ${shown(value)} is not a number from 0 to 1; 1 (the default) is used`,
      });
    } else {
      pDamage[i] = p;
      if (p < 1) uncertain = true;
    }
  }
  const deps = inventory.dependencies;
  const backupReliability = new Float64Array(deps.length).fill(1);
  for (let k = 0; k < deps.length; k++) {
    const value = deps.properties[k]?.backup_reliability;
    if (value === undefined || value === null) continue;
    const p = readProbability(value);
    if (p === null) {
      const from = inventory.facilities[deps.from[k]!]!.id;
      const to = inventory.facilities[deps.to[k]!]!.id;
      warnings.push({
        file: deps.sourceFiles[deps.sourceFile[k]!] ?? '',
        index: deps.sourceIndex[k]!,
        id: to,
        code: 'invalid-backup-reliability',
        message: `dependency "${from}" -> "${to}" (facility "${to}"): backup_reliability ${shown(value)} is not a number from 0 to 1; 1 (the default) is used`,
      });
    } else {
      backupReliability[k] = p;
      if (p < 1 && deps.delayHours[k]! > 0) uncertain = true;
    }
  }
  return { pDamage, backupReliability, uncertain, warnings };
}
