import { createHash } from 'node:crypto';
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

  /** Gives a hit back, for an attempt that failed for a reason that must not cost the caller. */
  async refund(quota: Quota, value: string): Promise<void> {
    await this.db.raw(
      `UPDATE rate_limit_hits SET hits = greatest(hits - 1, 0)
       WHERE bucket = :bucket AND key = :key AND window_start = to_timestamp(floor(extract(epoch FROM now()) / :window) * :window)`,
      { bucket: quota.bucket, key: quotaKey(value), window: quota.windowSeconds },
    );
  }

  /** Windows older than a day are of no use to any quota; drop them every so often. */
  async #sweepNowAndThen(): Promise<void> {
    this.#hitsSinceSweep += 1;
    if (this.#hitsSinceSweep < 500) return;
    this.#hitsSinceSweep = 0;
    await this.db('rate_limit_hits').where('window_start', '<', this.db.raw("now() - interval '2 days'")).delete();
  }
}
