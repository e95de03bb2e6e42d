import { describe, expect, it } from 'vitest';
import { BASE_DELAY_MS, FORGET_AFTER_MS, LOGIN_RULES, MAX_DELAY_MS, delayAfter, scopesFor, waitFor } from './throttle';

const NOW = 10_000_000_000;

describe('delayAfter', () => {
  it('costs nothing up to the free failures, then doubles from the base delay, up to the ceiling', () => {
    const rule = { free: 3 };
    expect([0, 1, 2, 3].map((n) => delayAfter(n, rule))).toEqual([0, 0, 0, 0]);
    expect([4, 5, 6, 7].map((n) => delayAfter(n, rule))).toEqual([1, 2, 4, 8].map((k) => k * BASE_DELAY_MS));
    expect(delayAfter(40, rule)).toBe(MAX_DELAY_MS);
    expect(delayAfter(100_000, rule)).toBe(MAX_DELAY_MS);
  });
});

describe('scopesFor', () => {
  it('counts a trusted browser on its device alone, and anything else per pair, account and address', () => {
    expect(scopesFor(true)).toEqual(['device']);
    expect(scopesFor(false)).toEqual(['pair', 'account', 'address']);
  });
});

describe('waitFor', () => {
  it('is 0 with no counters, and with counters under their free failures', () => {
    expect(waitFor([], NOW)).toBe(0);
    expect(waitFor([{ scope: 'account', failures: LOGIN_RULES.account.free, lastAt: NOW }], NOW)).toBe(0);
  });

  it('is the longest remaining wait of all counters', () => {
    const free = LOGIN_RULES.pair.free;
    const counters = [
      { scope: 'pair' as const, failures: free + 3, lastAt: NOW - 1_000 }, // 4 s after the last, 3 s left
      { scope: 'address' as const, failures: LOGIN_RULES.address.free + 1, lastAt: NOW }, // 1 s left
    ];
    expect(waitFor(counters, NOW)).toBe(3_000);
    expect(waitFor(counters, NOW + 3_000)).toBe(0);
  });

  it('forgets a counter an hour after its last failure', () => {
    const counter = { scope: 'account' as const, failures: 500, lastAt: NOW };
    expect(waitFor([counter], NOW + MAX_DELAY_MS - 1)).toBe(1);
    expect(waitFor([counter], NOW + FORGET_AFTER_MS)).toBe(0);
  });

  it('never locks the owner of a trusted device out over failures counted elsewhere', () => {
    const attack = [
      { scope: 'account' as const, failures: 10_000, lastAt: NOW },
      { scope: 'address' as const, failures: 10_000, lastAt: NOW },
    ];
    const counted = new Set(scopesFor(true));
    expect(
      waitFor(
        attack.filter((c) => counted.has(c.scope)),
        NOW,
      ),
    ).toBe(0);
    expect(waitFor(attack, NOW)).toBe(MAX_DELAY_MS);
  });
});
