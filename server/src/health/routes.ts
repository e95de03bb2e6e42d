import { routes, type HealthResponse, type PublicHealth, type Readiness } from '@oac/shared';
import { Router } from 'express';
import { register, type PrincipalResolver } from '../http/route';

export interface HealthProbes {
  database(): Promise<void>;
  storage(): Promise<void>;
  media(): Promise<{ workers: number }>;
}

const PROBE_TIMEOUT_MS = 2_000;

async function probe<T>(fn: () => Promise<T>): Promise<{ ok: boolean; latencyMs: number | null; detail?: string; value?: T }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const value = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started), value };
  } catch (err) {
    return { ok: false, latencyMs: null, detail: (err as Error).message?.slice(0, 200) || 'unavailable' };
  } finally {
    clearTimeout(timer);
  }
}

async function check(probes: HealthProbes, version: string): Promise<HealthResponse> {
  const [database, storage, media] = await Promise.all([probe(probes.database), probe(probes.storage), probe(probes.media)]);
  const workers = media.value?.workers ?? 0;
  const mediaOk = media.ok && workers > 0;
  return {
    status: database.ok && storage.ok && mediaOk ? 'ok' : 'degraded',
    version,
    components: {
      database: { ok: database.ok, latencyMs: database.latencyMs, ...(database.detail ? { detail: database.detail } : {}) },
      storage: { ok: storage.ok, latencyMs: storage.latencyMs, ...(storage.detail ? { detail: storage.detail } : {}) },
      media: { ok: mediaOk, latencyMs: media.latencyMs, workers, ...(media.detail ? { detail: media.detail } : {}) },
    },
  };
}

/**
 * The public health shows states only; the reasons (raw error text) are for staff (issue 11, §7).
 * Liveness asks nothing of the dependencies, so a database outage does not get every node
 * restarted; readiness does, and says `draining` once the node is stopping (`isDraining`).
 */
export function healthRoutes(
  probes: HealthProbes,
  version: string,
  resolve: PrincipalResolver,
  isDraining: () => boolean = () => false,
): Router {
  const router = Router();
  register(router, routes.healthLive, resolve, async () => ({ status: 'alive' as const }));
  register(router, routes.healthReady, resolve, async ({ res }) => {
    const c = (await check(probes, version)).components;
    const up = c.database.ok && c.storage.ok && c.media.ok;
    const status: Readiness['status'] = isDraining() ? 'draining' : up ? 'ready' : 'not_ready';
    res.status(status === 'ready' ? 200 : 503);
    return { status, components: { database: { ok: c.database.ok }, storage: { ok: c.storage.ok }, media: { ok: c.media.ok } } };
  });
  register(router, routes.health, resolve, async ({ res }) => {
    const full = await check(probes, version);
    res.status(full.status === 'ok' ? 200 : 503);
    const c = full.components;
    return {
      status: full.status,
      components: { database: { ok: c.database.ok }, storage: { ok: c.storage.ok }, media: { ok: c.media.ok } },
    } satisfies PublicHealth;
  });
  register(router, routes.healthDetails, resolve, async ({ res }) => {
    const full = await check(probes, version);
    res.status(full.status === 'ok' ? 200 : 503);
    return full;
  });
  return router;
}
