import { z } from 'zod';
import { Outcome } from '../lifecycle';
import { Id, IsoDateTime } from './common';

/** The rules of the appointment's life in force, so a page can tell what is possible when. */
export const LifecycleRulesSchema = z.strictObject({
  joinWindowMinutes: z.number().int().nonnegative(),
  noShowAfterMinutes: z.number().int().nonnegative(),
  changeCutoffMinutes: z.number().int().nonnegative(),
});

export const RescheduleRequest = z.strictObject({ slotId: Id });
export type RescheduleRequest = z.infer<typeof RescheduleRequest>;

export const EndAppointmentRequest = z.strictObject({ outcome: Outcome });
export type EndAppointmentRequest = z.infer<typeof EndAppointmentRequest>;

export const NotesRequest = z.strictObject({ notes: z.string().max(4_000) });
export type NotesRequest = z.infer<typeof NotesRequest>;

export const AuditActorKind = z.enum(['citizen', 'staff', 'system']);

/** One line of an appointment's history: who did what, when, from which state to which. */
export const AuditEntry = z.strictObject({
  at: IsoDateTime,
  actor: z.strictObject({ kind: AuditActorKind, name: z.string() }),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AppointmentHistory = z.array(AuditEntry);

/** A lost link: the ticket number and e-mail of the booking; the answer is the same whether they match or not. */
export const LostLinkRequest = z.strictObject({
  ticketNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,6}-\d{4}-\d{6}$/),
  email: z.email().max(254),
});
export type LostLinkRequest = z.infer<typeof LostLinkRequest>;
