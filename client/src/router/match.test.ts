import { describe, expect, it } from 'vitest';
import { fillPath, matchPath } from './match';

describe('matchPath', () => {
  it('matches the root only at the root', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/', '/staff')).toBeNull();
  });

  it('reads and decodes parameters', () => {
    expect(matchPath('/a/:token', '/a/abc%2Fdef')).toEqual({ token: 'abc/def' });
    expect(matchPath('/staff/appointments/:id', '/staff/appointments/42')).toEqual({ id: '42' });
  });

  it('ignores a trailing slash', () => {
    expect(matchPath('/staff', '/staff/')).toEqual({});
  });

  it('refuses an empty parameter, extra segments and malformed escapes', () => {
    expect(matchPath('/a/:token', '/a/')).toBeNull();
    expect(matchPath('/a/:token', '/a/x/y')).toBeNull();
    expect(matchPath('/a/:token', '/a/%E0%A4%A')).toBeNull();
  });
});

describe('fillPath', () => {
  it('encodes each parameter', () => {
    expect(fillPath('/api/offices/:officeId/services', { officeId: 'a b/c' })).toBe('/api/offices/a%20b%2Fc/services');
  });

  it('round-trips with matchPath', () => {
    const path = fillPath('/a/:token', { token: 'x_y-z~1' });
    expect(matchPath('/a/:token', path)).toEqual({ token: 'x_y-z~1' });
  });
});
