import type { Knex } from 'knex';

/*
 * Satisfaction (issue 15): a resolved ticket, if the sampling picks it, gets one survey; the
 * citizen answers it once, from their private page: a rating from 1 to 5, whether their procedure
 * was solved, and an optional comment. The database keeps one per ticket, and an answer whole.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('surveys', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('ticket_id').notNullable().unique().references('tickets.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    /** When the reminder e-mail is due, if the ticket is still resolved then. */
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.integer('rating').nullable();
    t.boolean('solved').nullable();
    t.text('comment').nullable();
    t.timestamp('answered_at', { useTz: true }).nullable();
  });
  await db.raw('ALTER TABLE surveys ADD CONSTRAINT surveys_rating CHECK (rating BETWEEN 1 AND 5)');
  await db.raw(
    'ALTER TABLE surveys ADD CONSTRAINT surveys_answer_whole CHECK ((answered_at IS NULL) = (rating IS NULL) AND (rating IS NULL) = (solved IS NULL))',
  );
  await db.raw('ALTER TABLE surveys ADD CONSTRAINT surveys_comment CHECK (comment IS NULL OR length(comment) <= 2000)');
  // The survey's e-mail goes through the outbox like the appointment's, tied to the ticket's last session.
  await db.raw('ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check');
  await db.raw(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
    CHECK (kind IN ('confirmation', 'reminder', 'changed', 'cancelled', 'lost_link', 'survey'))`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`DELETE FROM mail_outbox WHERE kind = 'survey'`);
  await db.raw('ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check');
  await db.raw(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
    CHECK (kind IN ('confirmation', 'reminder', 'changed', 'cancelled', 'lost_link'))`);
  await db.schema.dropTable('surveys');
}
