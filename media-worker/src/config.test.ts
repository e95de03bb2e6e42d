import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const secret = 'a-secret-of-sixteen+';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ MEDIA_WORKER_SECRET: secret });
    expect(config).toMatchObject({
      MEDIA_WORKER_PORT: 4001,
      MEDIASOUP_LISTEN_IPS: 'auto',
      RTC_PORT: 40000,
      RTC_MIN_PORT: 40000,
      RTC_MAX_PORT: 49999,
      LOG_LEVEL: 'info',
    });
    expect(config.NUM_WORKERS).toBeGreaterThanOrEqual(1);
    expect(config.MEDIASOUP_ANNOUNCED_ADDRESS).toBeUndefined();
  });

  it('is frozen', () => {
    const config = loadConfig({ MEDIA_WORKER_SECRET: secret });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads numbers from strings and treats empty variables as unset', () => {
    const config = loadConfig({ MEDIA_WORKER_SECRET: secret, MEDIA_WORKER_PORT: '0', NUM_WORKERS: '3', MEDIASOUP_ANNOUNCED_ADDRESS: '' });
    expect(config.MEDIA_WORKER_PORT).toBe(0);
    expect(config.NUM_WORKERS).toBe(3);
    expect(config.MEDIASOUP_ANNOUNCED_ADDRESS).toBeUndefined();
  });

  it.each([
    [{}, /MEDIA_WORKER_SECRET/],
    [{ MEDIA_WORKER_SECRET: 'short' }, /MEDIA_WORKER_SECRET/],
    [{ MEDIA_WORKER_SECRET: secret, NUM_WORKERS: '0' }, /NUM_WORKERS/],
    [{ MEDIA_WORKER_SECRET: secret, MEDIA_WORKER_PORT: '70000' }, /MEDIA_WORKER_PORT/],
    [{ MEDIA_WORKER_SECRET: secret, RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' }, /RTC_MIN_PORT/],
  ])('refuses %o', (env, problem) => {
    expect(() => loadConfig(env)).toThrow(problem);
  });
});
