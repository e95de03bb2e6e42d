import { z } from 'zod';

export const ComponentHealth = z.strictObject({
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
  detail: z.string().optional(),
});

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
