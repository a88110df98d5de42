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
