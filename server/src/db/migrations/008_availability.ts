import type { Knex } from 'knex';

/*
 * Availability asks, for the clerks of the candidate slots only, what keeps them busy in the
 * candidates' span of time. A clerk's active appointments in time order make that one index range
 * per clerk, instead of every office's appointments of the span.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`CREATE INDEX appointments_clerk_time ON appointments (clerk_id, starts_at) WHERE status <> 'cancelled'`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX IF EXISTS appointments_clerk_time');
}
