import { z } from 'zod';
import { LANGUAGES } from '../limits';

export const Id = z.uuid();
export const LanguageSchema = z.enum(LANGUAGES);
export const LocalizedText = z.strictObject({ ca: z.string(), es: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();

export const ErrorResponseSchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const IdParams = z.strictObject({ id: Id });
export const OfficeIdParams = z.strictObject({ officeId: Id });
