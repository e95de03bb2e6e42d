import { z } from 'zod';

export const ComponentHealth = z.strictObject({
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
  detail: z.string().optional(),
});

/** What anybody may know: whether each part is up. No error text, no version (issue 11, §7). */
export const PublicHealth = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  components: z.strictObject({
    database: z.strictObject({ ok: z.boolean() }),
    storage: z.strictObject({ ok: z.boolean() }),
    media: z.strictObject({ ok: z.boolean() }),
  }),
});
export type PublicHealth = z.infer<typeof PublicHealth>;

/** What staff may know as well: latencies, the reason a part is down, the version. */
export const HealthResponse = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  components: z.strictObject({
    database: ComponentHealth,
    storage: ComponentHealth,
    media: ComponentHealth.extend({ workers: z.number().int().nonnegative() }),
  }),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
