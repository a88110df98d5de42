/**
 * The viewer's index (src/state/indexed.ts): what the loading worker builds and transfers
 * (buildIndex, builtBuffers) gives the page the same index as building it there, and the
 * transfer list leaves nothing behind to copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import type { Inventory } from '../../src/core/types.ts';
import { boundsOf } from '../../src/state/bounds.ts';
import {
  adoptBuiltIndex,
  buildIndex,
  builtBuffers,
  indexInventory,
  type BuiltIndex,
} from '../../src/state/indexed.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cascade');

function fixture(name: string): Inventory {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const loaded = loadInventory([{ name, text }]);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.inventory;
}

/** Every typed array of a built index. */
function arraysOf(built: BuiltIndex): ArrayBufferView[] {
  const { graph, index } = built;
  const typed = (o: object) =>
    Object.values(o).filter((v): v is ArrayBufferView => ArrayBuffer.isView(v));
  return [built.positions, built.crossBorder, ...typed(graph), ...typed(index)];
}

describe('the index built in the loading worker', () => {
  for (const name of ['cross-border.geojson', 'geometries.geojson', 'k-of-n.geojson']) {
    it(`gives the page the index it would build itself (${name})`, () => {
      const inventory = fixture(name);
      const built = buildIndex(inventory);
      const expected = indexInventory(inventory, buildIndex(inventory));
      // What the page receives: the buffers transferred, the originals detached.
      const received = structuredClone(built, { transfer: builtBuffers(built) });
      for (const array of arraysOf(built)) expect(array.byteLength).toBe(0);
      expect(received.index.kd.byteLength).toBeGreaterThan(0);
      expect(received.bounds).toEqual(boundsOf(inventory));

      adoptBuiltIndex(inventory, received);
      const actual = indexInventory(inventory);
      expect(actual.graph).toEqual(expected.graph);
      expect(actual.positions).toEqual(expected.positions);
      expect(actual.crossBorder).toEqual(expected.crossBorder);
      expect(actual.searchText).toEqual(expected.searchText);
      expect(actual.stacks).toEqual(expected.stacks);
      expect(actual.pointLike).toEqual(expected.pointLike);
      expect([actual.sectors, actual.countries, actual.hash]).toEqual([
        expected.sectors,
        expected.countries,
        expected.hash,
      ]);
      for (let i = 0; i < inventory.facilities.length; i++) {
        for (const km of [0, 5, 50, 500]) {
          expect(actual.index.within(i, km).sort()).toEqual(expected.index.within(i, km).sort());
        }
      }
    });
  }

  it('marks the cross-border dependencies', () => {
    const inventory = fixture('cross-border.geojson');
    const { crossBorder } = buildIndex(inventory);
    const { facilities, dependencies } = inventory;
    for (let k = 0; k < dependencies.length; k++) {
      const a = facilities[dependencies.from[k]!]!.country;
      const b = facilities[dependencies.to[k]!]!.country;
      expect(crossBorder[k], `${a} -> ${b}`).toBe(a !== null && b !== null && a !== b ? 1 : 0);
    }
    expect(crossBorder.some((x) => x === 1)).toBe(true);
  });
});
