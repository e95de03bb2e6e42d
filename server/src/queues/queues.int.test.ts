import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, catalogue, DEMO, login, startTestServer, type TestServer } from '@oac/tests/support';

/*
 * Configurable queues (issue 15) against real PostgreSQL: an admin lists them with members,
 * supervisor, rank and SLA targets, opens one, edits it, sets its members, supervisor and targets,
 * and deactivates it (no new tickets or citizens, those waiting still served); each change is
 * audited with before and after, each bad input has its code, and clerks and schedulers are refused.
 */

let t: TestServer;
let ids: Awaited<ReturnType<typeof catalogue>>;
let admin: string;
let scheduler: string;
let clerk: string; // Marta: OAC, HISENDA, GUB, GENERAL
let clerk2: string; // Laia: OAC, GENERAL
let staff: Record<string, string>;
let queues: Record<string, string>;
let inactiveClerk: string;
let n = 0;

const newQueue = (over: Record<string, unknown> = {}) => ({
  code: 'CENS',
  name: { ca: 'Cens electoral', es: 'Censo electoral', en: 'Electoral roll' },
  rank: 4,
  defaultPriority: 'normal',
  ...over,
});
const audit = (entityId: string | undefined) =>
  t
    .db('audit_events')
    .where({ entity: 'queue', entity_id: entityId })
    .orderBy(['at', 'id'])
    .select('action', 'from_state', 'to_state', 'details');

async function ask(service: string) {
  const i = n++;
  return api(t.url, '/api/live/requests', {
    json: { serviceId: ids.service(service), name: `Persona ${'abcdefghij'[i]}`, email: `q${i}@example.org`, language: 'ca' },
  });
}

beforeAll(async () => {
  t = await startTestServer({ env: { LIVE_TICK_SECONDS: '60' } });
  ids = await catalogue(t.db);
  admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
  scheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  clerk2 = await login(t.url, 'clerk2@oac.example', DEMO.clerk.password);
  staff = Object.fromEntries((await t.db('staff_users').select('email', 'id')).map((s) => [s.email, s.id]));
  queues = Object.fromEntries((await t.db('queues').select('code', 'id')).map((q) => [q.code, q.id]));
  const [row] = await t
    .db('staff_users')
    .insert({
      email: 'gone@oac.example',
      name: 'Clerk Gone',
      role: 'clerk',
      office_id: ids.office('oac-ciutat-vella'),
      password_hash: 'x',
      active: false,
    })
    .returning('id');
  inactiveClerk = row.id;
});
afterAll(async () => {
  await t?.stop();
});

describe('the queues’ configuration', () => {
  it('lists every queue with its members, supervisor, rank, priority, activity and SLA targets, for admins only', async () => {
    const list = await api(t.url, '/api/admin/queues', { cookie: admin });
    expect(list.status).toBe(200);
    const oac = list.body.queues.find((q: { code: string }) => q.code === 'OAC');
    expect(oac).toMatchObject({
      rank: 1,
      effectiveRank: 1,
      defaultPriority: 'high',
      active: true,
      supervisor: { id: staff['scheduler@oac.example'], name: 'Núria Ferrer Roca' },
    });
    expect(oac.members.map((m: { name: string }) => m.name)).toEqual(['Laia Vidal Pons', 'Marta Puig i Soler']);
    expect(oac.sla).toEqual([
      { priority: 'urgent', source: 'default', ownMinutes: 15, resolveMinutes: 240, warnBeforeMinutes: 5 },
      { priority: 'high', source: 'default', ownMinutes: 30, resolveMinutes: 480, warnBeforeMinutes: 10 },
      { priority: 'normal', source: 'default', ownMinutes: 60, resolveMinutes: 1440, warnBeforeMinutes: 15 },
      { priority: 'low', source: 'default', ownMinutes: 240, resolveMinutes: 4320, warnBeforeMinutes: 60 },
    ]);
    expect(list.body.slaDefaults).toHaveLength(4);
  });

  it('refuses clerks, schedulers and nobody at all, on every admin route', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/queues'],
      ['POST', '/api/admin/queues', newQueue({ code: 'NOPE' })],
      ['POST', `/api/admin/queues/${queues.OAC}`, { name: newQueue().name, rank: 9, defaultPriority: 'low' }],
      ['POST', `/api/admin/queues/${queues.OAC}/active`, { active: false }],
      ['POST', `/api/admin/queues/${queues.OAC}/members`, { staffIds: [] }],
      ['POST', `/api/admin/queues/${queues.OAC}/supervisor`, { staffId: null }],
      ['POST', `/api/admin/queues/${queues.OAC}/sla`, { priority: 'high', ownMinutes: 1, resolveMinutes: 2, warnBeforeMinutes: 0 }],
      ['DELETE', `/api/admin/queues/${queues.OAC}/sla/high`],
      ['POST', '/api/admin/sla', { priority: 'high', ownMinutes: 1, resolveMinutes: 2, warnBeforeMinutes: 0 }],
    ];
    for (const [method, path, json] of routes) {
      for (const cookie of [clerk, scheduler]) {
        const res = await api(t.url, path, { method, cookie, json });
        expect([res.status, res.body.error.code], `${method} ${path}`).toEqual([403, 'forbidden']);
      }
      expect((await api(t.url, path, { method, json })).status, `${method} ${path}`).toBe(401);
    }
    // Nothing changed.
    const oac = await t.db('queues').where({ id: queues.OAC }).first('rank', 'active', 'supervisor_staff_id');
    expect(oac).toEqual({ rank: 1, active: true, supervisor_staff_id: staff['scheduler@oac.example'] });
    expect(await t.db('queue_members').where({ queue_id: queues.OAC }).count('* as n').first()).toEqual({ n: 2 });
  });

  it('opens a queue, each bad field with its code, and audits it', async () => {
    const bad = async (body: unknown) => {
      const res = await api(t.url, '/api/admin/queues', { cookie: admin, json: body });
      return [res.status, res.body.error?.code];
    };
    expect(await bad(newQueue({ code: 'cens' }))).toEqual([400, 'validation_error']);
    expect(await bad(newQueue({ rank: 0 }))).toEqual([400, 'validation_error']);
    expect(await bad(newQueue({ rank: 100 }))).toEqual([400, 'validation_error']);
    expect(await bad(newQueue({ name: { ca: 'Cens', es: '', en: 'Roll' } }))).toEqual([400, 'validation_error']);
    expect(await bad(newQueue({ code: 'OAC' }))).toEqual([409, 'queue_code_taken']);
    expect(await bad(newQueue({ supervisorId: '00000000-0000-4000-8000-000000000000' }))).toEqual([422, 'unknown_staff']);
    expect(await bad(newQueue({ supervisorId: inactiveClerk }))).toEqual([422, 'staff_inactive']);

    const made = await api(t.url, '/api/admin/queues', { cookie: admin, json: newQueue({ supervisorId: staff['scheduler@oac.example'] }) });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ code: 'CENS', rank: 4, active: true, members: [], supervisor: { name: 'Núria Ferrer Roca' } });
    queues.CENS = made.body.id;
    const [entry] = await audit(made.body.id);
    expect(entry).toMatchObject({
      action: 'queue.created',
      to_state: 'active',
      details: { before: null, after: { code: 'CENS', rank: 4 } },
    });
  });

  it('edits its names, rank and default priority, with before and after in the audit', async () => {
    const saved = await api(t.url, `/api/admin/queues/${queues.CENS}`, {
      cookie: admin,
      json: { name: { ca: 'Cens', es: 'Censo', en: 'Roll' }, rank: 2, defaultPriority: 'high' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: { ca: 'Cens' }, rank: 2, defaultPriority: 'high' });
    const changed = (await audit(queues.CENS)).find((e) => e.action === 'queue.changed')!;
    expect(changed.details.before).toMatchObject({ rank: 4, defaultPriority: 'normal', name: { ca: 'Cens electoral' } });
    expect(changed.details.after).toMatchObject({ rank: 2, defaultPriority: 'high', name: { ca: 'Cens' } });
    const missing = await api(t.url, '/api/admin/queues/00000000-0000-4000-8000-000000000000', {
      cookie: admin,
      json: { name: { ca: 'A', es: 'A', en: 'A' }, rank: 2, defaultPriority: 'high' },
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'queue_not_found']);
  });

  it('sets its members: active clerks only, each refusal with its code', async () => {
    const set = (staffIds: string[]) => api(t.url, `/api/admin/queues/${queues.CENS}/members`, { cookie: admin, json: { staffIds } });
    const code = async (staffIds: string[]) => {
      const res = await set(staffIds);
      return [res.status, res.body.error?.code];
    };
    expect(await code(['00000000-0000-4000-8000-000000000000'])).toEqual([422, 'unknown_staff']);
    expect(await code([staff['clerk2@oac.example']!, staff['scheduler@oac.example']!])).toEqual([422, 'not_a_clerk']);
    expect(await code([inactiveClerk])).toEqual([422, 'staff_inactive']);
    expect(await t.db('queue_members').where({ queue_id: queues.CENS })).toEqual([]);

    const ok = await set([staff['clerk2@oac.example']!, staff['housing.clerk@oac.example']!, staff['clerk2@oac.example']!]);
    expect(ok.status).toBe(200);
    expect(ok.body.members.map((m: { name: string }) => m.name)).toEqual(['Jordi Serra Vidal', 'Laia Vidal Pons']);
    // Laia serves it now: GET /api/queues says so, and she may register a contact in it.
    const mine = await api(t.url, '/api/queues', { cookie: clerk2 });
    expect(mine.body.find((q: { code: string }) => q.code === 'CENS')).toMatchObject({ member: true, rank: 2 });
    const entry = (await audit(queues.CENS)).find((e) => e.action === 'queue.members_set')!;
    expect(entry.details.before.memberIds).toEqual([]);
    expect(entry.details.after.memberIds).toHaveLength(2);
  });

  it('sets its supervisor (active staff) or nobody', async () => {
    const set = (staffId: string | null) => api(t.url, `/api/admin/queues/${queues.CENS}/supervisor`, { cookie: admin, json: { staffId } });
    expect((await set(inactiveClerk)).body.error.code).toBe('staff_inactive');
    expect((await set('00000000-0000-4000-8000-000000000000')).body.error.code).toBe('unknown_staff');
    expect((await set(staff['admin@oac.example']!)).body.supervisor).toMatchObject({ name: 'Administració OAC' });
    expect((await set(null)).body.supervisor).toBeNull();
    const entries = (await audit(queues.CENS)).filter((e) => e.action === 'queue.supervisor_set');
    expect(entries.map((e) => [e.details.before.supervisorId, e.details.after.supervisorId])).toEqual([
      [staff['scheduler@oac.example'], staff['admin@oac.example']],
      [staff['admin@oac.example'], null],
    ]);
  });

  it('sets SLA targets per priority: the queue’s own win over the default, until dropped', async () => {
    const sla = (json: unknown, path = `/api/admin/queues/${queues.CENS}/sla`) => api(t.url, path, { cookie: admin, json });
    const target = { priority: 'urgent', ownMinutes: 10, resolveMinutes: 120, warnBeforeMinutes: 3 };
    expect((await sla({ ...target, ownMinutes: 0 })).body.error.code).toBe('validation_error');
    expect((await sla({ ...target, warnBeforeMinutes: -1 })).body.error.code).toBe('validation_error');
    expect((await sla({ ...target, ownMinutes: 1.5 })).body.error.code).toBe('validation_error');
    const before = await sla({ ...target, resolveMinutes: 9 });
    expect([before.status, before.body.error.code]).toEqual([422, 'sla_resolve_before_own']);
    expect((await sla({ ...target, resolveMinutes: 9 }, '/api/admin/sla')).body.error.code).toBe('sla_resolve_before_own');

    const own = await sla(target);
    expect(own.status).toBe(200);
    expect(own.body.sla[0]).toEqual({ ...target, source: 'queue' });
    expect(own.body.sla[1]).toMatchObject({ priority: 'high', source: 'default', ownMinutes: 30 });
    // A new default reaches every queue without its own row, and not this one's urgent.
    const defaults = await sla({ priority: 'urgent', ownMinutes: 20, resolveMinutes: 300, warnBeforeMinutes: 5 }, '/api/admin/sla');
    expect(defaults.body.slaDefaults[0]).toMatchObject({ ownMinutes: 20, source: 'default' });
    const list = defaults.body.queues as { code: string; sla: { ownMinutes: number }[] }[];
    expect(list.find((q) => q.code === 'CENS')!.sla[0]!.ownMinutes).toBe(10);
    expect(list.find((q) => q.code === 'OAC')!.sla[0]!.ownMinutes).toBe(20);

    const dropped = await api(t.url, `/api/admin/queues/${queues.CENS}/sla/urgent`, { cookie: admin, method: 'DELETE' });
    expect(dropped.body.sla[0]).toMatchObject({ source: 'default', ownMinutes: 20 });
    expect((await audit(queues.CENS)).filter((e) => e.action.startsWith('queue.sla')).map((e) => e.action)).toEqual([
      'queue.sla_set',
      'queue.sla_cleared',
    ]);
    const policy = await t.db('audit_events').where({ action: 'sla.default_set' }).first('details');
    expect(policy.details).toMatchObject({ priority: 'urgent', before: { ownMinutes: 15 }, after: { ownMinutes: 20 } });
  });
});

describe('a deactivated queue', () => {
  it('takes no new tickets or citizens, keeps serving those already in it, and takes them again once reactivated', async () => {
    await t.db('staff_presence').update({ status: 'away' });
    const waiting = await ask('PADRO'); // OAC
    expect(waiting.status).toBe(201);
    const off = await api(t.url, `/api/admin/queues/${queues.OAC}/active`, { cookie: admin, json: { active: false } });
    expect(off.body).toMatchObject({ active: false, openTickets: expect.any(Number) });

    const refused = await ask('PADRO');
    expect([refused.status, refused.body.error.code]).toEqual([409, 'queue_inactive']);
    const contact = {
      channel: 'phone',
      serviceId: null,
      queueId: queues.OAC,
      subject: 'Padró',
      citizenName: 'Carme Vidal',
      citizenEmail: 'carme@example.org',
      citizenPhone: null,
      language: 'ca',
      take: false,
    };
    const registered = await api(t.url, '/api/tickets', { cookie: clerk, json: contact });
    expect([registered.status, registered.body.error.code]).toEqual([409, 'queue_inactive']);
    // It is no longer offered to choose from, but its waiting citizen still shows on its members' desks…
    expect((await api(t.url, '/api/queues', { cookie: clerk2 })).body.map((q: { code: string }) => q.code)).not.toContain('OAC');
    const desk = await api(t.url, '/api/live/desk', { cookie: clerk2 });
    expect(desk.body.queues.find((q: { code: string }) => q.code === 'OAC')).toMatchObject({ waiting: 1 });
    // …and is offered to the next free one.
    await api(t.url, '/api/live/presence', { cookie: clerk2, json: { status: 'available' } });
    expect((await api(t.url, '/api/live/desk', { cookie: clerk2 })).body.offer).toMatchObject({ citizenName: 'Persona a' });
    await api(t.url, '/api/live/presence', { cookie: clerk2, json: { status: 'away' } });

    const on = await api(t.url, `/api/admin/queues/${queues.OAC}/active`, { cookie: admin, json: { active: true } });
    expect(on.body.active).toBe(true);
    expect((await api(t.url, '/api/tickets', { cookie: clerk, json: contact })).status).toBe(201);
    expect((await audit(queues.OAC)).map((e) => [e.action, e.from_state, e.to_state])).toEqual([
      ['queue.deactivated', 'active', 'inactive'],
      ['queue.reactivated', 'inactive', 'active'],
    ]);
    // Setting what is already so changes nothing and records nothing.
    await api(t.url, `/api/admin/queues/${queues.OAC}/active`, { cookie: admin, json: { active: true } });
    expect(await audit(queues.OAC)).toHaveLength(2);
  });
});
