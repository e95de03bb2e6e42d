import { z } from 'zod';
import { AppointmentCore } from './booking';
import { LifecycleRulesSchema } from './appointments';
import { Id, IsoDate, IsoDateTime, LanguageSchema, LocalizedText } from './common';

export const AgendaQuery = z.strictObject({ date: IsoDate.optional() });
export type AgendaQuery = z.infer<typeof AgendaQuery>;

export const StaffAppointment = AppointmentCore.extend({
  citizenEmail: z.string(),
  language: LanguageSchema,
  office: z.strictObject({ id: Id, name: LocalizedText }),
  service: z.strictObject({ id: Id, code: z.string(), name: LocalizedText }),
  clerkId: Id.nullable(),
  /** Since when the citizen is waiting, or was, in this call. */
  checkedInAt: IsoDateTime.nullable(),
  endedAt: IsoDateTime.nullable(),
  /** Internal to staff; never shown to the citizen. */
  notes: z.string(),
  rules: LifecycleRulesSchema,
});
export type StaffAppointment = z.infer<typeof StaffAppointment>;

/** Habitatge et truca: the in-person visit booked after a video appointment, under the same ticket. */
export const InPersonRequest = z.strictObject({ slotId: Id });
export const InPersonResponse = z.strictObject({
  appointment: StaffAppointment,
  /** The address the confirmation goes to, or null when the platform sends no e-mail. */
  emailedTo: z.string().nullable(),
});
export type InPersonResponse = z.infer<typeof InPersonResponse>;

export const Agenda = z.strictObject({
  date: IsoDate,
  appointments: z.array(StaffAppointment),
});
export type Agenda = z.infer<typeof Agenda>;
