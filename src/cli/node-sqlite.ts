/**
 * sql.js for the CLI (src/core/sqlite.ts explains why each environment says how to start it).
 * The CLI is one file bundled by esbuild, and sql.js's Node build cannot run bundled (it calls
 * require("node:fs") and reads __dirname, neither of which an ES module bundle has): it is
 * loaded from node_modules by Node itself, and reads its .wasm file, resolved here, from there.
 */
import { createRequire } from 'node:module';
import type { InitSqlJsStatic } from 'sql.js';
import { setSqlite } from '../core/sqlite.ts';

const require = createRequire(import.meta.url);

/** Starts sql.js from node_modules when the CLI first opens or writes a GeoPackage. */
export function useNodeSqlite(): void {
  setSqlite({
    init: async () => require('sql.js') as InitSqlJsStatic,
    wasmUrl: require.resolve('sql.js/dist/sql-wasm.wasm'),
  });
}
