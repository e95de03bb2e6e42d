import type { Office, Procedure, Service } from '@oac/shared';
import type { OfficeRow, ServiceRow } from './repository';

export const iso = (d: Date): string => d.toISOString();

export function toOffice(r: OfficeRow): Office {
  return {
    id: r.id,
    slug: r.slug,
    kind: r.kind,
    name: { ca: r.name_ca, es: r.name_es, en: r.name_en },
    address: r.address,
    channels: r.channels,
  };
}

/** A procedure as one office offers it (the catalogue is shared by several offices). */
export function toService(r: ServiceRow, officeId: string): Service {
  return {
    id: r.id,
    officeId,
    code: r.code,
    name: { ca: r.name_ca, es: r.name_es, en: r.name_en },
    description: { ca: r.description_ca, es: r.description_es, en: r.description_en },
    durationMinutes: r.duration_minutes,
    channels: r.channels,
    documents: r.documents,
  };
}

export function toProcedure(r: ServiceRow & { offices: OfficeRow[] }): Procedure {
  const { officeId: _office, ...service } = toService(r, '');
  return { ...service, offices: r.offices.map(toOffice) };
}
