/**
 * Members a JSON object names more than once. JSON.parse keeps the last of them silently, so a
 * GeoJSON file with two "features" members (two collections pasted into one object) loses the
 * first without a word. A scan of the text, without recursion or parsing values.
 */

/**
 * How often each member of the top-level object is named, for the members named more than
 * once (an empty map when the text is not an object or has no repeats).
 * @example repeatedTopLevelMembers('{"features":[],"type":"x","features":[1]}') // Map { 'features' => 2 }
 */
export function repeatedTopLevelMembers(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i + 1;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      const end = i;
      i++;
      if (depth === 1) {
        let j = i;
        while (j < n && /\s/.test(text[j]!)) j++;
        if (text[j] === ':') {
          const key = text.slice(start, end);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
    i++;
  }
  for (const [key, count] of counts) if (count < 2) counts.delete(key);
  return counts;
}
