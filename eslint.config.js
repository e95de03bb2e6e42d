import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    },
  },
  {
    // The browser app never reaches into the server, the media worker or the dev infrastructure.
    files: ['client/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@oac/server*', '@oac/media-worker*', '@oac/infra*', 'mediasoup', 'node:*'] }],
    },
  },
  {
    // The protocol package depends on zod alone.
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@oac/*', 'node:*', 'express', 'socket.io*', 'mediasoup*', 'pino'] }],
    },
  },
  {
    // The media worker knows nothing of bookings, documents or tickets.
    files: ['media-worker/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@oac/server*', '@oac/infra*', 'knex', 'pg'] }] },
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
