import type { Knex } from 'knex';

/*
 * Durable mail (issue 12): an outbox that survives a restart, and one link token per message.
 * No plaintext token is ever stored: a message's token is made when it is sent, and only its hash
 * kept, valid until some days after the appointment (the citizen reads their documents then).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('mail_outbox', (t) => {
    t.bigIncrements('id');
    t.uuid('appointment_id').notNullable().references('appointments.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['confirmation', 'reminder', 'changed', 'cancelled', 'lost_link']);
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'sending', 'sent', 'failed', 'dropped']);
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true }).nullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.text('last_error').nullable();
    /** The appointment's revision the message was written for; a later move makes a reminder stale. */
    t.integer('revision').notNullable();
    /** At most one of each reminder per appointment and revision. */
    t.text('dedupe_key').nullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['status', 'due_at']);
    t.index(['appointment_id']);
  });
  await db.raw(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_sent_when CHECK ((status = 'sent') = (sent_at IS NOT NULL))`);
  await db.raw(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_attempts_nonneg CHECK (attempts >= 0)`);

  await db.schema.createTable('appointment_links', (t) => {
    t.text('token_hash').primary();
    t.uuid('appointment_id').notNullable().references('appointments.id').onDelete('CASCADE');
    t.text('purpose').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['appointment_id']);
    t.index(['expires_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('appointment_links');
  await db.schema.dropTableIfExists('mail_outbox');
}
