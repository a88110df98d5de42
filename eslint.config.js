import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const noHtmlFromData = [
  {
    selector: "MemberExpression[property.name='innerHTML']",
    message: 'Never build HTML from data: use textContent or Svelte text bindings.',
  },
  {
    selector: "MemberExpression[property.name='outerHTML']",
    message: 'Never build HTML from data: use textContent or Svelte text bindings.',
  },
  {
    selector: "MemberExpression[property.name='setHTML']",
    message: 'Never build HTML from data.',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'Never build HTML from data.',
  },
];

/**
 * What src/state may not import: anything of src/ui, and values (types are fine) of src/map
 * except the files named in `allowedMapFiles` (narrow, commented exceptions below).
 */
function statePatterns(allowedMapFiles = []) {
  return [
    { group: ['**/ui/**'], message: 'src/state does not import src/ui (docs/architecture.md).' },
    {
      // Files, not folders: a file in a folder a pattern excludes could not be let back in.
      group: [
        '**/map/**/*.ts',
        '**/map/**/*.svelte',
        ...allowedMapFiles.map((file) => `!**/map/${file}`),
      ],
      allowTypeImports: true,
      message: 'src/state takes only types from src/map (docs/architecture.md).',
    },
  ];
}

export default ts.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'data/', 'test-results/', 'bench/out/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'no-restricted-syntax': ['error', ...noHtmlFromData],
      'svelte/no-at-html-tags': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Flags every local Map/Set built inside a $derived, which is never mutated afterwards.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // Playwright's fixtures are read by destructuring, `{}` included.
    files: ['tests/e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // The map draws what it is handed: it knows core types, never the state or the panels.
    files: ['src/map/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/state/**', '**/ui/**'],
              message: 'src/map imports neither src/state nor src/ui (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // The state knows no panels, and takes only types from the map: a map value can pull
    // maplibre or deck.gl into everything that reads the state (the CLI, workers, tests).
    files: ['src/state/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: statePatterns() }],
    },
  },
  {
    // Exceptions, one file each, for the map values the state imports. AppState derives the
    // map's display model with the pure functions of src/map/display-model.ts and the zone's
    // circles (zone.ts); neither imports maplibre or deck.gl.
    files: ['src/state/app-state.svelte.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: statePatterns(['display-model.ts', 'zone.ts']) },
      ],
    },
  },
  {
    // The loader fetches the basemap's country boundaries (their bundled URL) for the worker.
    files: ['src/state/loader.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: statePatterns(['basemap/basemap.ts']) },
      ],
    },
  },
  {
    // The basemap setting's state validates and builds basemaps with the map's own functions.
    files: ['src/state/basemap.svelte.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: statePatterns(['basemap/basemap.ts', 'basemap/url.ts']) },
      ],
    },
  },
  {
    // The core is pure: no DOM, no Svelte, no map libraries. The CLI and the browser share it.
    files: ['src/core/**'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['svelte', 'svelte/*', 'maplibre-gl', 'maplibre-gl/*', '@deck.gl/*', 'node:*'],
              message: 'src/core stays pure: no DOM, Svelte, maplibre, deck.gl or Node imports.',
            },
            {
              group: ['**/map/**', '**/ui/**', '**/state/**', '**/cli/**'],
              message: 'Imports point inward only.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'process',
      ],
    },
  },
);
