import type { Knex } from 'knex';

/*
 * "Attend me now" (issue 15): walk-in and booking are one model (Llei 9/2025), so a citizen who
 * asks to be attended now gets a ticket like any contact, waits in its queue, and is served by an
 * appointment with no slot, starting when a clerk accepts. Everything that decides who serves whom
 * is a row here, so that any server process may offer, accept or expire: the line is
 * `queue_entries`, a clerk's readiness `staff_presence`. The database refuses two open offers to
 * one clerk and an offer without its clerk and deadline.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE appointments ALTER COLUMN slot_id DROP NOT NULL');
  await db.schema.alterTable('appointments', (t) => {
    t.boolean('on_demand').notNullable().defaultTo(false);
  });
  await db.raw('ALTER TABLE appointments ADD CONSTRAINT appointments_slot_or_on_demand CHECK ((slot_id IS NULL) = on_demand)');
  // A booked appointment's time is its slot's; an on-demand one's is set when the clerk accepts.
  await db.raw(`CREATE OR REPLACE FUNCTION oac_appointment_time() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.slot_id IS NOT NULL THEN
        SELECT s.starts_at, s.ends_at INTO NEW.starts_at, NEW.ends_at FROM slots s WHERE s.id = NEW.slot_id;
      END IF;
      RETURN NEW;
    END $$`);
  await db.raw(`CREATE OR REPLACE FUNCTION oac_slot_seats() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.status <> 'cancelled' AND (NEW.status = 'cancelled' OR NEW.slot_id IS DISTINCT FROM OLD.slot_id) THEN
        UPDATE slots SET booked = booked - 1 WHERE id = OLD.slot_id;
      END IF;
      IF NEW.status <> 'cancelled' AND (TG_OP = 'INSERT' OR OLD.status = 'cancelled' OR NEW.slot_id IS DISTINCT FROM OLD.slot_id) THEN
        UPDATE slots SET booked = booked + 1 WHERE id = NEW.slot_id;
      END IF;
      RETURN NULL;
    END $$`);

  await db.schema.createTable('staff_presence', (t) => {
    t.uuid('staff_id').primary().references('staff_users.id').onDelete('CASCADE');
    t.text('status').notNullable();
    t.timestamp('since', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`ALTER TABLE staff_presence ADD CONSTRAINT staff_presence_status CHECK (status IN ('available', 'away'))`);

  await db.schema.createTable('queue_entries', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('ticket_id').notNullable().unique().references('tickets.id').onDelete('CASCADE');
    t.uuid('queue_id').notNullable().references('queues.id').onDelete('RESTRICT');
    t.uuid('service_id').notNullable().references('services.id').onDelete('RESTRICT');
    t.text('priority').notNullable();
    t.text('status').notNullable().defaultTo('waiting');
    /** The citizen's private token for the waiting page; the call's appointment gets the same. */
    t.text('token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.uuid('offered_to').nullable().references('staff_users.id').onDelete('SET NULL');
    t.timestamp('offered_at', { useTz: true }).nullable();
    t.timestamp('offer_expires_at', { useTz: true }).nullable();
    t.uuid('served_by').nullable().references('staff_users.id').onDelete('SET NULL');
    t.timestamp('served_at', { useTz: true }).nullable();
    t.uuid('appointment_id').nullable().references('appointments.id').onDelete('SET NULL');
    t.timestamp('left_at', { useTz: true }).nullable();
    t.text('callback_channel').nullable();
    t.text('callback_phone').nullable();
    t.timestamp('callback_from', { useTz: true }).nullable();
    t.timestamp('callback_to', { useTz: true }).nullable();
    t.text('callback_outcome').nullable();
  });
  await db.raw(
    `ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_status CHECK (status IN ('waiting', 'offered', 'serving', 'left', 'done'))`,
  );
  await db.raw(`ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_priority CHECK (priority IN ('urgent', 'high', 'normal', 'low'))`);
  await db.raw(`ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_offer CHECK (
    (status = 'offered') = (offered_to IS NOT NULL AND offered_at IS NOT NULL AND offer_expires_at IS NOT NULL))`);
  await db.raw(
    `ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_served CHECK (status <> 'serving' OR (served_by IS NOT NULL AND served_at IS NOT NULL))`,
  );
  await db.raw(`ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_callback CHECK (
    callback_channel IS NULL
    OR (callback_channel IN ('video_link', 'phone') AND callback_from IS NOT NULL AND callback_to > callback_from
        AND (callback_channel <> 'phone' OR callback_phone IS NOT NULL)))`);
  // One citizen offered to a clerk at a time.
  await db.raw(`CREATE UNIQUE INDEX queue_entries_one_offer ON queue_entries (offered_to) WHERE status = 'offered'`);
  await db.raw(`CREATE INDEX queue_entries_line ON queue_entries (queue_id, created_at) WHERE status = 'waiting'`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('queue_entries');
  await db.schema.dropTable('staff_presence');
  await db.raw(`DELETE FROM appointments WHERE on_demand`);
  await db.raw('ALTER TABLE appointments DROP CONSTRAINT appointments_slot_or_on_demand');
  await db.schema.alterTable('appointments', (t) => t.dropColumn('on_demand'));
  await db.raw('ALTER TABLE appointments ALTER COLUMN slot_id SET NOT NULL');
}
