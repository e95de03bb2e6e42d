import type { Knex } from 'knex';

/*
 * The appointment's lifecycle (issue 12) and the one audit trail of the platform. The database
 * itself refuses impossible states: a status outside the six, a cancelled appointment without
 * its time, an ended one without its end, a citizen waiting or in a call who never checked in.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('appointments', (t) => {
    t.timestamp('checked_in_at', { useTz: true }).nullable();
    t.timestamp('call_started_at', { useTz: true }).nullable();
    t.timestamp('ended_at', { useTz: true }).nullable();
    t.uuid('ended_by_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.text('staff_notes').notNullable().defaultTo('');
    // Raised on every change the citizen's calendar must learn of (iCalendar SEQUENCE).
    t.integer('revision').notNullable().defaultTo(0);
  });
  // Rows of the foundation's four statuses, made consistent with the new rules.
  await db.raw(`UPDATE appointments SET status = 'booked' WHERE status = 'in_call'`);
  await db.raw(`UPDATE appointments SET ended_at = now() WHERE status = 'done' AND ended_at IS NULL`);
  await db.raw(`UPDATE appointments SET cancelled_at = now() WHERE status = 'cancelled' AND cancelled_at IS NULL`);
  await db.raw('ALTER TABLE appointments DROP CONSTRAINT appointments_status_check');
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_status_check
    CHECK (status IN ('booked', 'checked_in', 'in_call', 'done', 'no_show', 'cancelled'))`);
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_cancelled_when
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))`);
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_ended_when
    CHECK ((status IN ('done', 'no_show')) = (ended_at IS NOT NULL))`);
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_checked_in_first
    CHECK (status NOT IN ('checked_in', 'in_call') OR checked_in_at IS NOT NULL)`);
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_call_started_first
    CHECK (status <> 'in_call' OR call_started_at IS NOT NULL)`);
  await db.raw('ALTER TABLE appointments ADD CONSTRAINT appointments_revision_nonneg CHECK (revision >= 0)');

  await db.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('actor_kind').notNullable().checkIn(['citizen', 'staff', 'system']);
    t.uuid('actor_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.text('actor_name').notNullable();
    t.text('entity').notNullable();
    t.uuid('entity_id').notNullable();
    t.text('action').notNullable();
    t.text('from_state').nullable();
    t.text('to_state').nullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['entity', 'entity_id', 'at']);
    t.index(['at']);
  });
  await db.raw(`ALTER TABLE audit_events ADD CONSTRAINT audit_events_staff_actor CHECK (actor_kind = 'staff' OR actor_staff_id IS NULL)`);
  await db.raw(`ALTER TABLE audit_events ADD CONSTRAINT audit_events_names CHECK (entity ~ '^[a-z_]+$' AND action ~ '^[a-z_.]+$')`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('audit_events');
  for (const c of [
    'appointments_revision_nonneg',
    'appointments_call_started_first',
    'appointments_checked_in_first',
    'appointments_ended_when',
    'appointments_cancelled_when',
    'appointments_status_check',
  ]) {
    await db.raw(`ALTER TABLE appointments DROP CONSTRAINT IF EXISTS ${c}`);
  }
  await db.raw(`UPDATE appointments SET status = 'booked' WHERE status IN ('checked_in', 'in_call')`);
  await db.raw(`UPDATE appointments SET status = 'done' WHERE status = 'no_show'`);
  await db.raw(
    `ALTER TABLE appointments ADD CONSTRAINT appointments_status_check CHECK (status IN ('booked', 'in_call', 'done', 'cancelled'))`,
  );
  await db.schema.alterTable('appointments', (t) => {
    for (const c of ['checked_in_at', 'call_started_at', 'ended_at', 'ended_by_staff_id', 'staff_notes', 'revision']) t.dropColumn(c);
  });
}
