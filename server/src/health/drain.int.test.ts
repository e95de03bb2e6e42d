import { CallEvent } from '@oac/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ask, bookFor, connectSocket, DEMO, login, startTestServer, type ClientSocket, type TestServer } from '@oac/tests/support';

/*
 * Liveness, readiness and the drain on SIGTERM (issue 17): a stopping node says so on readiness,
 * opens no new call but lets its running ones go on (a rejoin included), and its drain ends as
 * soon as the last call does, or when the grace period runs out.
 */
let t: TestServer;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestServer({ media: true });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t?.stop();
});

const code = (r: Awaited<ReturnType<typeof ask>>) => (r === 'timeout' ? 'timeout' : r.ok ? 'ok' : r.error.code);

describe('liveness, readiness and the drain', () => {
  it('is alive and ready while it works, draining once stopping; running calls go on, new ones go elsewhere', async () => {
    expect(await api(t.url, '/api/health/live')).toMatchObject({ status: 200, body: { status: 'alive' } });
    expect(await api(t.url, '/api/health/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });

    const clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    const running = await bookFor(t, 'anna', 5);
    const other = await bookFor(t, 'pere', 5);
    const clerkSocket = await connectSocket(t.url, { cookie: clerk }, sockets);
    expect(code(await ask(clerkSocket, CallEvent.join, { appointmentId: running.appointment.id }))).toBe('ok');

    let drained: number | null = null;
    const drain = t.server.drain(20_000).then((n) => (drained = n));
    const ready = await api(t.url, '/api/health/ready');
    expect(ready).toMatchObject({ status: 503, body: { status: 'draining' } });
    expect((await api(t.url, '/api/health/live')).status).toBe(200);

    // No new call here: the client is told to try again (elsewhere).
    const fresh = await connectSocket(t.url, { cookie: clerk }, sockets);
    expect(code(await ask(fresh, CallEvent.join, { appointmentId: other.appointment.id }))).toBe('server_draining');
    // The running call takes its citizen in.
    const citizen = await connectSocket(t.url, { token: running.token }, sockets);
    expect(code(await ask(citizen, CallEvent.join, { appointmentId: running.appointment.id }))).toBe('ok');
    await new Promise((r) => setTimeout(r, 600));
    expect(drained).toBeNull();

    // The call ends: the drain is over at once, with nothing left running.
    await ask(citizen, CallEvent.leave, {});
    await ask(clerkSocket, CallEvent.leave, {});
    await drain;
    expect(drained).toBe(0);
  });
});
