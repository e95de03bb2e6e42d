import type { Knex } from 'knex';

/*
 * Seasonal peaks (issue 15, the seed's "necesidades estacionales"): for a range of local dates, a
 * scheduler lends a queue extra clerks of their office, or gives it another rank, or both. Who
 * serves a queue and in what order it is served are then one definition each, in SQL, that every
 * query of the live line, the tickets and the estimates goes through:
 *
 *   effective_queue_members(at)       its permanent members and the clerks lent to it at `at`;
 *   effective_queue_rank(q, rank, at) its rank at `at`: a peak's override, or its own.
 *
 * A peak's dates are its office's local dates, the first and the last included, and it lasts at
 * most 92 days (a season). Two rank overrides of one queue never overlap: the queue's order would
 * otherwise depend on which one a query happened to read.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('queue_peaks', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('queue_id').notNullable().references('queues.id').onDelete('CASCADE');
    /** Whose dates (its time zone) and whose scheduler manages it. */
    t.uuid('office_id').notNullable().references('offices.id').onDelete('CASCADE');
    t.date('date_from').notNullable();
    t.date('date_to').notNullable();
    t.text('reason').notNullable();
    /** The queue's rank while the peak is in force; null keeps its own. */
    t.integer('rank').nullable();
    t.uuid('created_by_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['office_id', 'date_to']);
    t.index(['queue_id', 'date_to']);
  });
  await db.raw('ALTER TABLE queue_peaks ADD CONSTRAINT queue_peaks_order CHECK (date_to >= date_from)');
  await db.raw('ALTER TABLE queue_peaks ADD CONSTRAINT queue_peaks_length CHECK (date_to - date_from < 92)');
  await db.raw('ALTER TABLE queue_peaks ADD CONSTRAINT queue_peaks_rank CHECK (rank IS NULL OR rank BETWEEN 1 AND 99)');
  await db.raw('ALTER TABLE queue_peaks ADD CONSTRAINT queue_peaks_reason CHECK (length(reason) BETWEEN 1 AND 200)');
  await db.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');
  await db.raw(`ALTER TABLE queue_peaks ADD CONSTRAINT queue_peaks_one_rank
    EXCLUDE USING gist (queue_id WITH =, daterange(date_from, date_to, '[]') WITH &&) WHERE (rank IS NOT NULL)`);

  await db.schema.createTable('queue_peak_members', (t) => {
    t.uuid('peak_id').notNullable().references('queue_peaks.id').onDelete('CASCADE');
    t.uuid('staff_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.primary(['peak_id', 'staff_id']);
    t.index(['staff_id']);
  });

  // The peaks in force at an instant: its local date, in the peak's office's zone, within its range.
  await db.raw(`CREATE FUNCTION queue_peaks_at(moment timestamptz) RETURNS SETOF queue_peaks
    LANGUAGE sql STABLE AS $$
      SELECT p.* FROM queue_peaks p JOIN offices o ON o.id = p.office_id
      WHERE (moment AT TIME ZONE o.time_zone)::date BETWEEN p.date_from AND p.date_to
    $$`);
  await db.raw(`CREATE FUNCTION effective_queue_members(moment timestamptz) RETURNS TABLE (queue_id uuid, staff_id uuid)
    LANGUAGE sql STABLE AS $$
      SELECT m.queue_id, m.staff_id FROM queue_members m
      UNION
      SELECT p.queue_id, pm.staff_id FROM queue_peaks_at(moment) p JOIN queue_peak_members pm ON pm.peak_id = p.id
    $$`);
  await db.raw(`CREATE FUNCTION effective_queue_rank(queue uuid, own_rank integer, moment timestamptz) RETURNS integer
    LANGUAGE sql STABLE AS $$
      SELECT coalesce((SELECT min(p.rank) FROM queue_peaks_at(moment) p WHERE p.queue_id = effective_queue_rank.queue), own_rank)
    $$`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP FUNCTION IF EXISTS effective_queue_rank(uuid, integer, timestamptz)');
  await db.raw('DROP FUNCTION IF EXISTS effective_queue_members(timestamptz)');
  await db.raw('DROP FUNCTION IF EXISTS queue_peaks_at(timestamptz)');
  await db.schema.dropTable('queue_peak_members');
  await db.schema.dropTable('queue_peaks');
}
