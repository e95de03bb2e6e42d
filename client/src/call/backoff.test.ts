import { describe, expect, it } from 'vitest';
import { Failure } from '../api/failure';
import { isTransient, retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('grows with each attempt up to ten seconds, jittered between half and all of the step', () => {
    const top = () => 1;
    const bottom = () => 0;
    expect([0, 1, 2, 3].map((n) => retryDelayMs(n, null, top))).toEqual([400, 600, 900, 1350]);
    expect(retryDelayMs(0, null, bottom)).toBe(200);
    expect(retryDelayMs(50, null, top)).toBe(10_000);
    expect(retryDelayMs(50, null, bottom)).toBe(5_000);
  });

  it('never retries sooner than the server asked', () => {
    const busy = new Failure('media_busy', 'no port', 503, { retryAfterSeconds: 3 });
    expect(retryDelayMs(0, busy, () => 1)).toBe(3_000);
    expect(retryDelayMs(20, busy, () => 1)).toBe(10_000);
  });
});

describe('isTransient', () => {
  it('retries outages, lost answers and busy servers, and never a refusal', () => {
    for (const code of [
      'media_unavailable',
      'media_busy',
      'database_unavailable',
      'storage_unavailable',
      'rate_limited',
      'timeout',
      'internal_error',
    ] as const) {
      expect(isTransient(new Failure(code, code)), code).toBe(true);
    }
    for (const code of [
      'forbidden',
      'appointment_not_found',
      'invalid_token',
      'unauthenticated',
      'room_full',
      'validation_error',
    ] as const) {
      expect(isTransient(new Failure(code, code)), code).toBe(false);
    }
  });
});
