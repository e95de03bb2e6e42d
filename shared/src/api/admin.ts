import { z } from 'zod';
import { StaffRole } from './auth';
import { OfficeKind } from './booking';
import { Channel, Id, LocalizedText, PersonName } from './common';
import { AffectedAppointment } from './scheduling';

/*
 * Issue 14: the offices, the procedure catalogue and the staff accounts, as schedulers and admins
 * manage them. Every string is bounded; the database's own rules (kinds, channels, durations,
 * unique codes and e-mails) come back as their own error codes.
 */

const Line = (max: number) => z.string().trim().min(1).max(max);

/** A short text in the three languages of the platform, none of them empty. */
export const LocalizedLine = z.strictObject({ ca: Line(200), es: Line(200), en: Line(200) });
/** A longer text in the three languages; it may be empty. */
export const LocalizedParagraph = z.strictObject({
  ca: z.string().trim().max(2000),
  es: z.string().trim().max(2000),
  en: z.string().trim().max(2000),
});

/** An office's names, address and kind; its zone, channels and activity are `setOfficeSettings`'. */
export const OfficeDetailsRequest = z.strictObject({ name: LocalizedLine, address: Line(300), kind: OfficeKind });
export type OfficeDetailsRequest = z.infer<typeof OfficeDetailsRequest>;

export const NewOffice = OfficeDetailsRequest.extend({
  /** The office's name in addresses and file names, e.g. `oac-sant-marti`. */
  slug: z
    .string()
    .min(2)
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lowercase letters and digits, joined by hyphens.'),
  /** The start of its ticket numbers, e.g. `SMA` in SMA-2026-000123. */
  ticketPrefix: z.string().regex(/^[A-Z]{2,8}$/, 'Two to eight capital letters.'),
  timeZone: z.string().min(1).max(64).default('Europe/Madrid'),
  channels: z.array(Channel).min(1).max(3).default(['video']),
});
export type NewOffice = z.infer<typeof NewOffice>;

export const AdminOffice = z.strictObject({
  id: Id,
  slug: z.string(),
  ticketPrefix: z.string(),
  name: LocalizedText,
  address: z.string(),
  kind: OfficeKind,
  timeZone: z.string(),
  channels: z.array(Channel),
  active: z.boolean(),
});
export type AdminOffice = z.infer<typeof AdminOffice>;
export const AdminOfficeList = z.array(AdminOffice);

/** One document a citizen should have at hand for a procedure. */
export const ServiceDocument = z.strictObject({ ca: Line(300), es: Line(300), en: Line(300) });

/** A procedure's own fields, which every office that offers it shares. */
export const ServiceFields = z.strictObject({
  name: LocalizedLine,
  description: LocalizedParagraph,
  /** One appointment's length; slots are cut to it. */
  durationMinutes: z.number().int().min(5).max(480),
  channels: z.array(Channel).min(1).max(3),
  documents: z.array(ServiceDocument).max(30),
  /** How long the documents of its appointments are kept. */
  retentionDays: z.number().int().min(1).max(36_500),
  active: z.boolean(),
});
export type ServiceFields = z.infer<typeof ServiceFields>;

export const ServiceCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/, 'Capital letters, digits and underscores.');
export const NewCatalogueService = ServiceFields.extend({ code: ServiceCode, officeIds: z.array(Id).max(100) });
export type NewCatalogueService = z.infer<typeof NewCatalogueService>;

export const ServiceOfficesRequest = z.strictObject({ officeIds: z.array(Id).max(100) });
export type ServiceOfficesRequest = z.infer<typeof ServiceOfficesRequest>;

export const CatalogueEntry = ServiceFields.extend({
  id: Id,
  code: z.string(),
  name: LocalizedText,
  description: LocalizedText,
  documents: z.array(LocalizedText),
  /** The offices that offer it. */
  officeIds: z.array(Id),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;
export const CatalogueEntryList = z.array(CatalogueEntry);

/** What a catalogue change answers: the procedure as it is now, and the bookings it left without a slot. */
export const CatalogueChange = z.strictObject({ service: CatalogueEntry, affected: z.array(AffectedAppointment) });
export type CatalogueChange = z.infer<typeof CatalogueChange>;

export const StaffAccount = z.strictObject({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: StaffRole,
  officeId: Id.nullable(),
  active: z.boolean(),
});
export type StaffAccount = z.infer<typeof StaffAccount>;
export const StaffAccountList = z.array(StaffAccount);

export const NewStaffAccount = z.strictObject({
  email: z.email().max(254),
  name: PersonName,
  role: StaffRole,
  /** Clerks and schedulers work at one office; an admin may have none. */
  officeId: Id.nullable(),
});
export type NewStaffAccount = z.infer<typeof NewStaffAccount>;

/** A change of a staff account: any of its name, role and office. */
export const StaffAccountChange = z.strictObject({
  name: PersonName.optional(),
  role: StaffRole.optional(),
  officeId: Id.nullable().optional(),
});
export type StaffAccountChange = z.infer<typeof StaffAccountChange>;

export const StaffActiveRequest = z.strictObject({ active: z.boolean() });

/** An account with the password it was just given: shown once to whoever set it, stored only as a hash. */
export const StaffCredentials = z.strictObject({ account: StaffAccount, password: z.string() });
export type StaffCredentials = z.infer<typeof StaffCredentials>;
