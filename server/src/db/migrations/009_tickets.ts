import type { Knex } from 'knex';

/*
 * The single window (issue 15): every contact is a ticket in a queue. Queues are ranked (the
 * Hisenda, Guàrdia Urbana and OAC windows first), clerks are their members, and each queue and
 * priority has SLA targets. A ticket's state is one of the state machine's, and the database
 * refuses the combinations it never makes: an owner exactly while someone works on it or waits,
 * a resolution time once resolved, a closing time once closed.
 */
const STATUSES = ['registered', 'classified', 'in_progress', 'waiting_citizen', 'waiting_third_party', 'resolved', 'closed'];
const CHANNELS = ['appointment', 'on_demand', 'callback', 'phone', 'in_person', 'email', 'chat'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('queues', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.text('code').notNullable().unique();
    t.text('name_ca').notNullable();
    t.text('name_es').notNullable();
    t.text('name_en').notNullable();
    t.integer('rank').notNullable().defaultTo(2);
    t.text('default_priority').notNullable().defaultTo('normal');
    t.uuid('supervisor_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`ALTER TABLE queues ADD CONSTRAINT queues_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]{1,19}$')`);
  await db.raw(`ALTER TABLE queues ADD CONSTRAINT queues_priority CHECK (default_priority IN (${list(PRIORITIES)}))`);
  await db.raw('ALTER TABLE queues ADD CONSTRAINT queues_rank CHECK (rank BETWEEN 1 AND 99)');

  await db.schema.createTable('queue_members', (t) => {
    t.uuid('queue_id').notNullable().references('queues.id').onDelete('CASCADE');
    t.uuid('staff_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.primary(['queue_id', 'staff_id']);
    t.index(['staff_id']);
  });

  // Targets in business minutes of the ticket's office; a queue's own row wins over the default (queue null).
  await db.schema.createTable('sla_policies', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('queue_id').nullable().references('queues.id').onDelete('CASCADE');
    t.text('priority').notNullable();
    t.integer('own_minutes').notNullable();
    t.integer('resolve_minutes').notNullable();
    t.integer('warn_before_minutes').notNullable();
  });
  await db.raw(`ALTER TABLE sla_policies ADD CONSTRAINT sla_policies_priority CHECK (priority IN (${list(PRIORITIES)}))`);
  await db.raw(
    'ALTER TABLE sla_policies ADD CONSTRAINT sla_policies_minutes CHECK (own_minutes > 0 AND resolve_minutes >= own_minutes AND warn_before_minutes >= 0)',
  );
  await db.raw('CREATE UNIQUE INDEX sla_policies_default ON sla_policies (priority) WHERE queue_id IS NULL');
  await db.raw('CREATE UNIQUE INDEX sla_policies_queue ON sla_policies (queue_id, priority) WHERE queue_id IS NOT NULL');

  await db.schema.alterTable('services', (t) => {
    t.uuid('queue_id').nullable().references('queues.id').onDelete('SET NULL');
  });

  // The tickets of the foundation: 'open' was a booked appointment's, which a procedure classifies.
  await db.raw('ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_status_check');
  await db.raw(`UPDATE tickets SET status = 'classified' WHERE status = 'open'`);
  await db.raw(`UPDATE tickets SET closed_at = coalesce(closed_at, created_at) WHERE status = 'closed'`);
  await db.schema.alterTable('tickets', (t) => {
    t.uuid('queue_id').nullable().references('queues.id').onDelete('RESTRICT');
    t.text('channel').notNullable().defaultTo('appointment');
    t.text('priority').notNullable().defaultTo('normal');
    t.uuid('owner_staff_id').nullable().references('staff_users.id').onDelete('RESTRICT');
    t.text('subject').notNullable().defaultTo('');
    t.text('citizen_phone').nullable();
    t.text('language').notNullable().defaultTo('ca');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('owned_at', { useTz: true }).nullable();
    t.timestamp('resolved_at', { useTz: true }).nullable();
    t.timestamp('escalated_at', { useTz: true }).nullable();
    t.index(['queue_id', 'status']);
    t.index(['owner_staff_id', 'status']);
  });
  await db.raw(`ALTER TABLE tickets ALTER COLUMN status SET DEFAULT 'registered'`);
  await db.raw('ALTER TABLE tickets ALTER COLUMN service_id DROP NOT NULL');
  await db.raw('ALTER TABLE tickets ALTER COLUMN citizen_email DROP NOT NULL');
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_status CHECK (status IN (${list(STATUSES)}))`);
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_channel CHECK (channel IN (${list(CHANNELS)}))`);
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_priority CHECK (priority IN (${list(PRIORITIES)}))`);
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_language CHECK (language IN ('ca', 'es', 'en'))`);
  // Someone is in charge exactly while the ticket is being worked on or waits on the office's behalf.
  // Nobody yet (or no longer, after a reroute) while it waits in its queue.
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_owner CHECK (CASE
    WHEN status IN ('in_progress', 'waiting_citizen', 'waiting_third_party') THEN owner_staff_id IS NOT NULL AND owned_at IS NOT NULL
    WHEN status IN ('registered', 'classified') THEN owner_staff_id IS NULL
    ELSE true END)`);
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_resolved CHECK (status <> 'resolved' OR resolved_at IS NOT NULL)`);
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL))`);
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_reachable CHECK (citizen_email IS NOT NULL OR citizen_phone IS NOT NULL)`);
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_subject_length CHECK (length(subject) <= 200)`);
  await db.raw('CREATE INDEX tickets_email ON tickets (lower(citizen_email))');

  // The spans in which the resolution clock does not run: the office waits for the citizen.
  await db.schema.createTable('ticket_pauses', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true }).nullable();
    t.index(['ticket_id']);
  });
  await db.raw('ALTER TABLE ticket_pauses ADD CONSTRAINT ticket_pauses_order CHECK (ended_at IS NULL OR ended_at >= started_at)');
  await db.raw('CREATE UNIQUE INDEX ticket_pauses_one_open ON ticket_pauses (ticket_id) WHERE ended_at IS NULL');

  await db.schema.createTable('ticket_notes', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.uuid('author_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.text('author_name').notNullable();
    t.text('visibility').notNullable();
    /** The citizen's own answer, from their private page. */
    t.boolean('from_citizen').notNullable().defaultTo(false);
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['ticket_id', 'created_at']);
  });
  await db.raw(`ALTER TABLE ticket_notes ADD CONSTRAINT ticket_notes_visibility CHECK (visibility IN ('internal', 'citizen'))`);
  await db.raw('ALTER TABLE ticket_notes ADD CONSTRAINT ticket_notes_body CHECK (length(body) BETWEEN 1 AND 4000)');
  await db.raw(
    `ALTER TABLE ticket_notes ADD CONSTRAINT ticket_notes_citizen CHECK (NOT from_citizen OR (visibility = 'citizen' AND author_staff_id IS NULL))`,
  );

  await db.schema.createTable('ticket_links', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('party').notNullable();
    t.text('waiting_for').notNullable();
    t.uuid('created_by_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('resolved_at', { useTz: true }).nullable();
    t.index(['ticket_id']);
  });
  await db.raw(`ALTER TABLE ticket_links ADD CONSTRAINT ticket_links_kind CHECK (kind IN ('department', 'provider'))`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('ticket_links');
  await db.schema.dropTable('ticket_notes');
  await db.schema.dropTable('ticket_pauses');
  for (const c of ['status', 'channel', 'priority', 'language', 'owner', 'resolved', 'closed', 'reachable', 'subject_length']) {
    await db.raw(`ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_${c}`);
  }
  await db.raw('DROP INDEX IF EXISTS tickets_email');
  await db.schema.alterTable('tickets', (t) => {
    t.dropColumns('queue_id', 'channel', 'priority', 'owner_staff_id', 'subject', 'citizen_phone', 'language', 'updated_at');
    t.dropColumns('owned_at', 'resolved_at', 'escalated_at');
  });
  await db.raw(`UPDATE tickets SET status = 'open' WHERE status NOT IN ('in_progress', 'closed')`);
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_status_check CHECK (status IN ('open', 'in_progress', 'closed'))`);
  await db.raw(`ALTER TABLE tickets ALTER COLUMN status SET DEFAULT 'open'`);
  await db.schema.alterTable('services', (t) => t.dropColumn('queue_id'));
  await db.schema.dropTable('sla_policies');
  await db.schema.dropTable('queue_members');
  await db.schema.dropTable('queues');
}
