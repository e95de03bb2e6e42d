import knexFactory, { type Knex } from 'knex';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Logger } from 'pino';
import { isConnectionFailure } from './errors';
import { migrations } from './migrations/index';

// Return int8 (counts, sizes) as JS numbers: every size we store is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Db = Knex;

export interface DbOptions {
  /** Largest pool size. */
  poolMax: number;
  /** How long opening a connection may take (TCP and PostgreSQL's start-up). */
  connectTimeoutMs: number;
  /** PostgreSQL's own `statement_timeout` for every statement of this pool; 0 turns it off. */
  statementTimeoutMs: number;
  /** How long a request waits for a free connection from the pool. */
  acquireTimeoutMs: number;
}

export const DEFAULT_DB_OPTIONS: DbOptions = { poolMax: 20, connectTimeoutMs: 3_000, statementTimeoutMs: 5_000, acquireTimeoutMs: 3_000 };

/** An answer the server never sends arrives late by at most this much after the statement timeout. */
const READ_TIMEOUT_MARGIN_MS = 1_000;

type RawConnection = { __knex__disposed?: unknown };
type PgDialectClass = new (config: Knex.Config) => Knex.Client & {
  _query(connection: RawConnection, obj: unknown): Promise<unknown>;
};

// knex's own PostgreSQL dialect; its package has no `exports` map, so the file is the entry.
const PgDialect = createRequire(import.meta.url)('knex/lib/dialects/postgres/index.js') as PgDialectClass;

/**
 * knex's PostgreSQL dialect, except that a connection whose query failed at the connection level
 * (a read timeout on a frozen server, a reset socket) is never handed out again. Without this, a
 * connection stuck behind an unanswered query goes back to the pool and the next request queues
 * behind it, so requests keep failing for seconds after the database is back (issue 11, §5).
 */
class ResilientPgDialect extends PgDialect {
  override async _query(connection: RawConnection, obj: unknown): Promise<unknown> {
    try {
      return await super._query(connection, obj);
    } catch (error) {
      if (isConnectionFailure(error)) connection.__knex__disposed = error;
      throw error;
    }
  }
}

/**
 * A pool that fails fast when PostgreSQL is down or frozen: a connect timeout, a statement timeout
 * on the server, a read timeout on the client for a server that answers nothing, and a bounded
 * wait for a free connection. Each of those failures is `database_unavailable` at the edge.
 */
export function createDb(url: string, options: Partial<DbOptions> = {}, log?: Logger): Db {
  const o = { ...DEFAULT_DB_OPTIONS, ...options };
  // knex prints its pool's complaints with stack traces to the console; they go to our log, one line each.
  const say = (level: 'warn' | 'debug') => (message: unknown) =>
    log?.[level]({ cause: message instanceof Error ? message.message : String(message) }, 'knex()');
  const statementTimeout = o.statementTimeoutMs > 0 ? o.statementTimeoutMs : undefined;
  return knexFactory({
    client: ResilientPgDialect as unknown as typeof Knex.Client,
    connection: {
      connectionString: url,
      application_name: 'oac-et-truca',
      connectionTimeoutMillis: o.connectTimeoutMs,
      keepAlive: true,
      ...(statementTimeout ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + READ_TIMEOUT_MARGIN_MS } : {}),
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: o.poolMax, createTimeoutMillis: o.connectTimeoutMs + READ_TIMEOUT_MARGIN_MS },
    acquireConnectionTimeout: o.acquireTimeoutMs,
    log: { warn: say('warn'), error: say('warn'), deprecate: say('debug'), debug: say('debug') },
  });
}

/**
 * Applies every pending migration, on a connection of its own without the statement timeout (an
 * index build on a large table takes longer than any request should). The list is compiled in,
 * so no folder is scanned at run time.
 */
export async function migrateLatest(url: string): Promise<void> {
  const db = createDb(url, { poolMax: 1, statementTimeoutMs: 0, connectTimeoutMs: 10_000, acquireTimeoutMs: 60_000 });
  try {
    await db.migrate.latest({ migrationSource: migrations });
  } finally {
    await db.destroy();
  }
}
