import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { TIME_ZONE, type Language } from '@oac/shared';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { AppointmentRow } from './repository';

/*
 * The appointment as an iCalendar object (RFC 5545), made with ical-generator: never written by
 * hand. One stable UID per appointment and its revision as SEQUENCE, so that a calendar replaces
 * the event when the appointment moves and removes it when it is cancelled; times in the office's
 * own zone, with its VTIMEZONE.
 */

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
};

const copy: Record<Language, { summary: (service: string) => string; location: (office: string) => string; join: string }> = {
  ca: { summary: (s) => `Videotrucada: ${s}`, location: (o) => `Videotrucada · ${o}`, join: 'Entreu a la cita des d’aquest enllaç:' },
  es: { summary: (s) => `Videollamada: ${s}`, location: (o) => `Videollamada · ${o}`, join: 'Entre en la cita desde este enlace:' },
  en: { summary: (s) => `Video call: ${s}`, location: (o) => `Video call · ${o}`, join: 'Join the appointment from this link:' },
};

export function appointmentUid(appointmentId: string): string {
  return `${appointmentId}@oac-et-truca`;
}

export interface CalendarOptions {
  method: CalendarMethod;
  /** The citizen's page; for a download, null (the page is where it was downloaded from). */
  url: string | null;
  /** The council's sender, as the organiser of the event. */
  organizer: { name: string; email: string };
}

export function appointmentCalendar(row: AppointmentRow, options: CalendarOptions): string {
  const language = row.language;
  const c = copy[language];
  const service = { ca: row.service_name_ca, es: row.service_name_es, en: row.service_name_en }[language];
  const office = { ca: row.office_name_ca, es: row.office_name_es, en: row.office_name_en }[language];
  const calendar = new ICalCalendar({ prodId: { company: 'Ajuntament', product: 'OAC et truca', language: language.toUpperCase() } });
  calendar.method(METHODS[options.method]);
  // No calendar-wide zone, so DTSTAMP stays in UTC as RFC 5545 asks; the event's own zone gets its VTIMEZONE.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  const cancelled = options.method === 'CANCEL' || row.status === 'cancelled';
  calendar.createEvent({
    id: appointmentUid(row.id),
    sequence: row.revision,
    // As luxon dates in the office's zone: ical-generator would read a plain Date in the process's own zone.
    start: DateTime.fromJSDate(row.starts_at, { zone: TIME_ZONE }),
    end: DateTime.fromJSDate(row.ends_at, { zone: TIME_ZONE }),
    timezone: TIME_ZONE,
    summary: `${c.summary(service)} (${row.ticket_number})`,
    location: c.location(office),
    description: options.url ? `${c.join}\n${options.url}` : `${row.ticket_number} · ${office}`,
    url: options.url,
    organizer: options.organizer,
    attendees: options.method === 'PUBLISH' ? [] : [{ email: row.citizen_email, name: row.citizen_name, rsvp: false }],
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
