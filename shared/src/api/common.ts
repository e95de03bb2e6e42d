import { z } from 'zod';
import { LANGUAGES } from '../limits';

export const Id = z.uuid();
export const LanguageSchema = z.enum(LANGUAGES);
export const LocalizedText = z.strictObject({ ca: z.string(), es: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();

/** How an office or a procedure serves citizens. */
export const Channel = z.enum(['video', 'phone', 'in_person']);
export type Channel = z.infer<typeof Channel>;

export const ErrorResponseSchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/**
 * A person's name: one line of letters, with the spaces, hyphens, apostrophes, dots and the
 * Catalan middle dot (Gal·la) that names have. No digits, no symbols, no control or
 * direction-changing characters: a name is pasted into council-branded e-mail (issue 11, §3).
 */
export const PersonName = z
  .string()
  .trim()
  .normalize('NFC')
  .min(2)
  .max(120)
  .regex(/^\p{L}[\p{L}\p{M} '’.·-]*$/u, 'Only letters, spaces, hyphens, apostrophes and dots.')
  .transform((name) => name.replace(/ {2,}/g, ' '));

export const IdParams = z.strictObject({ id: Id });
export const OfficeIdParams = z.strictObject({ officeId: Id });
