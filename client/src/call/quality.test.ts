import { describe, expect, it } from 'vitest';
import { qualityOf } from './quality';

const base = { sendKbps: 900, recvKbps: 1200, loss: 0, rttMs: 40 };

describe('qualityOf', () => {
  it('is good with little loss and a short round trip', () => {
    expect(qualityOf(base)).toEqual({ level: 'good', sendKbps: 900, recvKbps: 1200, lossPercent: 0, rttMs: 40 });
    expect(qualityOf({ ...base, rttMs: null }).level).toBe('good');
  });

  it('is fair from 2 % loss or 300 ms, and poor from 8 % or 600 ms', () => {
    expect(qualityOf({ ...base, loss: 0.021 }).level).toBe('fair');
    expect(qualityOf({ ...base, rttMs: 301 }).level).toBe('fair');
    expect(qualityOf({ ...base, loss: 0.081 })).toMatchObject({ level: 'poor', lossPercent: 8.1 });
    expect(qualityOf({ ...base, rttMs: 601 }).level).toBe('poor');
    expect(qualityOf({ ...base, loss: 0.02, rttMs: 300 }).level).toBe('good');
  });
});
