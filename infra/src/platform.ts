import { startMediaWorkerProcess, type MediaWorkerProcess } from '@oac/media-worker';
import { loadConfig, seedDemo, startServer, type RunningServer } from '@oac/server';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres, startEmbeddedS3, startEmbeddedSmtp, type Stoppable } from './embedded';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface PlatformOptions {
  /** The environment to read settings from (process.env for `npm start`). */
  env: Record<string, string | undefined>;
  /** Where the embedded PostgreSQL and S3 keep their data. */
  dataDir: string;
  /** Seed the demo offices, staff and slots. */
  seed: boolean;
  /** Port of the embedded PostgreSQL when DATABASE_URL is unset. */
  embeddedPostgresPort?: number;
}

export interface Platform {
  url: string;
  server: RunningServer;
  mediaWorker: MediaWorkerProcess | null;
  embedded: { database: boolean; storage: boolean; media: boolean; mail: boolean };
  stop(): Promise<void>;
}

/**
 * The whole platform in one call: the configured PostgreSQL and S3, or the embedded ones when
 * none is configured; the media worker process, supervised; and the server.
 */
export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const env = { ...opts.env };
  const stops: Stoppable[] = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s.stop().catch(() => undefined);
  };
  const embedded = { database: !env.DATABASE_URL, storage: !env.S3_ENDPOINT, media: !env.MEDIA_WORKER_URL, mail: !env.SMTP_URL };
  try {
    if (embedded.database) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(opts.dataDir, 'postgres'), port: opts.embeddedPostgresPort ?? 54329 });
      stops.push(pg);
      env.DATABASE_URL = pg.url;
    }
    if (embedded.storage) {
      const s3 = await startEmbeddedS3({ dataDir: path.join(opts.dataDir, 's3'), port: 0, bucket: env.S3_BUCKET ?? 'oac-documents' });
      stops.push(s3);
      Object.assign(env, {
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_FORCE_PATH_STYLE: 'true',
        S3_CHECKSUM_WHEN_REQUIRED: 'true',
      });
    }
    if (embedded.mail) {
      const smtp = await startEmbeddedSmtp({ dataDir: path.join(opts.dataDir, 'mail'), port: 0 });
      stops.push(smtp);
      env.SMTP_URL = smtp.url;
    }
    env.MEDIA_WORKER_SECRET ??= randomBytes(24).toString('base64url');
    let mediaWorker: MediaWorkerProcess | null = null;
    if (embedded.media) {
      mediaWorker = await startMediaWorkerProcess({
        port: 0,
        secret: env.MEDIA_WORKER_SECRET,
        env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
      });
      stops.push(mediaWorker);
      env.MEDIA_WORKER_URL = `http://127.0.0.1:${mediaWorker.port}`;
    }
    env.CLIENT_DIST ??= path.join(REPO_ROOT, 'client', 'dist');
    const server = await startServer(loadConfig(env));
    stops.push({ stop: () => server.close() });
    if (opts.seed) await seedDemo(server.db);
    return { url: server.url, server, mediaWorker, embedded, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
