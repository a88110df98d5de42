/**
 * Facility search: what a typed query matches. Case and accents do not matter ("setubal"
 * finds "Setúbal", "lodz" finds "Łódź"); names that start with the query come first, then
 * names or ids that contain it.
 */

/** Printable ASCII only: no accents or special letters to take off. */
const ASCII = /^[ -~]*$/;

/** Letters without case or accents: how both the names and the query are compared. */
export function searchKey(text: string): string {
  // Most names and every generated id: half the time of the full path.
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŀ]/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/đ/g, 'd')
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe');
}

export interface SearchMatches {
  /** Up to `limit` facility indexes: those starting with the query first, in inventory order. */
  shown: number[];
  /** How many facilities match in all. */
  total: number;
}

/** Matches of `query` in `keys` (searchKey of each facility's name and id). */
export function findMatches(keys: readonly string[], query: string, limit: number): SearchMatches {
  const q = searchKey(query.trim());
  if (q === '') return { shown: [], total: 0 };
  const starts: number[] = [];
  const contains: number[] = [];
  let total = 0;
  for (let i = 0; i < keys.length; i++) {
    const at = keys[i]!.indexOf(q);
    if (at < 0) continue;
    total++;
    if (at === 0) {
      if (starts.length < limit) starts.push(i);
    } else if (contains.length < limit) contains.push(i);
  }
  return { shown: [...starts, ...contains].slice(0, limit), total };
}
