import type { Knex } from 'knex';

/*
 * The durable part of a call (issue 13): the clerk's admission of the citizen, the chat, each
 * clerk's lobby settings, and the identity checks made on camera. Who is connected right now stays
 * out of here: it changes many times a second and lives with the sockets.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('call_admissions', (t) => {
    t.uuid('appointment_id').primary().references('appointments.id').onDelete('CASCADE');
    t.boolean('admitted').notNullable();
    t.uuid('changed_by_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('call_messages', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('appointment_id').notNullable().references('appointments.id').onDelete('CASCADE');
    t.text('author_role').notNullable().checkIn(['citizen', 'clerk']);
    t.uuid('author_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.text('author_name').notNullable();
    t.text('body').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['appointment_id', 'sent_at']);
  });
  await db.raw(`ALTER TABLE call_messages ADD CONSTRAINT call_messages_body CHECK (length(body) BETWEEN 1 AND 1000)`);
  await db.raw(
    `ALTER TABLE call_messages ADD CONSTRAINT call_messages_staff_author CHECK (author_role = 'clerk' OR author_staff_id IS NULL)`,
  );

  await db.schema.createTable('clerk_lobby_settings', (t) => {
    t.uuid('user_id').primary().references('staff_users.id').onDelete('CASCADE');
    t.text('message').nullable();
    t.boolean('away').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`ALTER TABLE clerk_lobby_settings ADD CONSTRAINT clerk_lobby_settings_message CHECK (length(message) BETWEEN 1 AND 500)`);

  await db.schema.createTable('identity_checks', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('appointment_id').notNullable().references('appointments.id').onDelete('CASCADE');
    t.uuid('checked_by_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.text('checked_by_name').notNullable();
    t.text('document_type').notNullable().checkIn(['dni', 'nie', 'passport', 'other']);
    t.timestamp('checked_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['appointment_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['identity_checks', 'clerk_lobby_settings', 'call_messages', 'call_admissions']) {
    await db.schema.dropTableIfExists(table);
  }
}
