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
  await migrateLatest(url.toString());
  const db = createDb(url.toString(), { poolMax: 30 });
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
  /** The server's settings, for a sibling node. */
  env: Record<string, string>;
  /** Stops the server and starts it again on the same port, database and media worker, as a deploy does. */
  restart(): Promise<void>;
  /** Another server node on the same database, S3 bucket and media worker (multi-node tests). */
  sibling(env?: Record<string, string>): Promise<{ url: string; server: RunningServer; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Run a real media worker process; an object gives it settings (a narrow port range, say). */
  media?: boolean | { env: Record<string, string> };
  clientDist?: boolean;
  env?: Record<string, string>;
  /** A database of the caller's instead of a fresh one on the run's PostgreSQL (seeded all the same). */
  database?: { url: string; db: Db; drop(): Promise<void> };
  /** The server's clock for the mail's schedule. */
  clock?: () => Date;
}

/**
 * The real server on a free port, against the test run's PostgreSQL and S3 server, with the
 * demo catalogue seeded. With `media: true` it also runs a real media worker process.
 */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  return startServerFor({ ...opts, pgAdminUrl: inject('pgAdminUrl'), s3Endpoint: inject('s3Endpoint') });
}

/** The same, outside vitest (benchmarks), given where PostgreSQL and S3 are. */
export async function startServerFor(opts: TestServerOptions & { pgAdminUrl: string; s3Endpoint: string }): Promise<TestServer> {
  const database = opts.database ?? (await createTestDatabase(opts.pgAdminUrl));
  await seedDemo(database.db);
  const secret = randomBytes(24).toString('base64url');
  const mediaEnv = typeof opts.media === 'object' ? opts.media.env : {};
  const mediaWorker = opts.media
    ? await startMediaWorkerProcess({
        port: 0,
        secret,
        // Many media workers run at once here: each takes free ports, below the ephemeral range and
        // apart from npm start's fixed 40000.
        env: { LOG_LEVEL: 'warn', NUM_WORKERS: '1', RTC_PORT: '0', RTC_MIN_PORT: '30000', RTC_MAX_PORT: '32700', ...mediaEnv },
      })
    : null;
  const env: Record<string, string> = {
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
    // Tests book many appointments from one address and one e-mail; the limits have tests of their own.
    BOOKINGS_PER_ADDRESS_PER_HOUR: '100000',
    BOOKINGS_PER_EMAIL_PER_DAY: '10000',
    ACTIVE_BOOKINGS_PER_EMAIL_AND_SERVICE: '100',
    MAILS_PER_RECIPIENT_PER_HOUR: '10000',
    ...(opts.clientDist ? { CLIENT_DIST: path.join(REPO_ROOT, 'client', 'dist') } : {}),
    ...opts.env,
  };
  let server = await startServer(loadConfig(env), { clock: opts.clock });
  const url = `http://127.0.0.1:${server.port}`;
  const siblings: RunningServer[] = [];
  return {
    url,
    get server() {
      return server;
    },
    async restart() {
      const port = server.port;
      await server.close();
      server = await startServer(loadConfig({ ...env, PORT: String(port) }), { clock: opts.clock });
    },
    db: database.db,
    mediaWorker,
    env,
    async sibling(extra = {}) {
      const other = await startServer(loadConfig({ ...env, ...extra }), { clock: opts.clock });
      siblings.push(other);
      return { url: `http://127.0.0.1:${other.port}`, server: other, stop: () => other.close() };
    },
    async stop() {
      for (const other of siblings) await other.close();
      await server.close();
      await mediaWorker?.stop();
      await database.drop();
    },
  };
}
