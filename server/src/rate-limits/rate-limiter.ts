import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';

export interface Quota {
  /** What is counted: `booking_address`, `mail_recipient`, ... */
  bucket: string;
  /** Most hits allowed in one window. */
  limit: number;
  windowSeconds: number;
}

export interface QuotaHit {
  allowed: boolean;
  /** Seconds until the current window ends, when a refused caller may try again. */
  retryAfterSeconds: number;
}

/** Keys are stored hashed: a counter must not keep an e-mail or an address in clear. */
export function quotaKey(value: string): string {
  return createHash('sha256').update(value.toLowerCase()).digest('hex');
}

/**
 * Fixed-window counters in PostgreSQL, so that every server node counts the same hits. One hit is
 * one atomic upsert: concurrent requests can never all slip under the limit together.
 */
export class RateLimiter {
  #hitsSinceSweep = 0;

  constructor(private readonly db: Db) {}

  async hit(quota: Quota, value: string): Promise<QuotaHit> {
    const { rows } = await this.db.raw<{ rows: { hits: number; retry_after: number }[] }>(
      `INSERT INTO rate_limit_hits (bucket, key, window_start, hits)
       VALUES (:bucket, :key, to_timestamp(floor(extract(epoch FROM now()) / :window) * :window), 1)
       ON CONFLICT (bucket, key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
       RETURNING hits, ceil(extract(epoch FROM window_start) + :window - extract(epoch FROM now()))::int AS retry_after`,
      { bucket: quota.bucket, key: quotaKey(value), window: quota.windowSeconds },
    );
    await this.#sweepNowAndThen();
    const row = rows[0]!;
    return { allowed: row.hits <= quota.limit, retryAfterSeconds: Math.max(1, row.retry_after) };
  }

  /** Whether `value` is still under the quota, without counting a hit: for limits that only failures spend. */
  async peek(quota: Quota, value: string): Promise<QuotaHit> {
    const { rows } = await this.db.raw<{ rows: { hits: number; retry_after: number }[] }>(
      `SELECT hits, ceil(extract(epoch FROM window_start) + :window - extract(epoch FROM now()))::int AS retry_after
       FROM rate_limit_hits
       WHERE bucket = :bucket AND key = :key AND window_start = to_timestamp(floor(extract(epoch FROM now()) / :window) * :window)`,
      { bucket: quota.bucket, key: quotaKey(value), window: quota.windowSeconds },
    );
    const row = rows[0];
    return { allowed: !row || row.hits < quota.limit, retryAfterSeconds: Math.max(1, row?.retry_after ?? 1) };
  }

  /**
   * Several hits in one statement: a booking counts against its address, its e-mail and the
   * recipient's mail at once. Same results as `hit` for each. Inside the caller's transaction, the
   * hits stand or fall with it: an attempt that books nothing costs nothing, and the same caller's
   * concurrent attempts wait for each other on the counter rows, so they are counted one by one.
   */
  async hitAll(hits: [Quota, string][], runner: Db | Knex.Transaction = this.db): Promise<QuotaHit[]> {
    if (hits.length === 0) return [];
    const values = hits.map(() => '(?, ?, to_timestamp(floor(extract(epoch FROM now()) / ?) * ?), 1, ?::int)').join(', ');
    const bindings = hits.flatMap(([q, v]) => [q.bucket, quotaKey(v), q.windowSeconds, q.windowSeconds, q.windowSeconds]);
    const { rows } = await runner.raw<{ rows: { bucket: string; key: string; hits: number; retry_after: number }[] }>(
      `WITH input (bucket, key, window_start, hits, window_seconds) AS (VALUES ${values}),
       upserted AS (
         INSERT INTO rate_limit_hits (bucket, key, window_start, hits)
         SELECT bucket, key, window_start, hits FROM input
         ON CONFLICT (bucket, key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
         RETURNING bucket, key, hits, window_start)
       SELECT u.bucket, u.key, u.hits,
              ceil(extract(epoch FROM u.window_start) + i.window_seconds - extract(epoch FROM now()))::int AS retry_after
       FROM upserted u JOIN input i USING (bucket, key)`,
      bindings,
    );
    await this.#sweepNowAndThen();
    return hits.map(([q, v]) => {
      const row = rows.find((r) => r.bucket === q.bucket && r.key === quotaKey(v))!;
      return { allowed: row.hits <= q.limit, retryAfterSeconds: Math.max(1, row.retry_after) };
    });
  }

  /** Windows older than a day are of no use to any quota; drop them every so often. */
  async #sweepNowAndThen(): Promise<void> {
    this.#hitsSinceSweep += 1;
    if (this.#hitsSinceSweep < 500) return;
    this.#hitsSinceSweep = 0;
    await this.db('rate_limit_hits').where('window_start', '<', this.db.raw("now() - interval '2 days'")).delete();
  }
}
