import { isRetryable } from '@oac/shared';
import type { Failure } from '../api/failure';

const BASE_MS = 400;
const FACTOR = 1.5;
const MAX_MS = 10_000;

/**
 * Whether a failed join or handshake passes by itself: a part of the platform restarting or busy,
 * a lost answer, or our own bug on the server (which a retry may not hit again). Everything else
 * (a refusal, a bad link) is final.
 */
export function isTransient(failure: Failure): boolean {
  return isRetryable(failure.code) || failure.code === 'timeout' || failure.code === 'internal_error' || failure.code === 'network_error';
}

/**
 * How long to wait before retry number `attempt` (0 first): growing by half each time up to ten
 * seconds, jittered so that a thousand browsers dropped at once do not come back at once, and
 * never sooner than the server asked (`retryAfterSeconds`).
 */
export function retryDelayMs(attempt: number, failure: Pick<Failure, 'details'> | null, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * FACTOR ** Math.max(0, attempt));
  const jittered = ceiling * (0.5 + random() / 2);
  const asked = (failure?.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return Math.round(Math.max(jittered, typeof asked === 'number' && asked > 0 ? asked * 1000 : 0));
}
