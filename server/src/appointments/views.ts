import { TIME_ZONE, type CitizenAppointment, type LifecycleRules, type StaffAppointment } from '@oac/shared';
import type { AppointmentRow } from './repository';

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

function core(r: AppointmentRow) {
  return {
    id: r.id,
    ticketNumber: r.ticket_number,
    status: r.status,
    channel: r.channel,
    callMode: r.call_mode,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    citizenName: r.citizen_name,
  };
}

const officeName = (r: AppointmentRow) => ({ ca: r.office_name_ca, es: r.office_name_es, en: r.office_name_en });
const serviceName = (r: AppointmentRow) => ({ ca: r.service_name_ca, es: r.service_name_es, en: r.service_name_en });

/** What the citizen sees of their own appointment. Never the staff's notes. */
export function toCitizenAppointment(r: AppointmentRow, rules: LifecycleRules): CitizenAppointment {
  return {
    ...core(r),
    office: { id: r.office_id, name: officeName(r), address: r.office_address, timeZone: TIME_ZONE },
    service: { id: r.service_id, name: serviceName(r) },
    clerkName: r.clerk_name,
    language: r.language,
    endedAt: isoOrNull(r.ended_at),
    rules: { ...rules },
  };
}

export function toStaffAppointment(r: AppointmentRow, rules: LifecycleRules): StaffAppointment {
  return {
    ...core(r),
    citizenEmail: r.citizen_email,
    language: r.language,
    office: { id: r.office_id, name: officeName(r) },
    service: { id: r.service_id, code: r.service_code, name: serviceName(r) },
    clerkId: r.clerk_id,
    checkedInAt: isoOrNull(r.checked_in_at),
    endedAt: isoOrNull(r.ended_at),
    notes: r.staff_notes,
    rules: { ...rules },
  };
}
