import { accessSync, constants, mkdirSync } from 'node:fs';
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

export { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

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
