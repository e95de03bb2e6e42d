import type { Knex } from 'knex';

/*
 * Throttling state that every server node shares (issue 11, §3 and §4): login failure counters,
 * the browsers a staff account has logged in from, and fixed-window counters for booking and
 * mail limits. Keys are hashes, so no e-mail or address is kept in clear here.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('auth_failures', (t) => {
    t.text('key').primary();
    t.text('scope').notNullable().checkIn(['device', 'pair', 'account', 'address']);
    t.integer('failures').notNullable();
    t.timestamp('last_at', { useTz: true }).notNullable();
    t.index(['last_at']);
  });
  await db.raw('ALTER TABLE auth_failures ADD CONSTRAINT auth_failures_nonneg CHECK (failures >= 0)');

  await db.schema.createTable('trusted_devices', (t) => {
    t.text('token_hash').primary();
    t.uuid('user_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['user_id']);
    t.index(['expires_at']);
  });

  await db.schema.createTable('rate_limit_hits', (t) => {
    t.text('bucket').notNullable();
    t.text('key').notNullable();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.integer('hits').notNullable();
    t.primary(['bucket', 'key', 'window_start']);
    t.index(['window_start']);
  });
  await db.raw('ALTER TABLE rate_limit_hits ADD CONSTRAINT rate_limit_hits_nonneg CHECK (hits >= 0)');

  // Names are one line of text: the database refuses control characters whatever the code does.
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_name_one_line CHECK (citizen_name !~ '[[:cntrl:]]') NOT VALID`);
  await db.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_name_one_line CHECK (citizen_name !~ '[[:cntrl:]]') NOT VALID`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_name_one_line');
  await db.raw('ALTER TABLE appointments DROP CONSTRAINT IF EXISTS appointments_name_one_line');
  for (const table of ['rate_limit_hits', 'trusted_devices', 'auth_failures']) await db.schema.dropTableIfExists(table);
}
