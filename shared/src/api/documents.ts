import { z } from 'zod';
import { ACCEPTED_UPLOAD_TYPES } from '../limits';
import { Id, IsoDateTime } from './common';

export const DocumentKind = z.enum(['upload', 'stamped']);
export const UploaderKind = z.enum(['citizen', 'staff']);

export const DocumentInfo = z.strictObject({
  id: Id,
  appointmentId: Id,
  kind: DocumentKind,
  filename: z.string(),
  contentType: z.enum(ACCEPTED_UPLOAD_TYPES),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  uploadedBy: z.strictObject({ kind: UploaderKind, name: z.string() }),
  /** For a stamped document, the upload it was stamped from. */
  sourceId: Id.nullable(),
  createdAt: IsoDateTime,
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;
export const DocumentList = z.array(DocumentInfo);

export const AppointmentIdParams = z.strictObject({ appointmentId: Id });
