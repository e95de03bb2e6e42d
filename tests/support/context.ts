import { startMediaWorkerProcess, type MediaWorkerProcess } from '@oac/media-worker';
import { createDb, loadConfig, migrateLatest, seedDemo, startServer, type Db, type RunningServer } from '@oac/server';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL of a role that may create databases; each test file makes its own. */
    pgAdminUrl: string;
    s3Endpoint: string;
  }
}

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A fresh database for one test file, migrated; dropped by `drop()`. */
export async function createTestDatabase(admin = inject('pgAdminUrl')): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  const name = `oac_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), 30);
  await migrateLatest(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestServer {
  url: string;
  server: RunningServer;
  db: Db;
  mediaWorker: MediaWorkerProcess | null;
  stop(): Promise<void>;
}

/**
 * The real server on a free port, against the test run's PostgreSQL and S3 server, with the
 * demo catalogue seeded. With `media: true` it also runs a real media worker process.
 */
export async function startTestServer(
  opts: { media?: boolean; clientDist?: boolean; env?: Record<string, string> } = {},
): Promise<TestServer> {
  return startServerFor({ ...opts, pgAdminUrl: inject('pgAdminUrl'), s3Endpoint: inject('s3Endpoint') });
}

/** The same, outside vitest (benchmarks), given where PostgreSQL and S3 are. */
export async function startServerFor(opts: {
  pgAdminUrl: string;
  s3Endpoint: string;
  media?: boolean;
  clientDist?: boolean;
  env?: Record<string, string>;
}): Promise<TestServer> {
  const database = await createTestDatabase(opts.pgAdminUrl);
  await seedDemo(database.db);
  const secret = randomBytes(24).toString('base64url');
  const mediaWorker = opts.media ? await startMediaWorkerProcess({ port: 0, secret, env: { LOG_LEVEL: 'warn', NUM_WORKERS: '1' } }) : null;
  const server = await startServer(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: database.url,
      S3_ENDPOINT: opts.s3Endpoint,
      S3_BUCKET: `oac-t-${randomBytes(4).toString('hex')}`,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_CHECKSUM_WHEN_REQUIRED: 'true',
      // Without a media worker, point at a closed port: the HTTP API works and media is reported down.
      MEDIA_WORKER_URL: mediaWorker ? `http://127.0.0.1:${mediaWorker.port}` : 'http://127.0.0.1:9',
      MEDIA_WORKER_SECRET: secret,
      ...(opts.clientDist ? { CLIENT_DIST: path.join(REPO_ROOT, 'client', 'dist') } : {}),
      ...opts.env,
    }),
  );
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    server,
    db: database.db,
    mediaWorker,
    async stop() {
      await server.close();
      await mediaWorker?.stop();
      await database.drop();
    },
  };
}
