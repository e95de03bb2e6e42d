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
}
export interface ServiceRow {
  id: string;
  office_id: string;
  code: string;
  name_ca: string;
  name_es: string;
  name_en: string;
  description_ca: string;
  description_es: string;
  description_en: string;
  duration_minutes: number;
}
export interface SlotRow {
  id: string;
  office_id: string;
  clerk_id: string | null;
  starts_at: Date;
  ends_at: Date;
  in_past: boolean;
  taken: boolean;
  ticket_prefix: string;
}

/** What a booking learns in its one check (see prepareBooking); the slot's columns are null when there is no such slot. */
export interface BookingCheck {
  slot_id: string | null;
  slot_office_id: string | null;
  clerk_id: string | null;
  starts_at: Date;
  ends_at: Date;
  in_past: boolean;
  ticket_prefix: string;
  office_name_ca: string;
  office_name_es: string;
  office_name_en: string;
  office_address: string;
  service_id: string;
  service_office_id: string;
  service_code: string;
  service_name_ca: string;
  service_name_es: string;
  service_name_en: string;
  clerk_name: string | null;
  taken: boolean;
  active: number;
}

const OFFICE_COLUMNS = ['id', 'slug', 'kind', 'name_ca', 'name_es', 'name_en', 'address', 'ticket_prefix'];
const SERVICE_COLUMNS = [
  'id',
  'office_id',
  'code',
  'name_ca',
  'name_es',
  'name_en',
  'description_ca',
  'description_es',
  'description_en',
  'duration_minutes',
];

export class BookingRepository {
  constructor(private readonly db: Db) {}

  listOffices(): Promise<OfficeRow[]> {
    return this.db('offices').select(OFFICE_COLUMNS).orderBy('name_ca');
  }

  findOffice(id: string): Promise<OfficeRow | undefined> {
    return this.db('offices').select(OFFICE_COLUMNS).where({ id }).first();
  }

  listServices(officeId: string): Promise<ServiceRow[]> {
    return this.db('services').select(SERVICE_COLUMNS).where({ office_id: officeId, active: true }).orderBy('name_ca');
  }

  findService(id: string): Promise<ServiceRow | undefined> {
    return this.db('services').select(SERVICE_COLUMNS).where({ id, active: true }).first();
  }

  /** Free future slots of an office, from a Madrid calendar day, for `days` days. */
  listFreeSlots(officeId: string, fromDate: string, days: number): Promise<{ id: string; starts_at: Date; ends_at: Date }[]> {
    return this.db('slots as s')
      .select('s.id', 's.starts_at', 's.ends_at')
      .where('s.office_id', officeId)
      .andWhere('s.starts_at', '>', this.db.fn.now())
      .andWhereRaw(`s.starts_at >= (?::date)::timestamp AT TIME ZONE 'Europe/Madrid'`, [fromDate])
      .andWhereRaw(`s.starts_at < ((?::date) + ?::int)::timestamp AT TIME ZONE 'Europe/Madrid'`, [fromDate, days])
      .whereNotExists(this.db('appointments as a').select(this.db.raw('1')).whereRaw('a.slot_id = s.id').whereNot('a.status', 'cancelled'))
      .orderBy('s.starts_at')
      .limit(500);
  }

  /**
   * Everything a booking checks, inside its transaction: the slot and its office, the procedure,
   * whether the slot is held, and how many upcoming appointments the e-mail already has for the
   * procedure, counted under a lock on that (e-mail, procedure) pair, so that the same person's
   * concurrent bookings cannot all see none. The lock is its own statement: a statement that waited
   * for it inside itself would count with the snapshot it started with, from before the holder's
   * commit (READ COMMITTED takes one per statement).
   */
  async prepareBooking(trx: Runner, slotId: string, serviceId: string, email: string): Promise<BookingCheck | undefined> {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`booking:${email.toLowerCase()}:${serviceId}`]);
    const { rows } = await trx.raw<{ rows: BookingCheck[] }>(
      `SELECT s.id AS slot_id, s.office_id AS slot_office_id, s.clerk_id, s.starts_at, s.ends_at, s.starts_at <= now() AS in_past,
              o.ticket_prefix, o.name_ca AS office_name_ca, o.name_es AS office_name_es, o.name_en AS office_name_en, o.address AS office_address,
              v.id AS service_id, v.office_id AS service_office_id, v.code AS service_code,
              v.name_ca AS service_name_ca, v.name_es AS service_name_es, v.name_en AS service_name_en,
              c.name AS clerk_name,
              EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id AND a.status <> 'cancelled') AS taken,
              (SELECT count(*)::int FROM appointments a JOIN slots s2 ON s2.id = a.slot_id
                WHERE lower(a.citizen_email) = lower(:email) AND a.service_id = v.id
                  AND a.status IN ('booked', 'checked_in', 'in_call') AND s2.ends_at > now()) AS active
       FROM services v
       LEFT JOIN slots s ON s.id = :slotId
       LEFT JOIN offices o ON o.id = s.office_id
       LEFT JOIN staff_users c ON c.id = s.clerk_id
       WHERE v.id = :serviceId AND v.active`,
      { email, serviceId, slotId },
    );
    return rows[0];
  }

  /** A slot with its office's ticket prefix, for booking it, and whether an active appointment holds it. */
  findSlot(db: Runner, id: string): Promise<SlotRow | undefined> {
    return db('slots as s')
      .join('offices as o', 'o.id', 's.office_id')
      .select(
        's.id',
        's.office_id',
        's.clerk_id',
        's.starts_at',
        's.ends_at',
        'o.ticket_prefix',
        db.raw('s.starts_at <= now() AS in_past'),
        db.raw(`EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id AND a.status <> 'cancelled') AS taken`),
      )
      .where('s.id', id)
      .first();
  }
}
