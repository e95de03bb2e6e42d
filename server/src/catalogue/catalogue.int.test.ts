import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bookFor, catalogue, DEMO, login, startTestServer, type TestServer } from '@oac/tests/support';

/*
 * Issue 14, the offices and the catalogue against real PostgreSQL: each access rule tried from the
 * wrong side, the database's unique rules as their own codes, the audit trail with what was
 * before, and the slots made again after a change that moves them.
 */

let t: TestServer;
let ids: Awaited<ReturnType<typeof catalogue>>;
let housing: string;
let oac: string;
let admin: string;
let housingScheduler: string;
let oacScheduler: string;
let clerk: string;
let citizenToken: string;

const names = (base: string) => ({ ca: `${base} (ca)`, es: `${base} (es)`, en: `${base} (en)` });
const fields = (overrides: Record<string, unknown> = {}) => ({
  name: names('Ajuts a la rehabilitació'),
  description: names('Sol·licitud i seguiment'),
  durationMinutes: 20,
  channels: ['video'],
  documents: [{ ca: 'DNI', es: 'DNI', en: 'ID card' }],
  retentionDays: 730,
  active: true,
  ...overrides,
});
const newOffice = (slug: string, prefix: string) => ({
  slug,
  ticketPrefix: prefix,
  name: names(`Oficina ${slug}`),
  address: 'Plaça de Sant Jaume, 1',
  kind: 'district',
});

async function auditOf(entityId: string, action: string) {
  return t
    .db('audit_events')
    .where({ entity_id: entityId, action })
    .orderBy('id')
    .select('actor_name', 'details', 'from_state', 'to_state');
}

/** Free future slots of a procedure at an office, with their length in minutes. */
async function freeSlots(officeId: string, serviceId: string) {
  const rows: { minutes: number }[] = await t
    .db('slots')
    .where({ office_id: officeId, service_id: serviceId, booked: 0 })
    .andWhere('starts_at', '>', t.db.fn.now())
    .select(t.db.raw('extract(epoch FROM ends_at - starts_at) / 60 AS minutes'));
  return rows.map((r) => Number(r.minutes));
}

beforeAll(async () => {
  t = await startTestServer();
  ids = await catalogue(t.db);
  housing = ids.office('habitatge-eixample');
  oac = ids.office('oac-ciutat-vella');
  admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
  housingScheduler = await login(t.url, 'housing.scheduler@oac.example', DEMO.scheduler.password);
  oacScheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  citizenToken = (await bookFor(t, 'anna', 24 * 60)).token;
});
afterAll(async () => {
  await t?.stop();
});

describe('offices', () => {
  it('lets an admin open an office, inactive until planned, audited, with its own slug and ticket prefix', async () => {
    const res = await api(t.url, '/api/admin/offices', { cookie: admin, json: newOffice('districte-gracia', 'GRA') });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      slug: 'districte-gracia',
      ticketPrefix: 'GRA',
      kind: 'district',
      timeZone: 'Europe/Madrid',
      active: false,
    });
    const row = await t.db('offices').where({ id: res.body.id }).first('kind', 'address', 'channels', 'active');
    expect(row).toEqual({ kind: 'district', address: 'Plaça de Sant Jaume, 1', channels: ['video'], active: false });
    const [audit] = await auditOf(res.body.id, 'office.created');
    expect(audit!.actor_name).toBe('Administració OAC');
    expect(audit!.details.after.slug).toBe('districte-gracia');

    const slug = await api(t.url, '/api/admin/offices', { cookie: admin, json: newOffice('districte-gracia', 'GRB') });
    expect([slug.status, slug.body.error.code]).toEqual([409, 'slug_taken']);
    const prefix = await api(t.url, '/api/admin/offices', { cookie: admin, json: newOffice('districte-sants', 'GRA') });
    expect([prefix.status, prefix.body.error.code]).toEqual([409, 'ticket_prefix_taken']);
    const zone = await api(t.url, '/api/admin/offices', {
      cookie: admin,
      json: { ...newOffice('districte-sants', 'SAN'), timeZone: 'Mars/Olympus' },
    });
    expect([zone.status, zone.body.error.code]).toEqual([422, 'unknown_time_zone']);
    expect(await t.db('offices').whereIn('slug', ['districte-sants']).first('id')).toBeUndefined();
  });

  it('refuses to open an office to a scheduler (403), a clerk (403), a citizen (403) and nobody (401)', async () => {
    const body = newOffice('districte-nou', 'NOU');
    for (const [who, status] of [
      [{ cookie: oacScheduler }, 403],
      [{ cookie: clerk }, 403],
      [{ token: citizenToken }, 403],
      [{}, 401],
    ] as const) {
      const res = await api(t.url, '/api/admin/offices', { ...who, json: body });
      expect(res.status, JSON.stringify(who)).toBe(status);
    }
    expect(await t.db('offices').where({ slug: 'districte-nou' }).first('id')).toBeUndefined();
  });

  it("lets a scheduler edit their own office's names, address and kind, with the old ones in the audit trail", async () => {
    const details = { name: names('OAC Ciutat Vella'), address: 'Carrer Nou, 2', kind: 'oac' };
    const res = await api(t.url, `/api/admin/offices/${oac}`, { cookie: oacScheduler, json: details });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: oac, address: 'Carrer Nou, 2', name: details.name });
    expect(await t.db('offices').where({ id: oac }).first('name_es', 'address')).toEqual({
      name_es: 'OAC Ciutat Vella (es)',
      address: 'Carrer Nou, 2',
    });
    const [audit] = await auditOf(oac, 'office.changed');
    expect(audit!.details.before.address).not.toBe('Carrer Nou, 2');
    expect(audit!.details.after.address).toBe('Carrer Nou, 2');
  });

  it("refuses a scheduler another office's details, and a clerk their own", async () => {
    const before = await t.db('offices').where({ id: housing }).first('name_ca', 'address', 'kind');
    const details = { name: names('Presa'), address: 'Enlloc', kind: 'other' };
    const other = await api(t.url, `/api/admin/offices/${housing}`, { cookie: oacScheduler, json: details });
    expect([other.status, other.body.error.code]).toEqual([403, 'forbidden']);
    const own = await api(t.url, `/api/admin/offices/${oac}`, { cookie: clerk, json: details });
    expect(own.status).toBe(403);
    expect(await t.db('offices').where({ id: housing }).first('name_ca', 'address', 'kind')).toEqual(before);
    const bad = await api(t.url, `/api/admin/offices/${housing}`, { cookie: admin, json: { ...details, kind: 'castle' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_error']);
  });
});

describe('the catalogue', () => {
  it('shows schedulers and admins the whole catalogue, with the offices of each procedure; not clerks', async () => {
    const res = await api(t.url, '/api/admin/services', { cookie: housingScheduler });
    expect(res.status).toBe(200);
    const byCode = (code: string) => res.body.find((s: { code: string }) => s.code === code);
    expect(byCode('PADRO').officeIds).toEqual([oac]);
    expect(byCode('LLOGUER').officeIds).toContain(housing);
    expect(res.body.some((s: { officeIds: string[] }) => s.officeIds.includes(oac))).toBe(true);
    expect((await api(t.url, '/api/admin/services', { cookie: clerk })).status).toBe(403);
    expect((await api(t.url, '/api/admin/services')).status).toBe(401);
  });

  it('lets a scheduler add a procedure offered by their own office only; a taken code is code_taken', async () => {
    const res = await api(t.url, '/api/admin/services', {
      cookie: housingScheduler,
      json: { ...fields(), code: 'REHAB', officeIds: [housing] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.service).toMatchObject({ code: 'REHAB', retentionDays: 730, officeIds: [housing] });
    const id = res.body.service.id;
    expect(await t.db('service_offices').where({ service_id: id }).select('office_id')).toEqual([{ office_id: housing }]);
    expect(await t.db('services').where({ id }).first('documents', 'retention_days')).toEqual({
      documents: [{ ca: 'DNI', es: 'DNI', en: 'ID card' }],
      retention_days: 730,
    });
    expect((await auditOf(id, 'service.created')).length).toBe(1);

    const taken = await api(t.url, '/api/admin/services', { cookie: admin, json: { ...fields(), code: 'REHAB', officeIds: [] } });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'code_taken']);
    const elsewhere = await api(t.url, '/api/admin/services', {
      cookie: housingScheduler,
      json: { ...fields(), code: 'REHAB2', officeIds: [housing, oac] },
    });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([403, 'forbidden']);
    const byClerk = await api(t.url, '/api/admin/services', { cookie: clerk, json: { ...fields(), code: 'REHAB3', officeIds: [oac] } });
    expect(byClerk.status).toBe(403);
    expect(await t.db('services').whereIn('code', ['REHAB2', 'REHAB3']).select('id')).toEqual([]);
    const invalid = await api(t.url, '/api/admin/services', {
      cookie: admin,
      json: { ...fields({ retentionDays: 0 }), code: 'REHAB4', officeIds: [] },
    });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'validation_error']);
  });

  it("cuts an office's free slots anew when its scheduler changes a procedure's length, and audits what it was", async () => {
    const padro = ids.service('PADRO');
    const before = await freeSlots(oac, padro);
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before).has(45)).toBe(false);
    const current = (await api(t.url, '/api/admin/services', { cookie: admin })).body.find((s: { id: string }) => s.id === padro);
    const { id: _id, code: _code, officeIds: _officeIds, ...was } = current;
    const res = await api(t.url, `/api/admin/services/${padro}`, { cookie: oacScheduler, json: { ...was, durationMinutes: 45 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await freeSlots(oac, padro);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after)).toEqual(new Set([45]));
    const [audit] = await auditOf(padro, 'service.changed');
    expect(audit!.details.before.durationMinutes).toBe(was.durationMinutes);
    expect(audit!.details.after.durationMinutes).toBe(45);
  });

  it('refuses a scheduler the fields of a procedure another office offers too, and of one their office does not offer', async () => {
    // Rent assistance, offered by the OAC as well as by housing.
    const lloguer = ids.service('LLOGUER');
    const offices = (await t.db('service_offices').where({ service_id: lloguer }).select('office_id')).map((r) => r.office_id as string);
    const linked = await api(t.url, `/api/admin/services/${lloguer}/offices`, { cookie: admin, json: { officeIds: [...offices, oac] } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    const before = await t.db('services').where({ id: lloguer }).first('name_ca', 'duration_minutes');
    const shared = await api(t.url, `/api/admin/services/${lloguer}`, { cookie: housingScheduler, json: fields() });
    expect([shared.status, shared.body.error.code, shared.body.error.details]).toEqual([403, 'forbidden', { reason: 'shared_service' }]);
    const padro = await api(t.url, `/api/admin/services/${ids.service('PADRO')}`, { cookie: housingScheduler, json: fields() });
    expect([padro.status, padro.body.error.code]).toEqual([403, 'forbidden']);
    expect(await t.db('services').where({ id: lloguer }).first('name_ca', 'duration_minutes')).toEqual(before);
    const byAdmin = await api(t.url, `/api/admin/services/${lloguer}`, { cookie: admin, json: fields({ durationMinutes: 30 }) });
    expect(byAdmin.status).toBe(200);
    expect((await t.db('services').where({ id: lloguer }).first('duration_minutes')).duration_minutes).toBe(30);
  });

  it("lets a scheduler link and unlink only their own office, and unlinking takes that office's free slots away", async () => {
    const rehab = (await t.db('services').where({ code: 'REHAB' }).first('id')).id;
    const link = await api(t.url, `/api/admin/services/${rehab}/offices`, { cookie: oacScheduler, json: { officeIds: [housing, oac] } });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(link.body.service.officeIds.sort()).toEqual([housing, oac].sort());
    const dropOther = await api(t.url, `/api/admin/services/${rehab}/offices`, { cookie: oacScheduler, json: { officeIds: [oac] } });
    expect([dropOther.status, dropOther.body.error.code]).toEqual([403, 'forbidden']);
    expect((await t.db('service_offices').where({ service_id: rehab }).select('office_id')).length).toBe(2);

    // An OAC procedure with free slots: the OAC's scheduler stops offering it, and its slots go.
    const [withSlots] = await t
      .db('slots')
      .where({ office_id: oac, booked: 0 })
      .andWhere('starts_at', '>', t.db.fn.now())
      .groupBy('service_id')
      .orderByRaw('count(*) DESC')
      .select('service_id');
    const serviceId = withSlots!.service_id as string;
    expect((await freeSlots(oac, serviceId)).length).toBeGreaterThan(0);
    const offices = (await t.db('service_offices').where({ service_id: serviceId }).select('office_id')).map((r) => r.office_id);
    const unlink = await api(t.url, `/api/admin/services/${serviceId}/offices`, {
      cookie: oacScheduler,
      json: { officeIds: offices.filter((o) => o !== oac) },
    });
    expect(unlink.status, JSON.stringify(unlink.body)).toBe(200);
    expect(await freeSlots(oac, serviceId)).toEqual([]);
    const [audit] = await auditOf(serviceId, 'service.offices_changed');
    expect(audit!.details.before.officeIds).toContain(oac);
    expect(audit!.details.after.officeIds).not.toContain(oac);

    const unknown = await api(t.url, `/api/admin/services/${rehab}/offices`, {
      cookie: admin,
      json: { officeIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'validation_error']);
    const byClerk = await api(t.url, `/api/admin/services/${rehab}/offices`, { cookie: clerk, json: { officeIds: [] } });
    expect(byClerk.status).toBe(403);
    const missing = await api(t.url, `/api/admin/services/00000000-0000-4000-8000-000000000000/offices`, {
      cookie: admin,
      json: { officeIds: [] },
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
  });
});
