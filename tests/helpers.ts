/** Test helpers: fixture paths, golden files (REGEN=1 rewrites them), the country index. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import type { InventorySource } from '../src/core/inventory.ts';
import { decodeText } from '../src/core/text-decode.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function source(path: string): InventorySource {
  return { name: basename(path), text: decodeText(readFileSync(path)) };
}

/** Compares `actual` with the JSON golden file; REGEN=1 writes it instead (read it by eye). */
export function expectGolden(path: string, actual: unknown): void {
  const text = JSON.stringify(actual, null, 2) + '\n';
  if (process.env.REGEN === '1' || !existsSync(path)) {
    writeFileSync(path, text);
    if (process.env.REGEN !== '1') throw new Error(`wrote missing golden file ${path}: check it`);
    return;
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}
