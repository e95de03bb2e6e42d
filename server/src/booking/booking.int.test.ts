import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, book, catalogue, makeSlot, personName, startTestServer, type TestServer } from '@oac/tests/support';

let t: TestServer;
let ids: Awaited<ReturnType<typeof catalogue>>;

beforeAll(async () => {
  t = await startTestServer();
  ids = await catalogue(t.db);
});
afterAll(() => t?.stop());

describe('booking against real PostgreSQL', () => {
  it('gives one slot to exactly one of twenty concurrent bookings, and nineteen clear 409s', async () => {
    const slot = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 600);
    const service = ids.service('PADRO');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(t.url, '/api/bookings', { json: { slotId: slot, serviceId: service, name: personName(i), email: `p${i}@example.org` } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((r) => r.status === 409)) {
      expect(r.body.error.code).toBe('slot_taken');
      expect(r.body.error.message).toMatch(/\w/);
    }
    const rows = await t.db('appointments').where({ slot_id: slot });
    expect(rows).toHaveLength(1);
    // The losers' transactions rolled back whole: no orphan tickets.
    const tickets = await t.db('tickets').whereIn(
      'citizen_email',
      results.map((_, i) => `p${i}@example.org`),
    );
    expect(tickets).toHaveLength(1);
  });

  it('refuses the second booking of a slot made later, too', async () => {
    const slot = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 620);
    await book(t.url, slot, ids.service('PADRO'));
    const again = await api(t.url, '/api/bookings', {
      json: { slotId: slot, serviceId: ids.service('PADRO'), name: 'Pere Soler', email: 'pere@example.org' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('slot_taken');
  });

  it('numbers tickets per office and year, and returns a private link whose token is stored only as a hash', async () => {
    const a = await book(t.url, await makeSlot(t.db, ids.office('habitatge-eixample'), 700), ids.service('LLOGUER'));
    const b = await book(
      t.url,
      await makeSlot(t.db, ids.office('habitatge-eixample'), 720, null, ids.service('CEDULA')),
      ids.service('CEDULA'),
    );
    expect(a.appointment.ticketNumber).toMatch(/^HAB-\d{4}-\d{6}$/);
    const seq = (n: string) => Number(n.split('-')[2]);
    expect(seq(b.appointment.ticketNumber)).toBe(seq(a.appointment.ticketNumber) + 1);
    expect(Buffer.from(a.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(a.link).toBe(`/a#${a.token}`);
    expect(a.emailedTo).toBeNull(); // this server has no SMTP_URL
    const row = await t.db('appointments').where({ id: a.appointment.id }).first();
    expect(row.token_hash).not.toContain(a.token);
    expect(JSON.stringify(row)).not.toContain(a.token);
    const mine = await api(t.url, '/api/citizen/appointment', { token: a.token });
    expect(mine.status).toBe(200);
    expect(mine.body.id).toBe(a.appointment.id);
  });

  it('lists free slots only, and no past ones', async () => {
    const office = ids.office('oac-ciutat-vella');
    const taken = await makeSlot(t.db, office, 800, null, ids.service('CONVIV'));
    await book(t.url, taken, ids.service('CONVIV'));
    const past = await makeSlot(t.db, office, -60, null, ids.service('CONVIV'));
    const res = await api(t.url, `/api/slots?serviceId=${ids.service('CONVIV')}&days=7`);
    expect(res.status).toBe(200);
    const listed = res.body.map((s: { id: string }) => s.id);
    expect(listed).not.toContain(taken);
    expect(listed).not.toContain(past);
    expect(listed.length).toBeGreaterThan(0);
  });
});

describe('the channel the citizen chooses', () => {
  it('books in person where the office and the procedure take visits, and refuses it where either does not', async () => {
    const visit = await api(t.url, '/api/bookings', {
      json: {
        slotId: await makeSlot(t.db, ids.office('habitatge-eixample'), 1300, null, ids.service('CEDULA')),
        serviceId: ids.service('CEDULA'),
        name: 'Marc Pons',
        email: 'marc.visit@example.org',
        channel: 'in_person',
      },
    });
    expect(visit.status).toBe(201);
    expect(visit.body.appointment.channel).toBe('in_person');
    expect((await t.db('appointments').where({ id: visit.body.appointment.id }).first('channel')).channel).toBe('in_person');
    // The OAC office takes visits, but its census procedure is by video only.
    const refused = await api(t.url, '/api/bookings', {
      json: {
        slotId: await makeSlot(t.db, ids.office('oac-ciutat-vella'), 1320, null, ids.service('PADRO')),
        serviceId: ids.service('PADRO'),
        name: 'Marc Pons',
        email: 'marc.padro@example.org',
        channel: 'in_person',
      },
    });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'channel_not_offered']);
    expect(await t.db('appointments').where({ citizen_email: 'marc.padro@example.org' }).first()).toBeUndefined();
    const odd = await api(t.url, '/api/bookings', {
      json: {
        slotId: await makeSlot(t.db, ids.office('oac-ciutat-vella'), 1340),
        serviceId: ids.service('PADRO'),
        name: 'Marc Pons',
        email: 'm@example.org',
        channel: 'carrier_pigeon',
      },
    });
    expect([odd.status, odd.body.error.code]).toEqual([400, 'validation_error']);
  });
});

describe('bad booking input gets a 4xx with a stable code, never a 500', () => {
  const cases: [string, () => Promise<{ status: number; body: any }>, number, string][] = [
    ['malformed JSON', () => api(t.url, '/api/bookings', { raw: '{"slotId": ' }), 400, 'malformed_json'],
    ['unknown fields', async () => api(t.url, '/api/bookings', { json: { ...(await valid()), admin: true } }), 400, 'validation_error'],
    [
      'an e-mail that is not one',
      async () => api(t.url, '/api/bookings', { json: { ...(await valid()), email: 'not-an-email' } }),
      400,
      'validation_error',
    ],
    [
      'a slot id that is not a uuid',
      async () => api(t.url, '/api/bookings', { json: { ...(await valid()), slotId: "1' OR 1=1" } }),
      400,
      'validation_error',
    ],
    [
      'a slot that does not exist',
      async () => api(t.url, '/api/bookings', { json: { ...(await valid()), slotId: '00000000-0000-4000-8000-000000000000' } }),
      404,
      'slot_not_found',
    ],
    [
      'a slot in the past',
      async () =>
        api(t.url, '/api/bookings', { json: { ...(await valid()), slotId: await makeSlot(t.db, ids.office('oac-ciutat-vella'), -30) } }),
      422,
      'slot_in_past',
    ],
    [
      'a service of another office',
      async () => api(t.url, '/api/bookings', { json: { ...(await valid()), serviceId: ids.service('LLOGUER') } }),
      422,
      'service_not_offered',
    ],
    [
      'a body that is not JSON',
      () => api(t.url, '/api/bookings', { raw: 'name=x', headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    ],
    ['a JSON array', () => api(t.url, '/api/bookings', { raw: '[1,2]' }), 400, 'validation_error'],
    ['a huge body', () => api(t.url, '/api/bookings', { raw: JSON.stringify({ name: 'x'.repeat(200_000) }) }), 413, 'payload_too_large'],
    ['an unknown API route', () => api(t.url, '/api/nope'), 404, 'not_found'],
    ['slots with a bad date', () => api(t.url, `/api/slots?serviceId=${ids.service('PADRO')}&from=2026-13-45`), 400, 'validation_error'],
    ['slots with repeated query keys', () => api(t.url, `/api/slots?serviceId=a&serviceId=b`), 400, 'validation_error'],
    ['services of a bad office id', () => api(t.url, '/api/offices/%E0%A4%A/services'), 400, 'validation_error'],
  ];
  async function valid() {
    return {
      slotId: await makeSlot(t.db, ids.office('oac-ciutat-vella'), 900 + Math.floor(Math.random() * 5000) * 20),
      serviceId: ids.service('PADRO'),
      name: 'Laia Vidal',
      email: 'laia@example.org',
    };
  }
  it.each(cases)('%s', async (_name, call, status, code) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
  });
});
