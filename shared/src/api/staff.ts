import { z } from 'zod';
import { AppointmentCore } from './booking';
import { Id, IsoDate, LanguageSchema, LocalizedText } from './common';

export const AgendaQuery = z.strictObject({ date: IsoDate.optional() });
export type AgendaQuery = z.infer<typeof AgendaQuery>;

export const StaffAppointment = AppointmentCore.extend({
  citizenEmail: z.string(),
  language: LanguageSchema,
  office: z.strictObject({ id: Id, name: LocalizedText }),
  service: z.strictObject({ id: Id, code: z.string(), name: LocalizedText }),
  clerkId: Id.nullable(),
});
export type StaffAppointment = z.infer<typeof StaffAppointment>;

export const Agenda = z.strictObject({
  date: IsoDate,
  appointments: z.array(StaffAppointment),
});
export type Agenda = z.infer<typeof Agenda>;
