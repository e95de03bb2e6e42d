import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { migrations } from './migrations/index';

// Return int8 (counts, sizes) as JS numbers: every size we store is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Db = Knex;

export function createDb(url: string, poolMax = 20): Db {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: 'oac-et-truca' },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
  });
}

/** Applies every pending migration; the list is compiled in, so no folder is scanned at run time. */
export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource: migrations });
}
