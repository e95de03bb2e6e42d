import { startEmbeddedPostgres, type EmbeddedPostgres } from '@oac/infra/embedded';
import { createDb, migrateLatest, type Db } from '@oac/server';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL of a test's own, which it may freeze, stop and start again; never the machine's
 * shared one. Frozen means SIGSTOP to the postmaster and every process it started (each backend
 * leads a process group of its own): connections stay open and nothing answers, as with a hung
 * server or a partitioned network.
 */
export interface OwnPostgres {
  url: string;
  db: Db;
  freeze(): void;
  thaw(): void;
  /** A fast shutdown: connections are refused until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** For TestServerOptions.database. */
  asTestDatabase(): { url: string; db: Db; drop(): Promise<void> };
  destroy(): Promise<void>;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 4th field, after the command in parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oac-own-pg-'));
  // Enterable, so that as root the postgres user keeps its data right here.
  chmodSync(dir, 0o755);
  const port = 58_000 + Math.floor(Math.random() * 2_000);
  const options = { dataDir: path.join(dir, 'data'), port };
  let pg: EmbeddedPostgres = await startEmbeddedPostgres(options);
  await migrateLatest(pg.url);
  const db = createDb(pg.url, { poolMax: 5 });
  const signal = (s: NodeJS.Signals) => {
    process.kill(pg.pid, s);
    for (const child of childrenOf(pg.pid)) {
      try {
        process.kill(child, s);
      } catch {
        // A backend that ended between the listing and the signal.
      }
    }
  };
  return {
    url: pg.url,
    db,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    stop: () => pg.stop(),
    async start() {
      pg = await startEmbeddedPostgres(options);
    },
    asTestDatabase() {
      return { url: pg.url, db, drop: async () => undefined };
    },
    async destroy() {
      await db.destroy().catch(() => undefined);
      try {
        signal('SIGCONT');
      } catch {
        // Already gone.
      }
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
