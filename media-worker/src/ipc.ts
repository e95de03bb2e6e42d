import { z } from 'zod';

/** What main.ts sends its supervisor over the IPC channel once it is listening. */
export const ReadyMessage = z.object({ type: z.literal('ready'), port: z.number().int().min(1).max(65535) });
export type ReadyMessage = z.infer<typeof ReadyMessage>;

/** What the supervisor sends a standby child to make it the media worker (see spawn.ts). */
export const ActivateMessage = z.object({ type: z.literal('activate') });
export type ActivateMessage = z.infer<typeof ActivateMessage>;

/** Set in a child's environment to start it as a standby: loaded, but not listening until activated. */
export const STANDBY_ENV = 'MEDIA_WORKER_STANDBY';
