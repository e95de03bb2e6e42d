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

/** Liveness: the process answers. An orchestrator restarts a node that stops answering this. */
export const Liveness = z.strictObject({ status: z.literal('alive') });

/**
 * Readiness: whether this node should be sent new work. Not ready while a dependency is down, and
 * `draining` once it has been asked to stop (SIGTERM): its calls finish, new ones go elsewhere.
 */
export const Readiness = z.strictObject({
  status: z.enum(['ready', 'not_ready', 'draining']),
  components: PublicHealth.shape.components,
});
export type Readiness = z.infer<typeof Readiness>;
