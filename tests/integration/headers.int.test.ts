import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/index';

// Issue 11, §7: HSTS was never sent, even behind https, and the CSP let WebSockets reach any host.

let plain: TestServer;
let secure: TestServer;

beforeAll(async () => {
  [plain, secure] = await Promise.all([
    startTestServer({ clientDist: true }),
    startTestServer({ clientDist: true, env: { PUBLIC_URL: 'https://cita.example.cat' } }),
  ]);
});
afterAll(async () => {
  await plain?.stop();
  await secure?.stop();
});

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers', () => {
  it('sends HSTS only when the platform is served over https', async () => {
    const res = await fetch(`${secure.url}/`);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    expect((await fetch(`${plain.url}/`)).headers.get('strict-transport-security')).toBeNull();
  });

  it('lets pages open WebSockets to the platform itself and nowhere else', async () => {
    for (const [t, extra] of [
      [plain, []],
      [secure, ['wss://cita.example.cat']],
    ] as const) {
      const csp = directives((await fetch(`${t.url}/`)).headers.get('content-security-policy'));
      expect(csp.get('connect-src')).toEqual(["'self'", ...extra]);
      expect(csp.get('default-src')).toEqual(["'self'"]);
    }
  });

  it('sends no referrer, so no address of the platform leaks to other sites', async () => {
    expect((await fetch(`${plain.url}/`)).headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('publishes where to report a vulnerability, as RFC 9116 asks', async () => {
    const res = await fetch(`${plain.url}/.well-known/security.txt`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^Contact: mailto:security@oac\.example$/m);
    const expires = Date.parse(/^Expires: (\S+)$/m.exec(text)![1]!);
    expect(expires).toBeGreaterThan(Date.now());
    expect(expires).toBeLessThan(Date.now() + 366 * 24 * 3600 * 1000);
  });

  it('names every response with a request id, keeping a sane one from a proxy', async () => {
    const own = await fetch(`${plain.url}/api/offices`);
    expect(own.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${plain.url}/api/offices`, { headers: { 'x-request-id': 'lb-2f9c61aa' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-2f9c61aa');
    const replaced = await fetch(`${plain.url}/api/offices`, { headers: { 'x-request-id': 'bad id\twith tab' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
