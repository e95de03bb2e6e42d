import { defineConfig } from 'vitest/config';

// unit: pure functions. int: real PostgreSQL, S3 server and mediasoup worker. e2e: real Chromium.
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,server,client,media-worker,infra,tests}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
          setupFiles: ['tests/setup/node-version.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['{shared,server,client,media-worker,infra,tests}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['tests/setup/global.ts'],
          setupFiles: ['tests/setup/node-version.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/setup/global.ts'],
          setupFiles: ['tests/setup/node-version.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
