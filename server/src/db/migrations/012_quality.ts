import type { Knex } from 'knex';

/*
 * Quality indicators and escalation mail (issue 15).
 *
 * A ticket's SLA clocks run in its office's business hours, which only the server's calendar
 * arithmetic knows; once a clock's verdict can no longer change (it stopped in time, or ran out)
 * it is settled into the ticket, so that the dashboard's compliance figures are plain SQL over
 * stored rows. A reopened ticket's resolution verdict is cleared with its resolution time.
 *
 * The escalation to a queue's supervisor is mailed through the same durable outbox as the
 * citizen's mail: such a message belongs to a ticket and a staff member, not to an appointment.
 */
const KINDS = ['confirmation', 'reminder', 'changed', 'cancelled', 'lost_link', 'survey'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('tickets', (t) => {
    t.boolean('sla_own_met').nullable();
    t.boolean('sla_resolve_met').nullable();
  });
  // The dashboard's periods are of tickets that came in.
  await db.raw('CREATE INDEX tickets_created ON tickets (created_at)');

  await db.raw('ALTER TABLE mail_outbox ALTER COLUMN appointment_id DROP NOT NULL');
  await db.schema.alterTable('mail_outbox', (t) => {
    t.uuid('ticket_id').nullable().references('tickets.id').onDelete('CASCADE');
    t.uuid('staff_id').nullable().references('staff_users.id').onDelete('CASCADE');
    /** What an escalation warns of: its clock and due time. */
    t.jsonb('details').nullable();
  });
  await db.raw('ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check');
  await db.raw(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check CHECK (kind IN (${list([...KINDS, 'escalation'])}))`);
  // A citizen's message belongs to an appointment; an escalation to a ticket and the supervisor it warns.
  await db.raw(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_owner CHECK (CASE
    WHEN kind = 'escalation' THEN appointment_id IS NULL AND ticket_id IS NOT NULL AND staff_id IS NOT NULL
    ELSE appointment_id IS NOT NULL AND staff_id IS NULL END)`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`DELETE FROM mail_outbox WHERE kind = 'escalation'`);
  await db.raw('ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_owner');
  await db.raw('ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check');
  await db.raw(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check CHECK (kind IN (${list(KINDS)}))`);
  await db.schema.alterTable('mail_outbox', (t) => t.dropColumns('ticket_id', 'staff_id', 'details'));
  await db.raw('ALTER TABLE mail_outbox ALTER COLUMN appointment_id SET NOT NULL');
  await db.raw('DROP INDEX IF EXISTS tickets_created');
  await db.schema.alterTable('tickets', (t) => t.dropColumns('sla_own_met', 'sla_resolve_met'));
}
