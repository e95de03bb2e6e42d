import { startEmbeddedPostgres } from '@oac/infra/embedded';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** TEST_DATABASE_URL, else the machine's PostgreSQL on 127.0.0.1:5432, else an embedded one started for this run. */
export async function resolveTestPostgres(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) return { adminUrl: configured, stop: async () => undefined };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await answers(local)) return { adminUrl: local, stop: async () => undefined };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oac-pg-'));
  const port = 55_000 + Math.floor(Math.random() * 5_000);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port });
  return {
    adminUrl: embedded.url.replace(/\/oac$/, '/postgres'),
    stop: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
