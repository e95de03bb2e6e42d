import { z } from 'zod';

/** What main.ts sends its supervisor over the IPC channel once it is listening. */
export const ReadyMessage = z.object({ type: z.literal('ready'), port: z.number().int().min(1).max(65535) });
export type ReadyMessage = z.infer<typeof ReadyMessage>;
