import type { Knex } from 'knex';

/*
 * Chat help (issue 15): instead of video, a citizen stuck in an online procedure may ask to be
 * attended by text chat. It waits in the same line as a video call (same queue, priority and
 * estimate); the entry keeps what was asked for, and the on-demand appointment the mode its call
 * is in now, which its clerk may turn from chat into video (never back). Only a call that came
 * from the line is ever a chat.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('queue_entries', (t) => {
    t.text('mode').notNullable().defaultTo('video');
  });
  await db.raw(`ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_mode CHECK (mode IN ('video', 'chat'))`);
  await db.schema.alterTable('appointments', (t) => {
    t.text('call_mode').notNullable().defaultTo('video');
  });
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_call_mode CHECK (call_mode IN ('video', 'chat'))`);
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_chat_on_demand CHECK (
    call_mode = 'video' OR (on_demand AND channel = 'video'))`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE appointments DROP CONSTRAINT appointments_chat_on_demand');
  await db.raw('ALTER TABLE appointments DROP CONSTRAINT appointments_call_mode');
  await db.schema.alterTable('appointments', (t) => t.dropColumn('call_mode'));
  await db.raw('ALTER TABLE queue_entries DROP CONSTRAINT queue_entries_mode');
  await db.schema.alterTable('queue_entries', (t) => t.dropColumn('mode'));
}
