import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * A workspace is reached through its package entry points (`@oac/media-worker/client`), never by a
 * relative path into its folder: such a path slips past every package rule below (issue 13).
 */
const crossWorkspace = {
  regex: '^(\\.\\./)+(shared|server|client|media-worker|infra|tests)(/|$)',
  message: 'Import another workspace through its package name and entry point, not by a relative path.',
};
const restrict = (...group) => ['error', { patterns: [crossWorkspace, ...(group.length ? [{ group }] : [])] }];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'infra/mediasoup/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
      'no-restricted-imports': restrict(),
    },
  },
  {
    // The browser app never reaches into the server, the media worker or the dev infrastructure.
    files: ['client/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict('@oac/server*', '@oac/media-worker*', '@oac/infra*', 'mediasoup', 'node:*'),
    },
  },
  {
    // The protocol package depends on zod alone.
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': restrict('@oac/*', 'node:*', 'express', 'socket.io*', 'mediasoup*', 'pino'),
    },
  },
  {
    // The media worker knows nothing of bookings, documents or tickets.
    files: ['media-worker/**'],
    rules: { 'no-restricted-imports': restrict('@oac/server*', '@oac/infra*', 'knex', 'pg') },
  },
  {
    // Test helpers live in test folders; production code never imports them.
    files: ['media-worker/src/**', 'server/src/**', 'client/src/**', 'shared/src/**', 'infra/src/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/(^|\\/)tests?\\/|^@oac\\/tests/]',
          message: 'Production code never imports test helpers.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-console': 'off' },
  },
  {
    files: ['infra/scripts/**', 'infra/src/start.ts'],
    rules: { 'no-console': 'off' },
  },
);
