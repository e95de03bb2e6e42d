import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle';

describe('LoginThrottle', () => {
  it('lets a key fail up to the limit, then makes it wait until the oldest failure leaves the window', () => {
    let now = 1_000_000;
    const t = new LoginThrottle({ maxFailures: 3, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(t.waitFor('a@x')).toBe(0);
      t.fail('a@x');
      now += 1_000;
    }
    expect(t.waitFor('a@x')).toBe(57_000);
    expect(t.waitFor('b@x')).toBe(0);
    now += 57_000;
    expect(t.waitFor('a@x')).toBe(0);
  });

  it('forgets a key after a success', () => {
    const t = new LoginThrottle({ maxFailures: 1, windowMs: 60_000 });
    t.fail('a@x');
    expect(t.waitFor('a@x')).toBeGreaterThan(0);
    t.succeed('a@x');
    expect(t.waitFor('a@x')).toBe(0);
  });

  it('keeps at most maxKeys keys', () => {
    const t = new LoginThrottle({ maxFailures: 1, windowMs: 60_000, maxKeys: 2 });
    t.fail('a');
    t.fail('b');
    t.fail('c');
    expect(t.waitFor('a')).toBe(0);
    expect(t.waitFor('c')).toBeGreaterThan(0);
  });
});
