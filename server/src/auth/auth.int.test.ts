import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, book, catalogue, DEMO, login, makeSlot, startTestServer, type TestServer } from '@oac/tests/support';

let t: TestServer;
let citizen: Awaited<ReturnType<typeof book>>;

beforeAll(async () => {
  t = await startTestServer();
  const ids = await catalogue(t.db);
  citizen = await book(t.url, await makeSlot(t.db, ids.office('oac-ciutat-vella'), 30), ids.service('PADRO'));
});
afterAll(() => t?.stop());

describe('staff login', () => {
  it('sets an httpOnly, SameSite session cookie and the session works', async () => {
    const res = await api(t.url, '/api/auth/login', { json: DEMO.clerk });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: DEMO.clerk.email, role: 'clerk' });
    expect(JSON.stringify(res.body)).not.toContain('password');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/oac_session=[A-Za-z0-9_-]{43}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http in tests; Secure is set when PUBLIC_URL is https
    const me = await api(t.url, '/api/auth/me', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    const stored = await t.db('sessions').select('token_hash');
    expect(JSON.stringify(stored)).not.toContain(cookie.split(';')[0]!.split('=')[1]);
  });

  it('refuses a wrong password or unknown e-mail with the same answer', async () => {
    const wrong = await api(t.url, '/api/auth/login', { json: { ...DEMO.clerk, password: 'nope' } });
    const unknown = await api(t.url, '/api/auth/login', { json: { email: 'nobody@oac.example', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('logout ends the session on the server', async () => {
    const cookie = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    expect((await api(t.url, '/api/auth/logout', { method: 'POST', cookie })).status).toBe(204);
    expect((await api(t.url, '/api/auth/me', { cookie })).status).toBe(401);
  });
});

describe('staff routes refuse citizens and strangers', () => {
  it('a citizen token gets 403 on staff routes; nobody gets 401', async () => {
    for (const path of ['/api/auth/me', '/api/staff/agenda', `/api/staff/appointments/${citizen.appointment.id}`]) {
      const asCitizen = await api(t.url, path, { token: citizen.token });
      expect(asCitizen.status, path).toBe(403);
      expect(asCitizen.body.error.code).toBe('forbidden');
      const anonymous = await api(t.url, path);
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.body.error.code).toBe('unauthenticated');
    }
  });

  it("shows a clerk their office's agenda and not another office's appointment", async () => {
    const clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(new Date(Date.now() + 30 * 60_000));
    const agenda = await api(t.url, `/api/staff/agenda?date=${date}`, { cookie: clerk });
    expect(agenda.status).toBe(200);
    expect(agenda.body.appointments.map((a: { id: string }) => a.id)).toContain(citizen.appointment.id);
    const housing = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
    const theirs = await api(t.url, `/api/staff/agenda?date=${date}`, { cookie: housing });
    expect(theirs.body.appointments.map((a: { id: string }) => a.id)).not.toContain(citizen.appointment.id);
    expect((await api(t.url, `/api/staff/appointments/${citizen.appointment.id}`, { cookie: housing })).status).toBe(403);
  });

  it('a citizen token opens only its own appointment', async () => {
    expect((await api(t.url, '/api/citizen/appointment', { token: 'x'.repeat(43) })).status).toBe(401);
    expect(
      (await api(t.url, '/api/citizen/appointment', { token: citizen.token.slice(0, -1) + (citizen.token.endsWith('A') ? 'B' : 'A') }))
        .status,
    ).toBe(401);
    const mine = await api(t.url, '/api/citizen/appointment', { token: citizen.token });
    expect(mine.body.id).toBe(citizen.appointment.id);
  });
});

describe('platform endpoints', () => {
  it('health answers 503 when the media worker is down, with states only for the public and the reason for staff', async () => {
    const res = await api(t.url, '/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'degraded', components: { database: { ok: true }, storage: { ok: true }, media: { ok: false } } });
    const staff = await api(t.url, '/api/staff/health', { cookie: await login(t.url, DEMO.admin.email, DEMO.admin.password) });
    expect(staff.status).toBe(503);
    expect(staff.body.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(staff.body.components.media).toMatchObject({ ok: false, workers: 0, detail: expect.any(String) });
    expect(staff.body.components.database).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
    expect((await api(t.url, '/api/staff/health')).status).toBe(401);
    expect((await api(t.url, '/api/staff/health', { token: citizen.token })).status).toBe(403);
  });

  it('publishes an OpenAPI 3 document generated from the shared routes', async () => {
    const res = await api(t.url, '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/api/bookings'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('slotId');
    expect(res.body.paths['/api/bookings'].post.responses).toHaveProperty('409');
    expect(res.body.paths['/api/documents/{id}/content'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });
});
