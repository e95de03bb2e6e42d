/*
 * How long a login must wait after failed attempts. The rules follow OWASP's guidance on
 * credential stuffing and on device cookies, so that an attacker who knows a clerk's e-mail
 * cannot lock that clerk out (issue 11, §4):
 *
 * - A browser where the account has logged in before holds a device cookie. Its attempts are
 *   counted on that device alone, so failures sent by anybody else never slow it down.
 * - Any other attempt is counted three ways: per (account, address) pair, per account across
 *   all addresses (so that a botnet gains little), and per address across all accounts (so that
 *   one address cannot spray every account).
 * - Past a few free failures, each further failure doubles the wait, up to a ceiling, and the
 *   count is forgotten after an hour without failures. There is no hard lock.
 */

export type ThrottleScope = 'device' | 'pair' | 'account' | 'address';

export interface ThrottleRule {
  /** Failures that cost nothing. */
  free: number;
}

export const LOGIN_RULES: Record<ThrottleScope, ThrottleRule> = {
  device: { free: 5 },
  pair: { free: 5 },
  account: { free: 10 },
  address: { free: 50 },
};

/** The first wait after the free failures; each further failure doubles it. */
export const BASE_DELAY_MS = 1_000;
/** The longest any wait gets. */
export const MAX_DELAY_MS = 15 * 60_000;
/** A counter with no failure for this long starts again from zero. */
export const FORGET_AFTER_MS = 60 * 60_000;

export interface FailureCounter {
  scope: ThrottleScope;
  failures: number;
  /** Epoch milliseconds of the latest failure. */
  lastAt: number;
}

/** The wait that `failures` failures impose after the latest one. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  const beyond = failures - rule.free;
  if (beyond <= 0) return 0;
  // 2^beyond overflows to Infinity long before it matters; min() keeps it at the ceiling.
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (beyond - 1));
}

/** The scopes an attempt is counted in: the device alone when the browser is trusted for the account. */
export function scopesFor(trustedDevice: boolean): ThrottleScope[] {
  return trustedDevice ? ['device'] : ['pair', 'account', 'address'];
}

/** Milliseconds until a login may be tried, given its counters; 0 when it may go on now. */
export function waitFor(counters: FailureCounter[], now: number): number {
  let wait = 0;
  for (const c of counters) {
    if (now - c.lastAt >= FORGET_AFTER_MS) continue;
    wait = Math.max(wait, c.lastAt + delayAfter(c.failures, LOGIN_RULES[c.scope]) - now);
  }
  return Math.max(0, wait);
}
