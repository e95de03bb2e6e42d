import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through at once, then refuses until tokens come back at the average rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.waitMs).toBe(100);
    now += 50;
    expect(bucket.take()).toBe(false);
    expect(bucket.waitMs).toBe(50);
    now += 50;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never holds more than the burst, however long it stays idle', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 100, burst: 2 }, () => now);
    now += 60_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });

  it('sustains exactly the average rate over time', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 20, burst: 5 }, () => now);
    let taken = 0;
    for (let ms = 0; ms < 10_000; ms += 1) {
      now = ms;
      if (bucket.take()) taken += 1;
    }
    expect(taken).toBeGreaterThanOrEqual(5 + 199);
    expect(taken).toBeLessThanOrEqual(5 + 200);
  });
});
