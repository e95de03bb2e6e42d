import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://x@localhost/db', MEDIA_WORKER_SECRET: 'a-secret-of-enough-length' };

describe('loadConfig', () => {
  it('fills defaults and freezes the result', () => {
    const c = loadConfig(base);
    expect(c.PORT).toBe(3000);
    expect(c.cookieSecure).toBe(false);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('sets Secure cookies behind an https public URL', () => {
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://cita.example.cat' }).cookieSecure).toBe(true);
  });

  it('names every bad key at start-up', () => {
    try {
      loadConfig({ PORT: 'eighty', S3_FORCE_PATH_STYLE: 'yes' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = (err as ConfigError).issues.join('\n');
      for (const key of ['PORT', 'DATABASE_URL', 'MEDIA_WORKER_SECRET', 'S3_FORCE_PATH_STYLE']) expect(text).toContain(key);
    }
  });

  it('reads the ICE servers, and refuses TURN without its secret or relay without TURN', () => {
    const c = loadConfig({
      ...base,
      STUN_URLS: 'stun:a.example:3478, stun:b.example',
      TURN_URLS: 'turn:t.example:3478',
      TURN_SECRET: 'x'.repeat(16),
    });
    expect(c.STUN_URLS).toEqual(['stun:a.example:3478', 'stun:b.example']);
    expect(c.TURN_URLS).toEqual(['turn:t.example:3478']);
    expect(() => loadConfig({ ...base, TURN_URLS: 'turn:t.example' })).toThrow(/TURN_SECRET/);
    expect(() => loadConfig({ ...base, ICE_TRANSPORT_POLICY: 'relay' })).toThrow(/ICE_TRANSPORT_POLICY/);
    expect(() => loadConfig({ ...base, STUN_URLS: 'http://nope' })).toThrow(/STUN_URLS/);
  });

  it('documents every key', () => {
    for (const { key, description } of describeConfig()) expect(description, key).not.toBe('');
  });
});
