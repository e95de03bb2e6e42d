import type { Channel, LocalizedText, OfficeKind } from '@oac/shared';
import type { Runner } from '../appointments/repository';

export interface OfficeRow {
  id: string;
  slug: string;
  ticket_prefix: string;
  kind: OfficeKind;
  name_ca: string;
  name_es: string;
  name_en: string;
  address: string;
  time_zone: string;
  channels: Channel[];
  active: boolean;
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
  retention_days: number;
  active: boolean;
  office_ids: string[];
}

export type OfficeDetailsRow = Pick<OfficeRow, 'kind' | 'name_ca' | 'name_es' | 'name_en' | 'address'>;
export type NewOfficeRow = OfficeDetailsRow & Pick<OfficeRow, 'slug' | 'ticket_prefix' | 'time_zone' | 'channels' | 'active'>;
export type ServiceFieldsRow = Omit<ServiceRow, 'id' | 'code' | 'office_ids'>;

const OFFICE_COLUMNS = [
  'id',
  'slug',
  'ticket_prefix',
  'kind',
  'name_ca',
  'name_es',
  'name_en',
  'address',
  'time_zone',
  'channels',
  'active',
] as const;

const SERVICE_SELECT = `v.id, v.code, v.name_ca, v.name_es, v.name_en, v.description_ca, v.description_es, v.description_en,
  v.duration_minutes, v.channels, v.documents, v.retention_days, v.active,
  coalesce((SELECT array_agg(so.office_id ORDER BY so.office_id) FROM service_offices so WHERE so.service_id = v.id), '{}') AS office_ids`;

/** The offices and the procedure catalogue: every read and write of `offices`' own fields, `services` and `service_offices`. */
export class CatalogueRepository {
  offices(db: Runner): Promise<OfficeRow[]> {
    return db('offices').select(OFFICE_COLUMNS).orderBy('name_ca');
  }

  office(db: Runner, id: string): Promise<OfficeRow | undefined> {
    return db('offices').select(OFFICE_COLUMNS).where({ id }).first();
  }

  async officeIdsThatExist(db: Runner, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await db('offices').select('id').whereIn('id', ids);
    return new Set(rows.map((r) => r.id));
  }

  async insertOffice(trx: Runner, office: NewOfficeRow): Promise<string> {
    const [row] = await trx('offices').insert(office).returning('id');
    return row.id;
  }

  async updateOffice(trx: Runner, id: string, details: OfficeDetailsRow): Promise<void> {
    await trx('offices').where({ id }).update(details);
  }

  async services(db: Runner): Promise<ServiceRow[]> {
    const { rows } = await db.raw<{ rows: ServiceRow[] }>(`SELECT ${SERVICE_SELECT} FROM services v ORDER BY v.name_ca, v.code`);
    return rows;
  }

  /** One procedure; `lock` holds its row until the transaction ends, so two edits of it queue. */
  async service(db: Runner, id: string, lock = false): Promise<ServiceRow | undefined> {
    const { rows } = await db.raw<{ rows: ServiceRow[] }>(
      `SELECT ${SERVICE_SELECT} FROM services v WHERE v.id = ?${lock ? ' FOR UPDATE OF v' : ''}`,
      [id],
    );
    return rows[0];
  }

  async insertService(trx: Runner, code: string, fields: ServiceFieldsRow): Promise<string> {
    const [row] = await trx('services')
      .insert({ code, ...fields, documents: JSON.stringify(fields.documents) })
      .returning('id');
    return row.id;
  }

  async updateService(trx: Runner, id: string, fields: ServiceFieldsRow): Promise<void> {
    await trx('services')
      .where({ id })
      .update({ ...fields, documents: JSON.stringify(fields.documents) });
  }

  /** Makes exactly these offices offer the procedure. */
  async setServiceOffices(trx: Runner, serviceId: string, officeIds: string[]): Promise<void> {
    await trx('service_offices').where({ service_id: serviceId }).whereNotIn('office_id', officeIds).delete();
    if (officeIds.length) {
      await trx('service_offices')
        .insert(officeIds.map((office_id) => ({ service_id: serviceId, office_id })))
        .onConflict(['service_id', 'office_id'])
        .ignore();
    }
  }
}
