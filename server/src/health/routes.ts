import { routes, type HealthResponse } from '@oac/shared';
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

export function healthRoutes(probes: HealthProbes, version: string, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.health, resolve, async ({ res }) => {
    const [database, storage, media] = await Promise.all([probe(probes.database), probe(probes.storage), probe(probes.media)]);
    const workers = media.value?.workers ?? 0;
    const mediaOk = media.ok && workers > 0;
    const body: HealthResponse = {
      status: database.ok && storage.ok && mediaOk ? 'ok' : 'degraded',
      version,
      components: {
        database: { ok: database.ok, latencyMs: database.latencyMs, ...(database.detail ? { detail: database.detail } : {}) },
        storage: { ok: storage.ok, latencyMs: storage.latencyMs, ...(storage.detail ? { detail: storage.detail } : {}) },
        media: { ok: mediaOk, latencyMs: media.latencyMs, workers, ...(media.detail ? { detail: media.detail } : {}) },
      },
    };
    res.status(body.status === 'ok' ? 200 : 503);
    return body;
  });
  return router;
}
