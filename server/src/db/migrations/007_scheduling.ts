import type { Knex } from 'knex';

/*
 * Scheduling (issue 14): offices with a time zone and channels, a procedure catalogue shared by
 * several offices, opening hours with exceptions (holidays, closures, special hours), clerks'
 * shifts and absences, and slots generated from them with as many seats as clerks on shift.
 *
 * The rules are the database's, whatever the code does:
 * - a slot never holds more active appointments than its seats: a trigger keeps `slots.booked`
 *   and a CHECK bounds it by `capacity`; the trigger's UPDATE row-locks the slot, so concurrent
 *   bookings of one slot queue there, across every server process;
 * - a clerk never has two active appointments at once (exclusion constraint on the appointment's
 *   own copy of its slot's time, kept by a trigger);
 * - a clerk is never on two overlapping shifts, hours never end before they start, and an
 *   unknown time zone is refused.
 */
export async function up(db: Knex): Promise<void> {
  // A zone PostgreSQL knows; declared immutable so a CHECK may use it (the zone list changes only
  // with a server upgrade, never under a running constraint).
  await db.raw(`CREATE FUNCTION oac_is_time_zone(zone text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
      PERFORM timestamptz '2000-01-01 00:00Z' AT TIME ZONE zone;
      RETURN true;
    EXCEPTION WHEN invalid_parameter_value THEN
      RETURN false;
    END $$`);

  await db.raw('ALTER TABLE offices DROP CONSTRAINT offices_kind_check');
  await db.raw(`ALTER TABLE offices ADD CONSTRAINT offices_kind_check CHECK (kind IN ('oac', 'housing', 'district', 'other'))`);
  await db.schema.alterTable('offices', (t) => {
    t.text('time_zone').notNullable().defaultTo('Europe/Madrid');
    t.specificType('channels', 'text[]').notNullable().defaultTo(db.raw(`'{video}'`));
    t.boolean('active').notNullable().defaultTo(true);
  });
  await db.raw('ALTER TABLE offices ADD CONSTRAINT offices_time_zone_known CHECK (oac_is_time_zone(time_zone))');
  await db.raw(`ALTER TABLE offices ADD CONSTRAINT offices_channels_known
    CHECK (cardinality(channels) > 0 AND channels <@ ARRAY['video', 'phone', 'in_person']::text[])`);

  // The catalogue: one procedure, offered by any number of offices.
  await db.schema.alterTable('services', (t) => {
    t.specificType('channels', 'text[]').notNullable().defaultTo(db.raw(`'{video}'`));
    t.jsonb('documents').notNullable().defaultTo('[]');
    t.integer('retention_days').notNullable().defaultTo(365);
  });
  await db.raw(`ALTER TABLE services ADD CONSTRAINT services_channels_known
    CHECK (cardinality(channels) > 0 AND channels <@ ARRAY['video', 'phone', 'in_person']::text[])`);
  await db.raw(`ALTER TABLE services ADD CONSTRAINT services_documents_list CHECK (jsonb_typeof(documents) = 'array')`);
  await db.raw('ALTER TABLE services ADD CONSTRAINT services_retention_positive CHECK (retention_days > 0)');
  await db.schema.createTable('service_offices', (t) => {
    t.uuid('service_id').notNullable().references('services.id').onDelete('CASCADE');
    t.uuid('office_id').notNullable().references('offices.id').onDelete('CASCADE');
    t.primary(['service_id', 'office_id']);
    t.index(['office_id']);
  });
  await db.raw('INSERT INTO service_offices (service_id, office_id) SELECT id, office_id FROM services');
  await db.raw('ALTER TABLE services DROP CONSTRAINT services_office_id_code_unique');
  await db.schema.alterTable('services', (t) => {
    t.dropColumn('office_id');
    t.unique(['code']);
  });

  await db.schema.createTable('opening_hours', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('office_id').notNullable().references('offices.id').onDelete('CASCADE');
    t.smallint('weekday').notNullable();
    t.specificType('opens', 'time').notNullable();
    t.specificType('closes', 'time').notNullable();
    t.index(['office_id']);
  });
  await db.raw('ALTER TABLE opening_hours ADD CONSTRAINT opening_hours_weekday CHECK (weekday BETWEEN 1 AND 7)');
  await db.raw('ALTER TABLE opening_hours ADD CONSTRAINT opening_hours_order CHECK (closes > opens)');
  await db.raw(`ALTER TABLE opening_hours ADD CONSTRAINT opening_hours_no_overlap
    EXCLUDE USING gist (office_id WITH =, weekday WITH =, tsrange(date '2000-01-01' + opens, date '2000-01-01' + closes) WITH &&)`);

  // Holidays, closures and special hours; office_id null means the whole city (public holidays).
  await db.schema.createTable('calendar_exceptions', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('office_id').nullable().references('offices.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['holiday', 'closure', 'special_hours']);
    t.text('name').notNullable();
    t.date('date_from').notNullable();
    t.date('date_to').notNullable();
    t.boolean('recurring_yearly').notNullable().defaultTo(false);
    t.jsonb('hours').nullable();
    t.uuid('created_by_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['office_id', 'date_from']);
  });
  await db.raw('ALTER TABLE calendar_exceptions ADD CONSTRAINT calendar_exceptions_order CHECK (date_to >= date_from)');
  await db.raw(`ALTER TABLE calendar_exceptions ADD CONSTRAINT calendar_exceptions_hours
    CHECK ((kind = 'special_hours') = (hours IS NOT NULL) AND (hours IS NULL OR jsonb_typeof(hours) = 'array'))`);
  await db.raw(`ALTER TABLE calendar_exceptions ADD CONSTRAINT calendar_exceptions_name CHECK (length(name) BETWEEN 1 AND 200)`);

  await db.schema.createTable('shifts', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('clerk_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.uuid('office_id').notNullable().references('offices.id').onDelete('CASCADE');
    t.smallint('weekday').notNullable();
    t.specificType('starts', 'time').notNullable();
    t.specificType('ends', 'time').notNullable();
    t.date('valid_from').notNullable();
    t.date('valid_to').nullable();
    t.index(['office_id']);
  });
  await db.raw('ALTER TABLE shifts ADD CONSTRAINT shifts_weekday CHECK (weekday BETWEEN 1 AND 7)');
  await db.raw('ALTER TABLE shifts ADD CONSTRAINT shifts_order CHECK (ends > starts)');
  await db.raw('ALTER TABLE shifts ADD CONSTRAINT shifts_validity CHECK (valid_to IS NULL OR valid_to >= valid_from)');
  // One clerk, one place at a time: across offices too.
  await db.raw(`ALTER TABLE shifts ADD CONSTRAINT shifts_no_overlap EXCLUDE USING gist (
    clerk_id WITH =, weekday WITH =,
    tsrange(date '2000-01-01' + starts, date '2000-01-01' + ends) WITH &&,
    daterange(valid_from, valid_to, '[]') WITH &&)`);
  await db.schema.createTable('shift_services', (t) => {
    t.uuid('shift_id').notNullable().references('shifts.id').onDelete('CASCADE');
    t.uuid('service_id').notNullable().references('services.id').onDelete('CASCADE');
    t.primary(['shift_id', 'service_id']);
  });

  await db.schema.createTable('absences', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('clerk_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.text('reason').notNullable().defaultTo('');
    t.uuid('created_by_staff_id').nullable().references('staff_users.id').onDelete('SET NULL');
    t.index(['clerk_id', 'starts_at']);
  });
  await db.raw('ALTER TABLE absences ADD CONSTRAINT absences_order CHECK (ends_at > starts_at)');

  // Slots become per procedure, with seats. The foundation's per-clerk slots that nobody booked
  // are dropped (generation makes them again); booked ones keep their clerk as their one seat.
  await db.schema.alterTable('slots', (t) => {
    t.uuid('service_id').nullable().references('services.id').onDelete('RESTRICT');
    t.specificType('clerk_ids', 'uuid[]').notNullable().defaultTo(db.raw(`'{}'`));
    t.integer('capacity').notNullable().defaultTo(1);
    t.integer('capacity_override').nullable();
    t.integer('booked').notNullable().defaultTo(0);
  });
  await db.raw(`DELETE FROM slots s WHERE NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id)`);
  await db.raw(`UPDATE slots s SET service_id = a.service_id,
      clerk_ids = CASE WHEN s.clerk_id IS NULL THEN '{}' ELSE ARRAY[s.clerk_id] END,
      booked = (SELECT count(*) FROM appointments x WHERE x.slot_id = s.id AND x.status <> 'cancelled')
    FROM (SELECT DISTINCT ON (slot_id) slot_id, service_id FROM appointments ORDER BY slot_id, created_at) a
    WHERE a.slot_id = s.id`);
  await db.raw('ALTER TABLE slots DROP CONSTRAINT slots_clerk_no_overlap');
  await db.schema.alterTable('slots', (t) => {
    t.dropColumn('clerk_id');
    t.uuid('service_id').notNullable().alter();
  });
  await db.raw('ALTER TABLE slots ADD CONSTRAINT slots_booked_nonneg CHECK (booked >= 0)');
  await db.raw(
    'ALTER TABLE slots ADD CONSTRAINT slots_capacity_nonneg CHECK (capacity >= 0 AND (capacity_override IS NULL OR capacity_override >= 0))',
  );
  // The seat count: no slot ever holds more bookings than seats, and no capacity goes below them.
  await db.raw('ALTER TABLE slots ADD CONSTRAINT slots_within_capacity CHECK (booked <= capacity)');
  await db.raw('CREATE UNIQUE INDEX slots_one_per_time ON slots (office_id, service_id, starts_at, ends_at)');
  await db.raw('CREATE INDEX slots_service_time ON slots (service_id, starts_at) WHERE booked < capacity');

  await db.raw('DROP INDEX appointments_one_per_slot');
  // A ticket has sessions: Habitatge et truca turns a remote advice call into an in-person visit
  // under the same ticket, so a ticket may have several appointments, each with its channel.
  await db.raw('ALTER TABLE appointments DROP CONSTRAINT appointments_ticket_id_unique');
  await db.raw('CREATE INDEX appointments_ticket ON appointments (ticket_id)');
  await db.schema.alterTable('appointments', (t) => {
    t.text('channel').notNullable().defaultTo('video');
    t.uuid('follows_appointment_id').nullable().references('appointments.id').onDelete('SET NULL');
  });
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_channel_known CHECK (channel IN ('video', 'phone', 'in_person'))`);
  // A booking counts the e-mail's upcoming appointments for the procedure (fair access).
  await db.raw(`CREATE INDEX appointments_active_by_email ON appointments (lower(citizen_email), service_id)
    WHERE status IN ('booked', 'checked_in', 'in_call')`);
  await db.schema.alterTable('appointments', (t) => {
    t.timestamp('starts_at', { useTz: true }).nullable();
    t.timestamp('ends_at', { useTz: true }).nullable();
  });
  await db.raw('UPDATE appointments a SET starts_at = s.starts_at, ends_at = s.ends_at FROM slots s WHERE s.id = a.slot_id');
  await db.raw('ALTER TABLE appointments ALTER COLUMN starts_at SET NOT NULL, ALTER COLUMN ends_at SET NOT NULL');
  // Availability reads the clerks' appointments of a window of days.
  await db.raw(`CREATE INDEX appointments_active_time ON appointments (starts_at) WHERE status <> 'cancelled'`);
  await db.raw(`ALTER TABLE appointments ADD CONSTRAINT appointments_clerk_no_overlap
    EXCLUDE USING gist (clerk_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'cancelled')`);

  // The clerk a booking of a slot gets: one of its seats' clerks with no other active appointment
  // then (another procedure's slot may have taken them) and not absent, the least busy that day
  // first; `exclude` is an appointment that does not count (the one being moved). In PL/pgSQL so
  // that its plan is made once per connection: planned inline, it cost more than it ran.
  await db.raw(`CREATE FUNCTION oac_free_clerk(slot_id uuid, exclude uuid) RETURNS uuid LANGUAGE plpgsql STABLE AS $$
    DECLARE
      s record;
      found uuid;
    BEGIN
      SELECT sl.clerk_ids, sl.starts_at, sl.ends_at INTO s FROM slots sl WHERE sl.id = slot_id;
      IF s IS NULL OR cardinality(s.clerk_ids) = 0 THEN
        RETURN NULL;
      END IF;
      SELECT c INTO found FROM unnest(s.clerk_ids) AS c
        WHERE NOT EXISTS (SELECT 1 FROM appointments x WHERE x.clerk_id = c AND x.status <> 'cancelled' AND x.id IS DISTINCT FROM exclude
                            AND tstzrange(x.starts_at, x.ends_at) && tstzrange(s.starts_at, s.ends_at))
          AND NOT EXISTS (SELECT 1 FROM absences b WHERE b.clerk_id = c AND tstzrange(b.starts_at, b.ends_at) && tstzrange(s.starts_at, s.ends_at))
        ORDER BY (SELECT count(*) FROM appointments y WHERE y.clerk_id = c AND y.status <> 'cancelled'
                    AND y.starts_at >= s.starts_at - interval '12 hours' AND y.starts_at < s.starts_at + interval '12 hours'), c
        LIMIT 1;
      RETURN found;
    END $$`);

  // A booking now writes more than before (the seat count, the clerk's exclusion check), and none
  // of it needs the office's ticket counter row, which every booking of the office waits for: the
  // appointment is inserted first and the ticket last, so the appointment's reference to its
  // ticket is checked at commit.
  await db.raw('ALTER TABLE appointments ALTER CONSTRAINT appointments_ticket_id_foreign DEFERRABLE INITIALLY DEFERRED');

  // The appointment's time is its slot's, always.
  await db.raw(`CREATE FUNCTION oac_appointment_time() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT s.starts_at, s.ends_at INTO NEW.starts_at, NEW.ends_at FROM slots s WHERE s.id = NEW.slot_id;
      RETURN NEW;
    END $$`);
  await db.raw(`CREATE TRIGGER appointments_time BEFORE INSERT OR UPDATE OF slot_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION oac_appointment_time()`);
  // The seats a slot has given: every active appointment holds one.
  await db.raw(`CREATE FUNCTION oac_slot_seats() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.status <> 'cancelled' AND (NEW.status = 'cancelled' OR NEW.slot_id <> OLD.slot_id) THEN
        UPDATE slots SET booked = booked - 1 WHERE id = OLD.slot_id;
      END IF;
      IF NEW.status <> 'cancelled' AND (TG_OP = 'INSERT' OR OLD.status = 'cancelled' OR NEW.slot_id <> OLD.slot_id) THEN
        UPDATE slots SET booked = booked + 1 WHERE id = NEW.slot_id;
      END IF;
      RETURN NULL;
    END $$`);
  await db.raw(`CREATE TRIGGER appointments_seats AFTER INSERT OR UPDATE OF status, slot_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION oac_slot_seats()`);
}

export async function down(): Promise<void> {
  throw new Error('007_scheduling cannot be undone: slots were merged into per-procedure seats.');
}
