import { z } from 'zod';
import { Id, IsoDateTime } from './common';

/** The longest lobby message a clerk may write, in characters. */
export const LOBBY_MESSAGE_MAX_LENGTH = 500;

/** What a clerk shows the citizens who wait for them: their own message (null: the standard one) and whether they are away. */
export const LobbySettings = z.strictObject({
  message: z.string().trim().min(1).max(LOBBY_MESSAGE_MAX_LENGTH).nullable(),
  away: z.boolean(),
});
export type LobbySettings = z.infer<typeof LobbySettings>;

export const IdentityDocumentType = z.enum(['dni', 'nie', 'passport', 'other']);
export type IdentityDocumentType = z.infer<typeof IdentityDocumentType>;

/** The clerk checked the citizen's identity document on camera. No image is ever stored: only who, when and which kind. */
export const IdentityCheckRequest = z.strictObject({ documentType: IdentityDocumentType });
export const IdentityCheck = z.strictObject({
  id: Id,
  documentType: IdentityDocumentType,
  checkedBy: z.string(),
  checkedAt: IsoDateTime,
});
export type IdentityCheck = z.infer<typeof IdentityCheck>;
export const IdentityCheckList = z.strictObject({ checks: z.array(IdentityCheck) });
