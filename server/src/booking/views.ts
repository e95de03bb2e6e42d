import type { CitizenAppointment, Office, Service, StaffAppointment } from '@oac/shared';
import type { AppointmentRow, OfficeRow, ServiceRow } from './repository';

export const iso = (d: Date): string => d.toISOString();

export function toOffice(r: OfficeRow): Office {
  return { id: r.id, slug: r.slug, kind: r.kind, name: { ca: r.name_ca, es: r.name_es, en: r.name_en }, address: r.address };
}

export function toService(r: ServiceRow): Service {
  return {
    id: r.id,
    officeId: r.office_id,
    code: r.code,
    name: { ca: r.name_ca, es: r.name_es, en: r.name_en },
    description: { ca: r.description_ca, es: r.description_es, en: r.description_en },
    durationMinutes: r.duration_minutes,
  };
}

function toAppointmentCore(r: AppointmentRow) {
  return {
    id: r.id,
    ticketNumber: r.ticket_number,
    status: r.status,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    citizenName: r.citizen_name,
  };
}

const officeName = (r: AppointmentRow) => ({ ca: r.office_name_ca, es: r.office_name_es, en: r.office_name_en });
const serviceName = (r: AppointmentRow) => ({ ca: r.service_name_ca, es: r.service_name_es, en: r.service_name_en });

export function toCitizenAppointment(r: AppointmentRow): CitizenAppointment {
  return {
    ...toAppointmentCore(r),
    office: { id: r.office_id, name: officeName(r), address: r.office_address },
    service: { id: r.service_id, name: serviceName(r) },
    clerkName: r.clerk_name,
  };
}

export function toStaffAppointment(r: AppointmentRow): StaffAppointment {
  return {
    ...toAppointmentCore(r),
    citizenEmail: r.citizen_email,
    language: r.language,
    office: { id: r.office_id, name: officeName(r) },
    service: { id: r.service_id, code: r.service_code, name: serviceName(r) },
    clerkId: r.clerk_id,
  };
}
