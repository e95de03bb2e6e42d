import type { Knex } from 'knex';

/*
 * The foundation: offices, their procedure catalogue, staff, bookable slots, appointments,
 * procedure tickets and documents. Integrity lives here, not only in code: one active
 * appointment per slot (partial unique index), no overlapping slots for one clerk
 * (exclusion constraint), and checked enumerations.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');

  await db.schema.createTable('offices', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.text('slug').notNullable().unique();
    t.text('kind').notNullable().checkIn(['oac', 'housing']);
    t.text('name_ca').notNullable();
    t.text('name_es').notNullable();
    t.text('name_en').notNullable();
    t.text('address').notNullable();
    t.text('ticket_prefix').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('services', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('office_id').notNullable().references('offices.id').onDelete('RESTRICT');
    t.text('code').notNullable();
    t.text('name_ca').notNullable();
    t.text('name_es').notNullable();
    t.text('name_en').notNullable();
    t.text('description_ca').notNullable();
    t.text('description_es').notNullable();
    t.text('description_en').notNullable();
    t.integer('duration_minutes').notNullable().checkPositive();
    t.boolean('active').notNullable().defaultTo(true);
    t.unique(['office_id', 'code']);
  });

  await db.schema.createTable('staff_users', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.text('role').notNullable().checkIn(['clerk', 'scheduler', 'admin']);
    t.uuid('office_id').nullable().references('offices.id').onDelete('RESTRICT');
    t.text('password_hash').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw('CREATE UNIQUE INDEX staff_users_email_unique ON staff_users (lower(email))');

  await db.schema.createTable('sessions', (t) => {
    t.text('token_hash').primary();
    t.uuid('user_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['user_id']);
  });

  await db.schema.createTable('slots', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('office_id').notNullable().references('offices.id').onDelete('RESTRICT');
    t.uuid('clerk_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['office_id', 'starts_at']);
  });
  await db.raw('ALTER TABLE slots ADD CONSTRAINT slots_time_order CHECK (ends_at > starts_at)');
  await db.raw(
    `ALTER TABLE slots ADD CONSTRAINT slots_clerk_no_overlap
       EXCLUDE USING gist (clerk_id WITH =, tstzrange(starts_at, ends_at) WITH &&)`,
  );

  await db.schema.createTable('ticket_counters', (t) => {
    t.text('prefix').notNullable();
    t.integer('year').notNullable();
    t.integer('last_value').notNullable();
    t.primary(['prefix', 'year']);
  });

  await db.schema.createTable('tickets', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.text('number').notNullable().unique();
    t.uuid('office_id').notNullable().references('offices.id').onDelete('RESTRICT');
    t.uuid('service_id').notNullable().references('services.id').onDelete('RESTRICT');
    t.text('status').notNullable().defaultTo('open').checkIn(['open', 'in_progress', 'closed']);
    t.text('citizen_name').notNullable();
    t.text('citizen_email').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('closed_at', { useTz: true }).nullable();
  });

  await db.schema.createTable('appointments', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('slot_id').notNullable().references('slots.id').onDelete('RESTRICT');
    t.uuid('office_id').notNullable().references('offices.id').onDelete('RESTRICT');
    t.uuid('service_id').notNullable().references('services.id').onDelete('RESTRICT');
    t.uuid('clerk_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.uuid('ticket_id').notNullable().unique().references('tickets.id').onDelete('RESTRICT');
    t.text('citizen_name').notNullable();
    t.text('citizen_email').notNullable();
    t.text('language').notNullable().checkIn(['ca', 'es', 'en']);
    t.text('token_hash').notNullable().unique();
    t.text('status').notNullable().defaultTo('booked').checkIn(['booked', 'in_call', 'done', 'cancelled']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('cancelled_at', { useTz: true }).nullable();
    t.index(['office_id', 'clerk_id']);
  });
  // The guarantee that no slot is ever booked twice: the database refuses the second row.
  await db.raw("CREATE UNIQUE INDEX appointments_one_per_slot ON appointments (slot_id) WHERE status <> 'cancelled'");

  await db.schema.createTable('documents', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('appointment_id').notNullable().references('appointments.id').onDelete('RESTRICT');
    t.uuid('ticket_id').notNullable().references('tickets.id').onDelete('RESTRICT');
    t.text('kind').notNullable().checkIn(['upload', 'stamped']);
    t.text('filename').notNullable();
    t.text('content_type').notNullable().checkIn(['application/pdf', 'image/png', 'image/jpeg']);
    t.bigInteger('size_bytes').notNullable();
    t.text('sha256').notNullable();
    t.text('s3_key').notNullable().unique();
    t.text('uploaded_by_kind').notNullable().checkIn(['citizen', 'staff']);
    t.uuid('uploaded_by_staff_id').nullable().references('staff_users.id').onDelete('RESTRICT');
    t.text('uploaded_by_name').notNullable();
    t.uuid('source_id').nullable().references('documents.id').onDelete('RESTRICT');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['appointment_id', 'created_at']);
  });
  await db.raw("ALTER TABLE documents ADD CONSTRAINT documents_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$')");
  await db.raw('ALTER TABLE documents ADD CONSTRAINT documents_size_nonneg CHECK (size_bytes >= 0)');
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    'documents',
    'appointments',
    'tickets',
    'ticket_counters',
    'slots',
    'sessions',
    'staff_users',
    'services',
    'offices',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
}
