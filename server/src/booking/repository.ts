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
  ticket_prefix: string;
}

export interface AppointmentRow {
  id: string;
  slot_id: string;
  office_id: string;
  service_id: string;
  clerk_id: string | null;
  ticket_number: string;
  citizen_name: string;
  citizen_email: string;
  language: 'ca' | 'es' | 'en';
  status: 'booked' | 'in_call' | 'done' | 'cancelled';
  starts_at: Date;
  ends_at: Date;
  office_name_ca: string;
  office_name_es: string;
  office_name_en: string;
  office_address: string;
  service_code: string;
  service_name_ca: string;
  service_name_es: string;
  service_name_en: string;
  clerk_name: string | null;
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

  /** A slot with its office's ticket prefix, for booking it. */
  findSlot(db: Db, id: string): Promise<SlotRow | undefined> {
    return db('slots as s')
      .join('offices as o', 'o.id', 's.office_id')
      .select('s.id', 's.office_id', 's.clerk_id', 's.starts_at', 's.ends_at', 'o.ticket_prefix', db.raw('s.starts_at <= now() AS in_past'))
      .where('s.id', id)
      .first();
  }

  /**
   * Upcoming appointments one e-mail address holds for one procedure, counted under a lock on that
   * pair, so that concurrent bookings of the same person cannot all see none (fair access).
   */
  async lockAndCountActive(trx: Db, email: string, serviceId: string): Promise<number> {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`booking:${email.toLowerCase()}:${serviceId}`]);
    const row: { n: number } | undefined = await trx('appointments as a')
      .join('slots as s', 's.id', 'a.slot_id')
      .whereRaw('lower(a.citizen_email) = lower(?)', [email])
      .andWhere('a.service_id', serviceId)
      .whereIn('a.status', ['booked', 'in_call'])
      .andWhere('s.ends_at', '>', trx.fn.now())
      .first(trx.raw('count(*)::int AS n'));
    return row?.n ?? 0;
  }

  findAppointment(id: string): Promise<AppointmentRow | undefined> {
    return this.appointments().where('a.id', id).first();
  }

  /** Appointments by id, in the order of their start time. */
  findAppointments(ids: string[]): Promise<AppointmentRow[]> {
    return this.appointments().whereIn('a.id', ids).orderBy('s.starts_at');
  }

  private appointments() {
    return this.db('appointments as a')
      .join('slots as s', 's.id', 'a.slot_id')
      .join('tickets as t', 't.id', 'a.ticket_id')
      .join('offices as o', 'o.id', 'a.office_id')
      .join('services as v', 'v.id', 'a.service_id')
      .leftJoin('staff_users as c', 'c.id', 'a.clerk_id')
      .select(
        'a.id',
        'a.slot_id',
        'a.office_id',
        'a.service_id',
        'a.clerk_id',
        't.number as ticket_number',
        'a.citizen_name',
        'a.citizen_email',
        'a.language',
        'a.status',
        's.starts_at',
        's.ends_at',
        'o.name_ca as office_name_ca',
        'o.name_es as office_name_es',
        'o.name_en as office_name_en',
        'o.address as office_address',
        'v.code as service_code',
        'v.name_ca as service_name_ca',
        'v.name_es as service_name_es',
        'v.name_en as service_name_en',
        'c.name as clerk_name',
      );
  }
}
