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
