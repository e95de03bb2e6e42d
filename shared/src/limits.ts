/** Largest upload the platform accepts, in bytes. Larger ones get 413 payload_too_large. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** Upload types, detected from the file's first bytes, never from its name. */
export const ACCEPTED_UPLOAD_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/heic'] as const;
export type UploadType = (typeof ACCEPTED_UPLOAD_TYPES)[number];

export const LANGUAGES = ['ca', 'es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The council's offices all run on one wall clock. */
export const TIME_ZONE = 'Europe/Madrid';
