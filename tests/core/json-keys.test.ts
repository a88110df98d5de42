/**
 * Members named twice, which JSON.parse reads silently as the last one (src/core/json-keys.ts):
 * at the top level, and inside each feature (issue #22's neighbours).
 */
import { describe, expect, it } from 'vitest';
import {
  repeatedFeatureMembers,
  repeatedTopLevelMembers,
  type RepeatedFeatureMembers,
} from '../../src/core/json-keys.ts';
import { deepJson } from '../support/bad-generated.ts';

const plain = (r: RepeatedFeatureMembers[]) =>
  r.map((f) => ({
    index: f.index,
    members: Object.fromEntries(f.members),
    properties: Object.fromEntries(f.properties),
  }));

const point = '{"type":"Point","coordinates":[1,2]}';

describe('repeated members', () => {
  it('top level: two "features" members', () => {
    expect(repeatedTopLevelMembers('{"features":[],"type":"x","features":[1]}')).toEqual(
      new Map([['features', 2]]),
    );
  });

  it('inside features: two properties, two geometries, a key twice in the properties read', () => {
    const text = `{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"id":"a","id":"x"},"geometry":${point},"properties":{"id":"b"}},
      {"type":"Feature","properties":{"id":"c"},"geometry":${point},"geometry" : ${point}},
      {"type":"Feature","properties":{"id":"d","sector":"energy","sector":"water","sector":"x"},"geometry":${point}},
      {"type":"Feature","properties":{"id":"e","n":"\\"id\\": 1, \\\\","m":{"k":1,"k":2}},"geometry":${point}}
    ]}`;
    expect(plain(repeatedFeatureMembers(text, false))).toEqual([
      { index: 0, members: { properties: 2 }, properties: {} },
      { index: 1, members: { geometry: 2 }, properties: {} },
      { index: 2, members: {}, properties: { sector: 3 } },
    ]);
    // JSON.parse reads what the warnings say: the last of each.
    const parsed = JSON.parse(text) as { features: { properties: { id: string } }[] };
    expect(parsed.features[0]!.properties.id).toBe('b');
  });

  it('escaped keys are the keys JSON.parse reads; a bare array and a lone Feature too', () => {
    const escaped = `[{"type":"Feature","prop\\u0065rties":{},"properties":{"id":"a"}}, 5, {"properties":{"a":1,"\\u0061":2}}]`;
    expect(plain(repeatedFeatureMembers(escaped, false))).toEqual([
      { index: 0, members: { properties: 2 }, properties: {} },
      { index: 2, members: {}, properties: { a: 2 } },
    ]);
    const lone = `{"type":"Feature","properties":{"id":"a","id":"b"},"geometry":null}`;
    expect(plain(repeatedFeatureMembers(lone, true))).toEqual([
      { index: 0, members: {}, properties: { id: 2 } },
    ]);
    expect(repeatedFeatureMembers(lone, false)).toEqual([]);
  });

  it('of two "features" members only the last one (the one read) is looked at', () => {
    const text = `{"features":[{"properties":{"a":1,"a":1}}],"features":[{"properties":{"b":1}},{"geometry":1,"geometry":2}]}`;
    expect(plain(repeatedFeatureMembers(text, false))).toEqual([
      { index: 1, members: { geometry: 2 }, properties: {} },
    ]);
  });

  it('features starting past the limit are not looked at (the scan stays cheap)', () => {
    const feature = '{"type":"Feature","properties":{"id":"a","id":"b"},"geometry":null}';
    const text = `{"type":"FeatureCollection","features":[${Array(10).fill(feature).join(',')}]}`;
    expect(repeatedFeatureMembers(text, false, Infinity)).toHaveLength(10);
    expect(repeatedFeatureMembers(text, false, 40 + 3 * feature.length)).toHaveLength(3);
  });

  it('100,000 levels of nesting in a property: no recursion, no stack', () => {
    const deep = `{"type":"Feature","properties":{"deep":${deepJson(100_000, 'object')},"x":1,"x":2}}`;
    expect(plain(repeatedFeatureMembers(deep, true))).toEqual([
      { index: 0, members: {}, properties: { x: 2 } },
    ]);
  });
});
