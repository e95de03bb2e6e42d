import { z } from 'zod';
import { AppointmentStatus } from '../lifecycle';
import { LifecycleRulesSchema } from './appointments';
import { Channel, Id, IsoDate, IsoDateTime, LanguageSchema, LocalizedText, PersonName } from './common';
import { CallMode } from './live';

export const OfficeKind = z.enum(['oac', 'housing', 'district', 'other']);
export type OfficeKind = z.infer<typeof OfficeKind>;

export const Office = z.strictObject({
  id: Id,
  slug: z.string(),
  kind: OfficeKind,
  name: LocalizedText,
  address: z.string(),
  /** How the office serves citizens: by video, by phone, in person. */
  channels: z.array(Channel),
});
export type Office = z.infer<typeof Office>;
export const OfficeList = z.array(Office);

export const Service = z.strictObject({
  id: Id,
  officeId: Id,
  code: z.string(),
  name: LocalizedText,
  description: LocalizedText,
  durationMinutes: z.number().int().positive(),
  /** How the procedure can be done: by video, by phone, in person. */
  channels: z.array(Channel),
  /** What the citizen should have at hand for it. */
  documents: z.array(LocalizedText),
});
export type Service = z.infer<typeof Service>;
export const ServiceList = z.array(Service);

/** A procedure of the catalogue, with the offices that offer it: the citizen picks the procedure first. */
export const Procedure = Service.omit({ officeId: true }).extend({ offices: z.array(Office) });
export type Procedure = z.infer<typeof Procedure>;
export const ProcedureList = z.array(Procedure);

export const SlotQuery = z.strictObject({
  serviceId: Id,
  /** One office, or every office that offers the procedure when left out. */
  officeId: Id.optional(),
  from: IsoDate.optional(),
  days: z.coerce.number().int().min(1).max(31).optional(),
});
export type SlotQuery = z.infer<typeof SlotQuery>;

export const Slot = z.strictObject({
  id: Id,
  officeId: Id,
  /** Seats still free: more than one where several clerks are on shift for the procedure. */
  seatsLeft: z.number().int().positive(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
});
export type Slot = z.infer<typeof Slot>;
export const SlotList = z.array(Slot);

export const BookingRequest = z.strictObject({
  slotId: Id,
  serviceId: Id,
  name: PersonName,
  email: z.email().max(254),
  language: LanguageSchema.default('ca'),
  /** By video call, or in person at the office, where both the office and the procedure allow it. */
  channel: z.enum(['video', 'in_person']).default('video'),
});
export type BookingRequest = z.infer<typeof BookingRequest>;

/** What every view of an appointment shows: its ticket, state and time, and who asked for it. */
export const AppointmentCore = z.strictObject({
  id: Id,
  ticketNumber: z.string(),
  status: AppointmentStatus,
  /** By video (the call), or in person at the office (Habitatge et truca's follow-up visit). */
  channel: Channel,
  /** A video call's mode: `chat` for chat help (attend me now), until its clerk turns it into video. */
  callMode: CallMode,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  citizenName: z.string(),
});

/** What the citizen sees of their own appointment, through their private link. */
export const CitizenAppointment = AppointmentCore.extend({
  office: z.strictObject({ id: Id, name: LocalizedText, address: z.string(), timeZone: z.string() }),
  service: z.strictObject({ id: Id, name: LocalizedText }),
  clerkName: z.string().nullable(),
  /** The language the citizen booked in: their page speaks it until they choose another. */
  language: LanguageSchema,
  /** When the clerk ended it, for an appointment that is done or missed. */
  endedAt: IsoDateTime.nullable(),
  rules: LifecycleRulesSchema,
});
export type CitizenAppointment = z.infer<typeof CitizenAppointment>;

export const BookingResponse = z.strictObject({
  appointment: CitizenAppointment,
  /** The citizen's private token; shown once, stored only as a hash. */
  token: z.string(),
  /** Path of the citizen's private page, relative to the site root. */
  link: z.string(),
  /** The address the confirmation with the link is being e-mailed to, or null when the platform sends no e-mail. */
  emailedTo: z.string().nullable(),
});
export type BookingResponse = z.infer<typeof BookingResponse>;
