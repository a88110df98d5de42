/**
 * Prints, as JSON, the cross-border dependencies of the files given, loaded as the CLI loads
 * them (countries from the bundled boundaries where missing), each as "provider->dependent
 * service" by id, sorted. Written out plainly here, without the app's isCrossBorder, so the
 * browser test that compares it with what the map draws checks the filter against the rule
 * (docs/format.md §2.6): both ends have a country, and they differ.
 *
 *   npx tsx tests/e2e/dependency-keys.ts data/europe.geojson
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import { loadInventory } from '../../src/core/inventory.ts';

const files = process.argv.slice(2);
const loaded = loadInventory(
  files.map((file) => ({ name: basename(file), text: readFileSync(file, 'utf8') })),
  { countries: await loadCountryIndex() },
);
if (!loaded.ok) throw new Error(loaded.message);
const { facilities, dependencies } = loaded.inventory;
const keys: string[] = [];
for (let k = 0; k < dependencies.length; k++) {
  const provider = facilities[dependencies.from[k]!]!;
  const dependent = facilities[dependencies.to[k]!]!;
  if (provider.country === null || dependent.country === null) continue;
  if (provider.country === dependent.country) continue;
  const service = dependencies.services[dependencies.service[k]!];
  keys.push(`${provider.id}->${dependent.id} ${service}`);
}
process.stdout.write(JSON.stringify(keys.sort()) + '\n');
