import type { Knex } from 'knex';

/*
 * A booking writes its outbox rows before the statement that takes the office's ticket number, so
 * that the counter row, which every booking of the office waits for, is held for as short a time
 * as possible. Their reference to the appointment is therefore checked at commit.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE mail_outbox ALTER CONSTRAINT mail_outbox_appointment_id_foreign DEFERRABLE INITIALLY DEFERRED');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE mail_outbox ALTER CONSTRAINT mail_outbox_appointment_id_foreign NOT DEFERRABLE');
}
