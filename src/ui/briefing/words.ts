/**
 * The words and numbers a briefing prints: sectors as people say them, counts with thousands
 * separators, "1.2 million", and the people figures (docs/format.md §4).
 */
import { capText } from '../../core/cap-text.ts';
import type { PeopleSummary } from '../../core/people.ts';

const SECTOR_WORDS: Record<string, [title: string, lose: string]> = {
  energy: ['Energy', 'energy'],
  water: ['Water', 'water'],
  telecom: ['Telecommunications', 'telecommunications'],
  transport: ['Transport', 'transport'],
  finance: ['Banking and finance', 'banking'],
  health: ['Health care', 'health care'],
  emergency: ['Emergency services', 'emergency services'],
  government: ['Government', 'government services'],
  food: ['Food supply', 'food supply'],
  chemical: ['Chemicals', 'chemical supply'],
  other: ['Other', 'other services'],
};

/** A sector as a heading or table cell ("Health care"); unknown sectors as given. */
export function sectorTitle(sector: string): string {
  return Object.hasOwn(SECTOR_WORDS, sector) ? SECTOR_WORDS[sector]![0] : capText(sector, 120);
}

/** What people lose when a sector's facilities fail ("lose water", "lose health care"). */
export function sectorLoss(sector: string): string {
  return Object.hasOwn(SECTOR_WORDS, sector) ? SECTOR_WORDS[sector]![1] : capText(sector, 120);
}

/** 1234567 -> "1,234,567". */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

/** A count for a sentence: "950", "12,400", "1.2 million". */
export function roughly(n: number): string {
  // Rounded half up on the decimal digit (1,150,000 -> 1.2), not on the binary float.
  if (n >= 1e9) return `${Math.round(n / 1e8) / 10} billion`;
  if (n >= 1e6) return `${Math.round(n / 1e5) / 10} million`;
  return count(n);
}

export const plural = (n: number, one: string, many: string) =>
  `${count(n)} ${n === 1 ? one : many}`;

/** `summary.people` (docs/format.md §4), from the core. */
export type People = PeopleSummary;

/** Sectors by people lost, most first. */
export function peopleBySector(people: People): [string, number][] {
  return Object.entries(people.bySector)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/**
 * "at least 1,234 people lose a service; 1,234 lose energy, 560 lose water"; with `limit`, the
 * first `limit` sectors and "N more sectors".
 */
export function peopleSentence(people: People, limit = Infinity): string {
  const all = peopleBySector(people);
  const parts = all
    .slice(0, limit)
    .map(([s, n]) => `${count(n)} ${n === 1 ? 'loses' : 'lose'} ${sectorLoss(s)}`);
  const head = `at least ${count(people.atLeast)} ${people.atLeast === 1 ? 'person loses' : 'people lose'} a service`;
  const more = all.length - parts.length;
  if (more > 0) parts.push(`${more} more ${more === 1 ? 'sector' : 'sectors'}`);
  return parts.length > 0 ? `${head}; ${parts.join(', ')}` : head;
}
