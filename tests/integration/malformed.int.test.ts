import { routes, type RouteDef } from '@oac/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookFor, DEMO, login, startTestServer, type TestServer } from '../support/index';

// Every route of the shared table, hit with inputs nobody should send: none may answer 5xx,
// and every 4xx must carry the one error shape with a stable code.

let t: TestServer;
let citizenToken: string;
let staffCookie: string;

const PATH_VALUES = ['x', '00000000-0000-0000-0000-000000000000', '%E0%A4%A', '..%2F..%2Fetc', "1'--", 'ñ'.repeat(300), '%00', '-1'];
const BODIES: { contentType: string; body: string }[] = [
  { contentType: 'application/json', body: '' },
  { contentType: 'application/json', body: '{' },
  { contentType: 'application/json', body: 'null' },
  { contentType: 'application/json', body: '[]' },
  { contentType: 'application/json', body: '"text"' },
  { contentType: 'application/json', body: '{"__proto__":{"admin":true}}' },
  { contentType: 'application/json', body: JSON.stringify({ slotId: 1, serviceId: {}, name: ['a'], email: null, language: 'xx' }) },
  { contentType: 'application/json', body: JSON.stringify({ email: 'a@b.c'.repeat(100), password: 'x'.repeat(10_000) }) },
  { contentType: 'application/json; charset=latin1', body: '{}' },
  { contentType: 'text/plain', body: 'hello' },
  { contentType: 'multipart/form-data', body: 'no boundary' },
  {
    contentType: 'multipart/form-data; boundary=b',
    body: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4',
  },
  { contentType: 'application/x-www-form-urlencoded', body: 'a=1&a=2' },
];
const QUERIES = [
  '?serviceId[]=1',
  '?serviceId=x&days=99999',
  '?from=2026-02-30',
  '?date=yesterday',
  '?days=1e400',
  `?q=${'a'.repeat(5000)}`,
];

function concrete(def: RouteDef, value: string): string {
  return def.path.replace(/:(\w+)/g, value);
}

async function hit(method: string, path: string, init: { contentType?: string; body?: string; auth?: 'citizen' | 'staff' } = {}) {
  const headers: Record<string, string> = {};
  if (init.contentType) headers['content-type'] = init.contentType;
  if (init.auth === 'citizen') headers.authorization = `Bearer ${citizenToken}`;
  if (init.auth === 'staff') headers.cookie = staffCookie;
  const res = await fetch(t.url + path, { method: method.toUpperCase(), headers, body: init.body });
  const text = await res.text();
  return { status: res.status, text };
}

function expectClientError(r: { status: number; text: string }, what: string) {
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 200)}`).toBeLessThan(500);
  if (r.status >= 400) {
    const body = JSON.parse(r.text) as { error: { code: string; message: string } };
    expect(body.error.code, what).toMatch(/^[a-z_]+$/);
    expect(body.error.message, what).toBeTruthy();
  }
}

beforeAll(async () => {
  t = await startTestServer();
  citizenToken = (await bookFor(t, 'anna', 60)).token;
  staffCookie = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
});
afterAll(() => t?.stop());

describe('no input gets a 500', () => {
  // Health and readiness answer 503 on purpose here: this server runs without a media worker.
  const defs = (Object.entries(routes) as [string, RouteDef][]).filter(
    ([name]) => name !== 'health' && name !== 'healthDetails' && name !== 'healthReady',
  );

  it.each(defs)('%s: odd path parameters, bodies and queries, as anyone', async (name, def) => {
    for (const auth of [undefined, 'citizen', 'staff'] as const) {
      for (const value of def.path.includes(':') ? PATH_VALUES : ['']) {
        const path = concrete(def, value);
        if (def.method === 'get') {
          for (const q of ['', ...QUERIES]) expectClientError(await hit('get', path + q, { auth }), `${name} GET ${path}${q} as ${auth}`);
        } else {
          for (const b of BODIES)
            expectClientError(await hit(def.method, path, { ...b, auth }), `${name} ${path} ${b.contentType} as ${auth}`);
        }
      }
    }
  });

  it('odd headers and methods', async () => {
    expectClientError(
      await hit('get', '/api/offices', { auth: undefined, contentType: 'application/json', body: undefined }),
      'GET with content-type',
    );
    for (const authorization of ['Bearer', 'Bearer ' + 'a'.repeat(10_000), 'Bearer \u00ff\u00fe', 'Basic Zm9vOmJhcg==', 'Bearer a b c']) {
      const res = await fetch(`${t.url}/api/citizen/appointment`, { headers: { authorization } });
      expectClientError({ status: res.status, text: await res.text() }, `authorization ${authorization.slice(0, 20)}`);
    }
    for (const cookie of ['oac_session=%', 'oac_session=' + 'x'.repeat(8000), '=;;;=', 'oac_session="unterminated']) {
      const res = await fetch(`${t.url}/api/auth/me`, { headers: { cookie } });
      expectClientError({ status: res.status, text: await res.text() }, `cookie ${cookie.slice(0, 20)}`);
    }
    for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const res = await fetch(`${t.url}/api/bookings`, { method });
      expect(res.status, method).toBeLessThan(500);
    }
  });
});
