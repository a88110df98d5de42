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

/** A feature naming a member twice, or whose `properties` name a key twice, by feature index. */
export interface RepeatedFeatureMembers {
  /** The feature's index in the features array (0 for a lone Feature). */
  index: number;
  /** Members of the Feature object named more than once, with how often. */
  members: Map<string, number>;
  /** Keys of its `properties` object (the one read: the last) named more than once. */
  properties: Map<string, number>;
}

/**
 * How far into a text `repeatedFeatureMembers` looks: features starting in its first 1,000,000
 * characters (every feature of a file up to 1 MB, some 2,500 features). The scan costs about
 * 10-15 ms there; all 60 MB of the 100k inventory of bench/generate.ts took 340-400 ms, a
 * fifth of its load, so features past the limit are read without the check.
 */
export const FEATURE_SCAN_CHARS = 1_000_000;

/** A frame of the scan: of no interest, the top level, features, a feature, its properties. */
const Kind = { Other: 0, Top: 1, FeaturesArray: 2, Feature: 3, Properties: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

interface Frame {
  kind: Kind;
  /** Keys named in it so far (Top, Feature, Properties); the last one names the next value. */
  keys: string[] | null;
  lastKey: string;
  /** Elements before the current one (arrays of features): the feature index. */
  commas: number;
  feature: RepeatedFeatureMembers | null;
}

/**
 * Members named twice inside the features of a GeoJSON text (a FeatureCollection's
 * `features`, a bare array of features, or one Feature or NDJSON line: the top-level object
 * itself, reported as index 0 when `topIsFeature`). JSON.parse keeps the last of them silently.
 * One linear scan without recursion or parsing values; features starting after `limitChars`
 * are not looked at. Only features with a repeat are returned.
 * @example repeatedFeatureMembers('{"type":"Feature","properties":{"a":1,"a":2}}', true)[0].properties // Map { 'a' => 2 }
 */
export function repeatedFeatureMembers(
  text: string,
  topIsFeature: boolean,
  limitChars = FEATURE_SCAN_CHARS,
): RepeatedFeatureMembers[] {
  const out: RepeatedFeatureMembers[] = [];
  const stack: Frame[] = [];
  let otherDepth = 0; // brackets open inside a frame of no interest (never a frame each)
  const n = text.length;
  const open = (kind: Kind, object: boolean, feature: RepeatedFeatureMembers | null) => {
    const counted = object && kind !== Kind.Other;
    stack.push({ kind, keys: counted ? [] : null, lastKey: '', commas: 0, feature });
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i + 1;
      let j = text.indexOf('"', start);
      while (j > 0 && text.charCodeAt(j - 1) === 92 /* \ */ && escaped(text, j)) {
        j = text.indexOf('"', j + 1);
      }
      if (j < 0) break; // an unclosed string: JSON.parse accepted the text, so never here
      i = j;
      const top = otherDepth === 0 ? stack[stack.length - 1] : undefined;
      if (!top?.keys) continue;
      let k = j + 1;
      while (k < n && text.charCodeAt(k) <= 32) k++;
      if (text.charCodeAt(k) !== 58 /* : */) continue;
      const raw = text.slice(start, j);
      const key = raw.includes('\\') ? decodedKey(raw) : raw;
      top.keys.push(key);
      top.lastKey = key;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (otherDepth > 0) {
        otherDepth++;
        continue;
      }
      const object = c === 123;
      const parent = stack[stack.length - 1];
      if (!parent) {
        if (object) open(Kind.Top, true, topIsFeature ? newFeature(0) : null);
        else open(Kind.FeaturesArray, false, null);
      } else if (parent.kind === Kind.FeaturesArray && object) {
        if (i > limitChars) break;
        open(Kind.Feature, true, newFeature(parent.commas));
      } else if (
        parent.kind === Kind.Top &&
        parent.feature === null &&
        !object &&
        parent.lastKey === 'features'
      ) {
        out.length = 0; // a later "features" member replaces an earlier one's features
        open(Kind.FeaturesArray, false, null);
      } else if (
        object &&
        parent.feature !== null &&
        (parent.kind === Kind.Feature || parent.kind === Kind.Top) &&
        parent.lastKey === 'properties'
      ) {
        // A later `properties` object replaces an earlier one: only the last one's keys count.
        parent.feature.properties = new Map();
        open(Kind.Properties, true, parent.feature);
      } else {
        otherDepth = 1;
      }
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      if (otherDepth > 0) {
        otherDepth--;
        continue;
      }
      const frame = stack.pop();
      if (!frame) break;
      if (frame.feature && frame.keys) {
        const target =
          frame.kind === Kind.Properties ? frame.feature.properties : frame.feature.members;
        repeats(frame.keys, target);
      }
      if (frame.feature && frame.kind !== Kind.Properties) {
        const f = frame.feature;
        if (f.members.size > 0 || f.properties.size > 0) out.push(f);
      }
      continue;
    }
    if (c === 44 /* , */ && otherDepth === 0) {
      const top = stack[stack.length - 1];
      if (top) top.commas++;
    }
  }
  return out;
}

/** Adds the keys named more than once to `into`, with their counts (a Set only when many). */
function repeats(keys: string[], into: Map<string, number>): void {
  const n = keys.length;
  if (n < 2) return;
  if (n <= 16) {
    let any = false;
    for (let a = 1; a < n && !any; a++) for (let b = 0; b < a; b++) any ||= keys[a] === keys[b];
    if (!any) return;
  } else if (new Set(keys).size === n) return;
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const [key, count] of counts) if (count > 1) into.set(key, count);
}

/** Whether the quote at `at` is escaped: an odd number of backslashes before it. */
function escaped(text: string, at: number): boolean {
  let k = at - 1;
  while (text.charCodeAt(k) === 92) k--;
  return (at - 1 - k) % 2 === 1;
}

function newFeature(index: number): RepeatedFeatureMembers {
  return { index, members: new Map(), properties: new Map() };
}

/** A key with escapes as JSON.parse reads it (`"prop\u0065rties"` is `properties`). */
function decodedKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
