/** The original type word a facility keeps beside its core sector (docs/format.md). */

/**
 * The facility's original type word (`type`, kept by applySectorValues), or null when it has
 * none or it only repeats the sector.
 * @example facilityType({ sector: 'energy', properties: { type: 'Umspannwerk' } }) === 'Umspannwerk'
 */
export function facilityType(f: {
  sector: string;
  properties: Readonly<Record<string, unknown>>;
}): string | null {
  const type = f.properties.type;
  if (typeof type !== 'string' && typeof type !== 'number') return null;
  const text = String(type).trim();
  return text === '' || text.toLowerCase() === f.sector ? null : text;
}
