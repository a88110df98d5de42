/**
 * SQLite (sql.js, compiled to WebAssembly) for the GeoPackage reader and export, started on
 * first use so that no other load fetches it. Where its .wasm file is depends on where the code
 * runs, and core cannot know (no Vite, no Node imports here), so the place that starts the code
 * says it, once, with setSqlite:
 *
 * - the browser's load worker (src/state/load-worker.ts): `wasmUrl`, the asset address Vite
 *   gives for `sql.js/dist/sql-wasm-browser.wasm?url`;
 * - the CLI (src/cli/node-sqlite.ts): `init`, sql.js loaded from node_modules by Node itself,
 *   which then finds its .wasm beside it (sql.js's Node build cannot run bundled by esbuild: it
 *   calls require("node:fs") and reads __dirname);
 * - Node otherwise (vitest, scripts): nothing, `import('sql.js')` is Node's own and finds the
 *   .wasm beside it.
 */
import type { InitSqlJsStatic, SqlJsStatic } from 'sql.js';

/** How to start sql.js where the code runs; see the module comment. */
export interface SqliteSetup {
  /** The address (or file path) of sql.js's .wasm file. */
  wasmUrl?: string;
  /** sql.js's init function, when `import('sql.js')` would not give a working one. */
  init?: () => Promise<InitSqlJsStatic>;
}

let setup: SqliteSetup = {};
let started: Promise<SqlJsStatic> | null = null;

/**
 * Says how to start sql.js (before the first GeoPackage is read or written).
 * @example setSqlite({ wasmUrl }) // in the load worker, wasmUrl from Vite's ?url import
 */
export function setSqlite(next: SqliteSetup): void {
  setup = { ...next };
  started = null;
}

/** sql.js, started once (a failed start is tried again next time). */
export function sqlite(): Promise<SqlJsStatic> {
  started ??= start().catch((error: unknown) => {
    started = null;
    throw error;
  });
  return started;
}

async function start(): Promise<SqlJsStatic> {
  const { wasmUrl, init } = setup;
  const initSqlJs = init ? await init() : (await import('sql.js')).default;
  return initSqlJs(wasmUrl === undefined ? {} : { locateFile: () => wasmUrl });
}
