import { z } from 'zod';
import { ACCEPTED_UPLOAD_TYPES } from '../limits';
import { Id, IsoDateTime, LocalizedText } from './common';

/** What made a version: the citizen's or a clerk's upload, or the office working on an earlier version. */
export const DocumentKind = z.enum(['upload', 'prepared', 'stamped', 'signed', 'sealed']);
export type DocumentKind = z.infer<typeof DocumentKind>;
export const UploaderKind = z.enum(['citizen', 'staff']);

/** Active content found in a PDF; kept and shown, or refused, by configuration. */
export const DocumentFlag = z.enum(['javascript', 'embedded_file']);
export type DocumentFlag = z.infer<typeof DocumentFlag>;

/** A place on a page, as fractions of the page from its top-left corner, so it fits any page size. */
export const PageBox = z
  .strictObject({
    page: z.number().int().min(0).max(9999),
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    width: z.number().min(0.05).max(1),
    height: z.number().min(0.02).max(1),
  })
  .refine((b) => b.x + b.width <= 1.0001 && b.y + b.height <= 1.0001, { message: 'The box must lie inside the page.' });
export type PageBox = z.infer<typeof PageBox>;

/**
 * One version of a document. Versions are never overwritten: a stamp, a signature or the seal each
 * add a version, and all versions of one document share its `documentId` (the first version's id).
 */
export const DocumentInfo = z.strictObject({
  id: Id,
  appointmentId: Id,
  documentId: Id,
  version: z.number().int().positive(),
  kind: DocumentKind,
  filename: z.string(),
  contentType: z.enum(ACCEPTED_UPLOAD_TYPES),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  uploadedBy: z.strictObject({ kind: UploaderKind, name: z.string() }),
  /** The version this one was made from. */
  sourceId: Id.nullable(),
  /** Why this version exists, in words (the stamp, the signature, the seal, an upload). */
  reason: z.string().nullable(),
  flags: z.array(DocumentFlag),
  pages: z.number().int().nonnegative().nullable(),
  /** The verification code (CSV) printed on a document the office issued; null for a plain upload. */
  verificationCode: z.string().nullable(),
  /** For a version the citizen signed: who, and when. */
  signature: z.strictObject({ signerName: z.string(), signedAt: IsoDateTime }).nullable(),
  /** A place the clerk asked the citizen to sign, still waiting for the signature. */
  signatureRequest: z.strictObject({ id: Id, box: PageBox, requestedAt: IsoDateTime }).nullable(),
  /** A deleted version keeps its row (the tombstone): who deleted it, when and why. Its bytes are gone. */
  deleted: z.strictObject({ at: IsoDateTime, byName: z.string(), reason: z.string() }).nullable(),
  createdAt: IsoDateTime,
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;
export const DocumentList = z.array(DocumentInfo);

export const AppointmentIdParams = z.strictObject({ appointmentId: Id });
export const ChecklistItemParams = z.strictObject({ appointmentId: Id, index: z.coerce.number().int().min(0).max(29) });

/** `inline` for the in-page viewer, `attachment` to save: the audit trail tells a view from a download. */
export const DocumentContentQuery = z.strictObject({ disposition: z.enum(['inline', 'attachment']).default('attachment') });

export const DeleteDocumentRequest = z.strictObject({ reason: z.string().trim().min(3).max(500) });

/** The documents the clerk can prepare from the ticket's data. */
export const TemplateName = z.enum(['certificate', 'request_form', 'receipt']);
export type TemplateName = z.infer<typeof TemplateName>;
export const PrepareDocumentRequest = z.strictObject({
  template: TemplateName,
  /** What the clerk writes into it: the certificate's statement, the request's subject, the receipt's concept. */
  text: z.string().trim().min(1).max(2000),
  /** An amount, for a receipt, in euros. */
  amount: z.number().nonnegative().max(1_000_000).optional(),
});

export const SignatureRequestBody = z.strictObject({ box: PageBox });

const SignatureImage = z
  .string()
  .max(400_000)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'A PNG data URL.');

/**
 * The citizen's signature: a drawing, or, without a pointer, their typed name confirmed. Either way
 * the browser sends the picture that goes on the page (the typed name drawn in a script hand).
 */
export const SignDocumentRequest = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('drawn'), image: SignatureImage }),
  z.strictObject({ method: z.literal('typed'), name: z.string().trim().min(2).max(120), confirm: z.literal(true), image: SignatureImage }),
]);
export type SignDocumentRequest = z.infer<typeof SignDocumentRequest>;

/** One item of the procedure's list of documents to bring, and whether the clerk has ticked it. */
export const ChecklistItem = z.strictObject({
  index: z.number().int().nonnegative(),
  label: LocalizedText,
  done: z.boolean(),
  documentId: Id.nullable(),
  checkedBy: z.string().nullable(),
  checkedAt: IsoDateTime.nullable(),
});
export const Checklist = z.array(ChecklistItem);
export const ChecklistUpdate = z.strictObject({ done: z.boolean(), documentId: Id.nullable().optional() });

/** The verification code as printed: four groups of four, letters and digits without look-alikes. */
export const VerificationCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$/, 'A code like ABCD-2345-EFGH-6789.');
export const VerifyParams = z.strictObject({ code: VerificationCode });

/** What anybody holding the code may know about a document the office issued. */
export const VerifiedDocument = z.strictObject({
  code: z.string(),
  filename: z.string(),
  ticketNumber: z.string(),
  office: LocalizedText,
  issuer: z.string(),
  issuedAt: IsoDateTime,
  /** The current version: the one that download returns. */
  sha256: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  kind: DocumentKind,
  sealed: z.boolean(),
  versions: z.array(z.strictObject({ version: z.number().int(), kind: DocumentKind, sha256: z.string(), createdAt: IsoDateTime })),
  deleted: z.boolean(),
});
export type VerifiedDocument = z.infer<typeof VerifiedDocument>;
