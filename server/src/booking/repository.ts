import type { Channel, LocalizedText } from '@oac/shared';
import type { Runner } from '../appointments/repository';
import type { Db } from '../db/knex';

export interface OfficeRow {
  id: string;
  slug: string;
  kind: 'oac' | 'housing';
  name_ca: string;
  name_es: string;
  name_en: string;
  address: string;
  ticket_prefix: string;
  channels: Channel[];
}
export interface ServiceRow {
  id: string;
  code: string;
  name_ca: string;
  name_es: string;
  name_en: string;
  description_ca: string;
  description_es: string;
  description_en: string;
  duration_minutes: number;
  channels: Channel[];
  documents: LocalizedText[];
}
export interface SlotRow {
  id: string;
  office_id: string;
  service_id: string;
  /** The clerk the booking would get: one on shift, free at that time and present; null when none is. */
  clerk_id: string | null;
  starts_at: Date;
  ends_at: Date;
  in_past: boolean;
  /** No seat left: every seat is booked, or every clerk on shift is busy with another procedure or absent. */
  taken: boolean;
  ticket_prefix: string;
}

/** What a booking learns in its one check (see prepareBooking); the slot's columns are null when there is no such slot. */
export interface BookingCheck {
  slot_id: string | null;
  slot_office_id: string | null;
  slot_service_id: string | null;
  clerk_id: string | null;
  starts_at: Date;
  ends_at: Date;
  in_past: boolean;
  ticket_prefix: string;
  office_name_ca: string;
  office_name_es: string;
  office_name_en: string;
  office_address: string;
  office_channels: Channel[] | null;
  service_channels: Channel[];
  service_id: string;
  service_code: string;
  service_name_ca: string;
  service_name_es: string;
  service_name_en: string;
  clerk_name: string | null;
  taken: boolean;
  active: number;
}

const OFFICE_COLUMNS = ['id', 'slug', 'kind', 'name_ca', 'name_es', 'name_en', 'address', 'ticket_prefix', 'channels'];
const SERVICE_COLUMNS = [
  'id',
  'code',
  'name_ca',
  'name_es',
  'name_en',
  'description_ca',
  'description_es',
  'description_en',
  'duration_minutes',
  'channels',
  'documents',
];

/** The clerk a booking of slot `s` would get, or null (see oac_free_clerk in migration 007); `:exclude` is the appointment being moved. */
const FREE_CLERK = `oac_free_clerk(s.id, :exclude::uuid)`;

export class BookingRepository {
  constructor(private readonly db: Db) {}

  listOffices(): Promise<OfficeRow[]> {
    return this.db('offices').select(OFFICE_COLUMNS).where({ active: true }).orderBy('name_ca');
  }

  findOffice(id: string): Promise<OfficeRow | undefined> {
    return this.db('offices').select(OFFICE_COLUMNS).where({ id }).first();
  }

  listServices(officeId: string): Promise<ServiceRow[]> {
    return this.db('services as v')
      .join('service_offices as so', 'so.service_id', 'v.id')
      .select(SERVICE_COLUMNS.map((c) => `v.${c}`))
      .where({ 'so.office_id': officeId, 'v.active': true })
      .orderBy('v.name_ca');
  }

  /** Active procedures with the active offices that offer them (each office as its row). */
  async listProcedures(): Promise<(ServiceRow & { offices: OfficeRow[] })[]> {
    const { rows } = await this.db.raw<{ rows: (ServiceRow & { offices: OfficeRow[] })[] }>(
      `SELECT ${SERVICE_COLUMNS.map((c) => `v.${c}`).join(', ')},
              json_agg(json_build_object(${OFFICE_COLUMNS.map((c) => `'${c}', o.${c}`).join(', ')}) ORDER BY o.name_ca) AS offices
       FROM services v JOIN service_offices so ON so.service_id = v.id JOIN offices o ON o.id = so.office_id
       WHERE v.active AND o.active
       GROUP BY v.id ORDER BY v.name_ca`,
    );
    return rows;
  }

  findService(id: string): Promise<ServiceRow | undefined> {
    return this.db('services').select(SERVICE_COLUMNS).where({ id, active: true }).first();
  }

  /**
   * Free future slots of a procedure, at one office or at any, from a calendar day in the
   * office's zone, for `days` days. A slot is free while it has a seat and a clerk of its seats is
   * free then: not booked by an overlapping slot of another procedure, and not absent. That is
   * checked for all candidates at once, as a join of their seats against the clerks' appointments
   * and absences of the window, rather than slot by slot; the booking checks it again, exactly,
   * under the slot's lock (oac_free_clerk).
   */
  async listFreeSlots(
    serviceId: string,
    officeId: string | null,
    fromDate: string,
    days: number,
  ): Promise<{ id: string; office_id: string; starts_at: Date; ends_at: Date; seats_left: number }[]> {
    const { rows } = await this.db.raw(
      // One office reads its own (office_id, service_id, starts_at) index; any office, the
      // procedure's (service_id, starts_at) one. The condition is spelt out for the planner.
      `WITH days AS MATERIALIZED (
         SELECT o.id, (:from::date)::timestamp AT TIME ZONE o.time_zone AS lo, ((:from::date) + :days::int)::timestamp AT TIME ZONE o.time_zone AS hi
         FROM offices o WHERE o.active${officeId ? ' AND o.id = :officeId::uuid' : ''}),
       near AS MATERIALIZED (
         -- Read in time order by the (service_id, starts_at) index, from the earliest office's first
         -- local midnight to the latest's last, so that nearly every row read is a candidate and the
         -- scan stops after enough of them; each office's exact local days come next.
         SELECT s.id, s.office_id, s.starts_at, s.ends_at, s.capacity, s.booked, s.clerk_ids, s.capacity_override
         FROM slots s
         WHERE s.service_id = :serviceId AND ${officeId ? 's.office_id = :officeId::uuid' : 'true'}
           AND s.booked < s.capacity AND s.starts_at > now()
           AND s.starts_at >= (SELECT min(lo) FROM days) AND s.starts_at < (SELECT max(hi) FROM days)
         ORDER BY s.starts_at
         LIMIT :candidates),
       cand AS MATERIALIZED (
         SELECT n.* FROM near n JOIN days d ON d.id = n.office_id
         WHERE n.starts_at >= d.lo AND n.starts_at < d.hi
         ORDER BY n.starts_at
         LIMIT :candidates),
       span AS (SELECT min(starts_at) AS lo, max(ends_at) AS hi FROM cand),
       -- What keeps the candidates' clerks busy, within the candidates' own span of time: one range
       -- of the (clerk_id, starts_at) index per clerk. Both steps are materialised, so that the
       -- planner, which cannot estimate the candidates, never runs them once per candidate.
       taken AS MATERIALIZED (
         SELECT a.clerk_id, a.starts_at, a.ends_at FROM appointments a, span
           WHERE a.status <> 'cancelled' AND a.clerk_id = ANY(ARRAY(SELECT DISTINCT u FROM cand, unnest(cand.clerk_ids) u))
             AND a.starts_at >= span.lo - interval '1 day' AND a.starts_at < span.hi AND a.ends_at > span.lo
         UNION ALL
         SELECT b.clerk_id, b.starts_at, b.ends_at FROM absences b, span WHERE b.ends_at > span.lo AND b.starts_at < span.hi),
       busy AS MATERIALIZED (
         SELECT c.id, count(DISTINCT u.clerk) AS n
         FROM cand c CROSS JOIN LATERAL unnest(c.clerk_ids) AS u(clerk)
         JOIN taken b ON b.clerk_id = u.clerk AND b.starts_at < c.ends_at AND b.ends_at > c.starts_at
         GROUP BY c.id)
       SELECT c.id, c.office_id, c.starts_at, c.ends_at,
              CASE WHEN c.capacity_override IS NOT NULL THEN c.capacity - c.booked
                   ELSE LEAST(c.capacity - c.booked, cardinality(c.clerk_ids) - coalesce(b.n, 0)) END AS seats_left
       FROM cand c LEFT JOIN busy b ON b.id = c.id
       WHERE c.capacity_override IS NOT NULL OR cardinality(c.clerk_ids) > coalesce(b.n, 0)
       ORDER BY c.starts_at, c.office_id
       LIMIT 500`,
      { serviceId, officeId, from: fromDate, days, candidates: 750 },
    );
    return rows;
  }

  /**
   * Everything a booking checks, inside its transaction: the slot and its office, the procedure,
   * the clerk it would get, and how many upcoming appointments the e-mail already has for the
   * procedure. Two locks come first, in their own statement: the (e-mail, procedure) pair, so that
   * the same person's concurrent bookings cannot all see none; and the slot's row while it has a
   * seat, so that concurrent bookings of one slot queue and each sees the seats the others took.
   * Once the slot is full the row no longer qualifies, so the losers stop waiting all at once rather
   * than queue one by one (and the seat count's CHECK still refuses any booking that slipped by).
   * The check is a later statement because READ COMMITTED gives each statement the snapshot it
   * started with.
   */
  async prepareBooking(trx: Runner, slotId: string, serviceId: string, email: string): Promise<BookingCheck | undefined> {
    await trx.raw(
      'SELECT pg_advisory_xact_lock(hashtextextended(?, 0)), (SELECT count(*) FROM (SELECT 1 FROM slots WHERE id = ? AND booked < capacity FOR UPDATE) l)',
      [`booking:${email.toLowerCase()}:${serviceId}`, slotId],
    );
    const { rows } = await trx.raw<{ rows: BookingCheck[] }>(
      `SELECT s.id AS slot_id, s.office_id AS slot_office_id, s.service_id AS slot_service_id, f.clerk_id, s.starts_at, s.ends_at,
              s.starts_at <= now() AS in_past,
              o.ticket_prefix, o.name_ca AS office_name_ca, o.name_es AS office_name_es, o.name_en AS office_name_en, o.address AS office_address,
              o.channels AS office_channels, v.channels AS service_channels,
              v.id AS service_id, v.code AS service_code,
              v.name_ca AS service_name_ca, v.name_es AS service_name_es, v.name_en AS service_name_en,
              c.name AS clerk_name,
              NOT (s.booked < s.capacity AND (s.capacity_override IS NOT NULL OR f.clerk_id IS NOT NULL)) AS taken,
              (SELECT count(*)::int FROM appointments a
                WHERE lower(a.citizen_email) = lower(:email) AND a.service_id = v.id
                  AND a.status IN ('booked', 'checked_in', 'in_call') AND a.ends_at > now()) AS active
       FROM services v
       LEFT JOIN slots s ON s.id = :slotId
       LEFT JOIN LATERAL (SELECT ${FREE_CLERK} AS clerk_id) f ON true
       LEFT JOIN offices o ON o.id = s.office_id
       LEFT JOIN staff_users c ON c.id = f.clerk_id
       WHERE v.id = :serviceId AND v.active`,
      { email, serviceId, slotId, exclude: null },
    );
    return rows[0];
  }

  /**
   * The offices where a procedure can be done in person: active housing offices that offer it and
   * take visits, for a procedure that allows them (Habitatge et truca's follow-up).
   */
  inPersonOffices(db: Runner, serviceId: string): Promise<OfficeRow[]> {
    return db('offices as o')
      .join('service_offices as so', 'so.office_id', 'o.id')
      .join('services as v', 'v.id', 'so.service_id')
      .select(OFFICE_COLUMNS.map((c) => `o.${c}`))
      .where({ 'v.id': serviceId, 'o.kind': 'housing', 'o.active': true, 'v.active': true })
      .whereRaw(`'in_person' = ANY(o.channels) AND 'in_person' = ANY(v.channels)`)
      .orderBy('o.name_ca');
  }

  /**
   * A slot with its office's ticket prefix, for moving an appointment onto it, locked for the
   * move; `exclude` is the appointment being moved, whose own time does not keep its clerk busy.
   */
  async findSlot(db: Runner, id: string, exclude: string | null = null): Promise<SlotRow | undefined> {
    // The lock in its own statement, as in prepareBooking: the check must see what the holder wrote.
    await db.raw('SELECT 1 FROM slots WHERE id = ? AND booked < capacity FOR UPDATE', [id]);
    const { rows } = await db.raw<{ rows: SlotRow[] }>(
      `SELECT s.id, s.office_id, s.service_id, f.clerk_id, s.starts_at, s.ends_at, o.ticket_prefix, s.starts_at <= now() AS in_past,
              NOT (s.booked < s.capacity AND (s.capacity_override IS NOT NULL OR f.clerk_id IS NOT NULL)) AS taken
       FROM slots s
       JOIN offices o ON o.id = s.office_id
       LEFT JOIN LATERAL (SELECT ${FREE_CLERK} AS clerk_id) f ON true
       WHERE s.id = :id`,
      { id, exclude },
    );
    return rows[0];
  }
}
