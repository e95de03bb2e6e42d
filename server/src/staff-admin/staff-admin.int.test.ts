import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  bookFor,
  catalogue,
  connectSocket,
  DEMO,
  disconnected,
  login,
  startTestServer,
  type ClientSocket,
  type TestServer,
} from '@oac/tests/support';

/*
 * Issue 14, the staff accounts against real PostgreSQL: a deactivated account and a reset one are
 * logged out at once (HTTP and socket), the new password works and the old does not, nothing
 * secret reaches the audit trail, and every access rule is tried from the wrong side.
 */

let t: TestServer;
let housing: string;
let oac: string;
let admin: string;
let oacScheduler: string;
let clerk: string;
let citizenToken: string;
const sockets: ClientSocket[] = [];

async function loginStatus(email: string, password: string): Promise<number> {
  return (await api(t.url, '/api/auth/login', { json: { email, password } })).status;
}

async function me(cookie: string): Promise<number> {
  return (await api(t.url, '/api/auth/me', { cookie })).status;
}

async function auditOf(entityId: string, action: string) {
  return t
    .db('audit_events')
    .where({ entity_id: entityId, action })
    .orderBy('id')
    .select('actor_name', 'details', 'from_state', 'to_state');
}

async function create(cookie: string, body: Record<string, unknown>) {
  return api(t.url, '/api/admin/staff', { cookie, json: body });
}

beforeAll(async () => {
  t = await startTestServer();
  const ids = await catalogue(t.db);
  housing = ids.office('habitatge-eixample');
  oac = ids.office('oac-ciutat-vella');
  admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
  oacScheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  citizenToken = (await bookFor(t, 'anna', 24 * 60)).token;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.stop();
});

describe('creating accounts', () => {
  it('gives a new account a password shown once, that logs in, stored only as a hash and never audited', async () => {
    const res = await create(admin, { email: 'Nova.Clerk@OAC.example', name: 'Núria Vila', role: 'clerk', officeId: oac });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { account, password } = res.body;
    expect(account).toMatchObject({ email: 'nova.clerk@oac.example', name: 'Núria Vila', role: 'clerk', officeId: oac, active: true });
    expect(password).toMatch(/^\w{5}(-\w{5}){3}$/);
    const row = await t.db('staff_users').where({ id: account.id }).first('password_hash');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(password);
    expect(await loginStatus('nova.clerk@oac.example', password)).toBe(200);
    const audit = await auditOf(account.id, 'staff.created');
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(password);
    expect(JSON.stringify(audit)).not.toContain('argon2');
  });

  it('refuses an e-mail already taken, whatever its case (email_taken)', async () => {
    const res = await create(admin, { email: 'CLERK@oac.example', name: 'Marta Dos', role: 'clerk', officeId: oac });
    expect([res.status, res.body.error.code]).toEqual([409, 'email_taken']);
    expect(await t.db('staff_users').whereRaw('lower(email) = ?', ['clerk@oac.example']).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('lets a scheduler open clerk and scheduler accounts at their own office, and nothing else', async () => {
    const ok = await create(oacScheduler, { email: 'sched.new@oac.example', name: 'Pol Riu', role: 'scheduler', officeId: oac });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    for (const body of [
      { email: 'x1@oac.example', name: 'Admin Nou', role: 'admin', officeId: null },
      { email: 'x2@oac.example', name: 'Admin Nou', role: 'admin', officeId: oac },
      { email: 'x3@oac.example', name: 'Clerk Lluny', role: 'clerk', officeId: housing },
    ]) {
      const res = await create(oacScheduler, body);
      expect([res.status, res.body.error.code], body.email).toEqual([403, 'forbidden']);
    }
    const noOffice = await create(admin, { email: 'x4@oac.example', name: 'Sense Oficina', role: 'clerk', officeId: null });
    expect([noOffice.status, noOffice.body.error.code]).toEqual([400, 'validation_error']);
    for (const [who, status] of [
      [{ cookie: clerk }, 403],
      [{ token: citizenToken }, 403],
      [{}, 401],
    ] as const) {
      const res = await api(t.url, '/api/admin/staff', {
        ...who,
        json: { email: 'x5@oac.example', name: 'Ningú', role: 'clerk', officeId: oac },
      });
      expect(res.status, JSON.stringify(who)).toBe(status);
    }
    expect(await t.db('staff_users').where('email', 'like', 'x_@oac.example').select('id')).toEqual([]);
  });

  it("lists a scheduler's own office's accounts only, and an admin's every one; a clerk none", async () => {
    const mine = await api(t.url, '/api/admin/staff', { cookie: oacScheduler });
    expect(mine.status).toBe(200);
    expect(mine.body.length).toBeGreaterThan(2);
    expect(new Set(mine.body.map((a: { officeId: string }) => a.officeId))).toEqual(new Set([oac]));
    const all = await api(t.url, '/api/admin/staff', { cookie: admin });
    expect(all.body.some((a: { officeId: string }) => a.officeId === housing)).toBe(true);
    expect(all.body.some((a: { role: string }) => a.role === 'admin')).toBe(true);
    expect(JSON.stringify(all.body)).not.toContain('argon2');
    expect((await api(t.url, '/api/admin/staff', { cookie: clerk })).status).toBe(403);
  });
});

describe('deactivating and resetting', () => {
  it('logs a deactivated account out at once, its socket too, and lets it back in once reactivated', async () => {
    const { account, password } = (await create(admin, { email: 'leaving@oac.example', name: 'Pere Marxa', role: 'clerk', officeId: oac }))
      .body;
    const session = await login(t.url, 'leaving@oac.example', password);
    const socket = await connectSocket(t.url, { cookie: session }, sockets);
    const gone = disconnected(socket);
    const res = await api(t.url, `/api/admin/staff/${account.id}/active`, { cookie: oacScheduler, json: { active: false } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.active).toBe(false);
    expect(await gone).toBe('io server disconnect');
    expect(await me(session)).toBe(401);
    expect(await t.db('sessions').where({ user_id: account.id }).select('token_hash')).toEqual([]);
    expect(await loginStatus('leaving@oac.example', password)).toBe(401);
    const [audit] = await auditOf(account.id, 'staff.deactivated');
    expect([audit!.from_state, audit!.to_state, audit!.details.before]).toEqual(['active', 'inactive', { active: true }]);

    const back = await api(t.url, `/api/admin/staff/${account.id}/active`, { cookie: admin, json: { active: true } });
    expect(back.status).toBe(200);
    expect(await loginStatus('leaving@oac.example', password)).toBe(200);
    expect(await auditOf(account.id, 'staff.reactivated')).toHaveLength(1);
  });

  it('resets a password: the new one works, the old one and every session stop, and it is audited without it', async () => {
    const { account, password: first } = (
      await create(admin, { email: 'forgetful@oac.example', name: 'Anna Oblit', role: 'clerk', officeId: oac })
    ).body;
    const session = await login(t.url, 'forgetful@oac.example', first);
    const res = await api(t.url, `/api/admin/staff/${account.id}/password`, { cookie: oacScheduler, method: 'POST' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { password } = res.body;
    expect(password).not.toBe(first);
    expect(await me(session)).toBe(401);
    expect(await loginStatus('forgetful@oac.example', first)).toBe(401);
    expect(await loginStatus('forgetful@oac.example', password)).toBe(200);
    const audit = await auditOf(account.id, 'staff.password_reset');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toEqual({ sessionsEnded: 1 });
    expect(JSON.stringify(await t.db('audit_events').select('details'))).not.toContain(password);
  });

  it("refuses a scheduler another office's accounts, an admin's, their own deactivation and their own reset", async () => {
    const housingClerk = (await t.db('staff_users').where({ email: DEMO.housingClerk.email }).first('id')).id;
    const adminId = (await t.db('staff_users').where({ email: DEMO.admin.email }).first('id')).id;
    const selfId = (await t.db('staff_users').where({ email: DEMO.scheduler.email }).first('id')).id;
    const tries: [string, unknown][] = [
      [`/api/admin/staff/${housingClerk}/active`, { active: false }],
      [`/api/admin/staff/${housingClerk}/password`, undefined],
      [`/api/admin/staff/${housingClerk}`, { name: 'Jordi Altre' }],
      [`/api/admin/staff/${adminId}/active`, { active: false }],
      [`/api/admin/staff/${adminId}/password`, undefined],
      [`/api/admin/staff/${selfId}/active`, { active: false }],
      [`/api/admin/staff/${selfId}/password`, undefined],
    ];
    for (const [path, json] of tries) {
      const res = await api(t.url, path, { cookie: oacScheduler, method: 'POST', json });
      expect([res.status, res.body.error.code], path).toEqual([403, 'forbidden']);
    }
    expect(await me(oacScheduler)).toBe(200);
    expect(await loginStatus(DEMO.housingClerk.email, DEMO.housingClerk.password)).toBe(200);
    const byClerk = await api(t.url, `/api/admin/staff/${housingClerk}/password`, { cookie: clerk, method: 'POST' });
    expect(byClerk.status).toBe(403);
    expect(await loginStatus(DEMO.housingClerk.email, DEMO.housingClerk.password)).toBe(200);
  });
});

describe('roles and offices', () => {
  it('lets a scheduler make a clerk of their office a scheduler, but never an admin, nor move them elsewhere', async () => {
    const clerk2 = (await t.db('staff_users').where({ email: 'clerk2@oac.example' }).first('id')).id;
    const up = await api(t.url, `/api/admin/staff/${clerk2}`, { cookie: oacScheduler, json: { role: 'scheduler' } });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body).toMatchObject({ role: 'scheduler', officeId: oac });
    const [audit] = await auditOf(clerk2, 'staff.changed');
    expect([audit!.from_state, audit!.to_state, audit!.details.before.role]).toEqual(['clerk', 'scheduler', 'clerk']);
    for (const json of [{ role: 'admin' }, { officeId: housing }, { role: 'admin', officeId: null }]) {
      const res = await api(t.url, `/api/admin/staff/${clerk2}`, { cookie: oacScheduler, json });
      expect([res.status, res.body.error.code], JSON.stringify(json)).toEqual([403, 'forbidden']);
    }
    expect(await t.db('staff_users').where({ id: clerk2 }).first('role', 'office_id')).toEqual({ role: 'scheduler', office_id: oac });
    const moved = await api(t.url, `/api/admin/staff/${clerk2}`, { cookie: admin, json: { role: 'clerk', officeId: housing } });
    expect(moved.body).toMatchObject({ role: 'clerk', officeId: housing });
  });

  it('never lets the last active admin be deactivated or demoted (last_admin), and lets one of two go', async () => {
    const adminId = (await t.db('staff_users').where({ email: DEMO.admin.email }).first('id')).id;
    const off = await api(t.url, `/api/admin/staff/${adminId}/active`, { cookie: admin, json: { active: false } });
    expect([off.status, off.body.error.code]).toEqual([409, 'last_admin']);
    const down = await api(t.url, `/api/admin/staff/${adminId}`, { cookie: admin, json: { role: 'scheduler', officeId: oac } });
    expect([down.status, down.body.error.code]).toEqual([409, 'last_admin']);
    expect(await t.db('staff_users').where({ id: adminId }).first('role', 'active')).toEqual({ role: 'admin', active: true });
    expect(await me(admin)).toBe(200);

    const second = (await create(admin, { email: 'admin2@oac.example', name: 'Segona Admin', role: 'admin', officeId: null })).body;
    const other = await login(t.url, 'admin2@oac.example', second.password);
    const both = await Promise.all([
      api(t.url, `/api/admin/staff/${adminId}/active`, { cookie: other, json: { active: false } }),
      api(t.url, `/api/admin/staff/${second.account.id}/active`, { cookie: admin, json: { active: false } }),
    ]);
    // Each switches the other off at once: exactly one goes through; the other finds itself the last
    // admin (409), or already logged out (401) if it was read after the first committed.
    const statuses = both.map((r) => r.status).sort();
    expect([
      [200, 401],
      [200, 409],
    ]).toContainEqual(statuses);
    expect(await t.db('staff_users').where({ role: 'admin', active: true }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('answers not_found for an account that does not exist', async () => {
    const res = await api(t.url, '/api/admin/staff/00000000-0000-4000-8000-000000000000/active', {
      cookie: oacScheduler,
      json: { active: false },
    });
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });
});
